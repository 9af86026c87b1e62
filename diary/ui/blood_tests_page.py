"""Blood tests: add a result in the unit on the lab's report, see it converted, and edit any."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from diary import catalog, words
from diary.records import LabResult
from diary.store.kinds import Kind
from diary.ui.diary_model import DiaryModel
from diary.ui.input_parse import InputError, format_number, parse_measured
from diary.ui.lab_text import (
    INFLAMMATION_NOTE,
    conversion_text,
    inflamed_days,
    possibly_inflamed,
    readable,
)
from diary.ui.widgets.date_field import DateField
from diary.ui.widgets.fields import DecimalField, add_field
from diary.ui.widgets.record_editor import RecordEditor
from diary.ui.widgets.record_table import Column

FASTING = ("Not recorded", "Yes", "No")
INFLAMMATION_LABEL = "Inflammation at the time"
INFLAMMATION_HINT = "An infection, injury or flare-up around the day of the test."


def _label(test_name: str) -> str:
    test = catalog.lab_test(test_name)
    return test.label if test else test_name


def _result_text(lab: LabResult) -> str:
    return f"{lab.value_limit}{format_number(lab.value)} {catalog.display_unit(lab.unit)}"


def _fasting_text(fasting: bool | None) -> str:
    return "" if fasting is None else ("fasting" if fasting else "not fasting")


class BloodTestsPage(RecordEditor):
    """The blood-test form and the table of every result."""

    TITLE = "Blood tests"
    kind = Kind.LABS
    noun = "result"
    form_title = "Add a blood test result"

    def __init__(self, model: DiaryModel, parent: QWidget | None = None) -> None:
        self._inflamed: set[date] = set()
        super().__init__(model, parent)

    def build_form(self, form: QFormLayout) -> None:
        self.date = DateField(self.model.diary.today(), self)
        self.test = QComboBox(self)
        for test in catalog.LAB_TESTS:
            self.test.addItem(test.label, test.name)
        self.test.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.value = DecimalField("The value", self)
        self.value.fit("000000.00", 30)
        self.unit = QComboBox(self)
        self.unit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.conversion = QLabel(self)
        self.conversion.setAccessibleName("Conversion")
        self.fasting = QComboBox(self)
        self.fasting.addItems(FASTING)
        self.fasting.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.lab_name = QLineEdit(self)
        self.inflammation = QCheckBox(INFLAMMATION_LABEL, self)
        self.inflammation.setAccessibleName(INFLAMMATION_LABEL)
        self.inflammation.setAccessibleDescription(INFLAMMATION_HINT)
        self.inflammation.setToolTip(INFLAMMATION_HINT)
        # The explanation wraps under the box, so the row never forces sideways scrolling.
        hint = QLabel(INFLAMMATION_HINT, self)
        hint.setWordWrap(True)
        inflammation_row = QWidget(self)
        column = QVBoxLayout(inflammation_row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.inflammation)
        column.addWidget(hint)
        self.notes = QLineEdit(self)
        self.boxes = {
            "date": add_field(form, "D&ate", self.date),
            "test": add_field(form, "&Test", self.test),
            "value": add_field(form, "&Value", self.value),
            "unit": add_field(form, "&Unit", self.unit),
        }
        form.addRow("", self.conversion)
        self.boxes["fasting"] = add_field(form, "&Fasting", self.fasting)
        self.boxes["lab"] = add_field(form, "&Lab", self.lab_name)
        form.addRow("", inflammation_row)
        self.boxes["notes"] = add_field(form, "&Notes", self.notes)
        self.test.currentIndexChanged.connect(self._test_chosen)
        self.value.textChanged.connect(self._show_conversion)
        self.unit.currentIndexChanged.connect(self._show_conversion)
        self._test_chosen()

    def columns(self) -> list[Column]:
        return [
            Column("Date", lambda r: words.weekday_short_date(r.date)),
            Column("Test", lambda r: _label(r.test)),
            # As on the lab's report: the value with its unit ("<5 mg/L").
            Column("Result", _result_text, numeric=True),
            Column("In chart units", self._canonical_text, numeric=True),
            Column("Lab", lambda r: r.lab_name),
            Column("Notes", self._notes_text),  # fasting, inflammation and the notes typed
        ]

    def table_name(self) -> str:
        return "All blood test results"

    def records(self) -> list[LabResult]:
        labs = self.model.diary.labs()
        self._inflamed = inflamed_days(labs)
        names = sorted({lab.lab_name for lab in labs if lab.lab_name})
        self.lab_name.setCompleter(QCompleter(names, self.lab_name))
        return labs

    def describe(self, record: LabResult) -> str:
        return f"{_label(record.test).lower()} result of {words.day_month_year(record.date)}"

    def _canonical_text(self, lab: LabResult) -> str:
        test = catalog.lab_test(lab.test)
        if test is None or lab.canonical_value is None:
            return ""
        unit = catalog.display_unit(test.canonical_unit)
        return f"{lab.value_limit}{readable(lab.canonical_value)} {unit}"

    def _notes_text(self, lab: LabResult) -> str:
        parts = [_fasting_text(lab.fasting)]
        if possibly_inflamed(lab, self._inflamed):
            parts.append(INFLAMMATION_NOTE)
        return "; ".join(p for p in [*parts, lab.notes] if p)

    # -- the form ------------------------------------------------------------------------

    def _usual_unit(self, test: catalog.LabTest) -> str:
        """The unit this diary last used for the test, else the test's canonical unit."""
        earlier = self.model.diary.labs(test.name)
        return earlier[-1].unit if earlier else test.canonical_unit

    def _test_chosen(self) -> None:
        test = catalog.lab_test(str(self.test.currentData()))
        assert test is not None
        self.unit.blockSignals(True)
        self.unit.clear()
        for unit in test.units:
            self.unit.addItem(catalog.display_unit(unit), unit)
        self.unit.setCurrentIndex(max(0, self.unit.findData(self._usual_unit(test))))
        self.unit.blockSignals(False)
        self._show_conversion()

    def _show_conversion(self) -> None:
        try:
            _limit, value = parse_measured(self.value.text(), "The value")
        except InputError:
            value = None
        test = catalog.lab_test(str(self.test.currentData()))
        unit = str(self.unit.currentData())
        same = test is not None and unit == test.canonical_unit
        self.conversion.setText(
            "" if same else conversion_text(self.test.currentData(), value, unit)
        )

    def read_form(self) -> tuple[LabResult | None, dict[str, str]]:
        try:
            limit, value = parse_measured(self.value.text(), "The value")
        except InputError as exc:
            return None, {"value": exc.message}
        if value is None:
            return None, {"value": "Type the value from the lab report, like 45"}
        fasting = {1: True, 2: False}.get(self.fasting.currentIndex())
        return (
            LabResult(
                date=self.date.value(),
                test=str(self.test.currentData()),
                value=value,
                value_limit=limit,
                unit=str(self.unit.currentData()),
                fasting=fasting,
                lab_name=self.lab_name.text(),
                inflammation=self.inflammation.isChecked(),
                notes=self.notes.text(),
            ),
            {},
        )

    def fill_form(self, record: LabResult) -> None:
        self.date.set_value(record.date)
        self.test.setCurrentIndex(max(0, self.test.findData(record.test)))
        self.unit.setCurrentIndex(max(0, self.unit.findData(record.unit)))
        self.value.setText(record.value_limit + format_number(record.value))
        self.fasting.setCurrentIndex(0 if record.fasting is None else 1 if record.fasting else 2)
        self.lab_name.setText(record.lab_name)
        self.inflammation.setChecked(record.inflammation)
        self.notes.setText(record.notes)

    def clear_form(self) -> None:
        """Keep date, test and lab: results usually come several from one report."""
        self.value.clear()
        self.notes.clear()
        self.inflammation.setChecked(False)
        self._test_chosen()
