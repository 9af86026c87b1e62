"""The medicines and supplements taken on one night: a list of editable, removable rows."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diary import catalog
from diary.errors import Problem, ValidationError
from diary.records import Dose, Supplement
from diary.store.validation import normalise_dose, normalise_supplement
from diary.ui.input_parse import InputError
from diary.ui.widgets.fields import (
    DecimalField,
    TimeField,
    bold_text,
    error_color,
    mark_invalid,
    set_text_color,
)

_COLUMNS = 6  # kind, name, amount, unit, time, remove


class IntakeRow:
    """One dose or supplement: its widgets in the editor's grid, read back as a record."""

    def __init__(self, editor: IntakeEditor, record: Dose | Supplement) -> None:
        self.record = record
        self.is_dose = isinstance(record, Dose)
        kind = "Medicine" if self.is_dose else "Supplement"
        self.kind = QLabel(kind, editor)
        self.name = QComboBox(editor)
        self.name.setAccessibleName(kind)
        # As wide as a typical name, not the catalogue's longest (its list still opens as wide
        # as its longest): at 200 % text that one pushed the night page wider than a
        # 1024-pixel window. The name's column takes the room there is.
        self.name.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.name.setMinimumContentsLength(10)
        self.amount = DecimalField("The amount", editor)
        self.amount.setAccessibleName("Amount")
        self.amount.fit("00000.0", 24)
        self.unit = QComboBox(editor)
        self.unit.setAccessibleName("Unit")
        self.time = TimeField("The time taken", editor)
        self.time.setAccessibleName("Time")
        self.remove = QPushButton("Remove", editor)
        # "OxyContin → oxycodone": the generic a typed brand is stored and analysed as
        self.generic = QLabel(editor)
        self.generic.hide()
        self.error = QLabel(editor)
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.error.hide()
        if self.is_dose:
            assert isinstance(record, Dose)
            self.name.setEditable(True)
            self.name.addItems([m.label for m in catalog.MEDICINES])
            known = catalog.medicine(record.medication)
            shown = known.label if known else record.medication
            self.name.setCurrentText(record.as_typed or shown)
            for unit in catalog.DOSE_UNITS:
                self.unit.addItem(catalog.display_unit(unit), unit)
            self.unit.setCurrentIndex(max(0, self.unit.findData(record.unit)))
            self.amount.set_value(record.amount or None)
            self.name.currentTextChanged.connect(self._medicine_chosen)
            self._show_generic(self.name.currentText())
        else:
            assert isinstance(record, Supplement)
            for product in catalog.SUPPLEMENTS:
                self.name.addItem(product.label, product.name)
            self.name.setCurrentIndex(max(0, self.name.findData(record.product)))
            self.unit.addItem("mg", "mg")
            self.unit.setEnabled(False)
            self.amount.set_value(record.amount_mg or None)
        self.time.set_value(record.time)
        self.remove.setAccessibleName(f"Remove {self.name.currentText()}")

    def widgets(self) -> list[QWidget]:
        return [self.kind, self.name, self.amount, self.unit, self.time, self.remove]

    def _medicine_chosen(self, text: str) -> None:
        known = catalog.medicine(text)
        if known is not None:
            self.unit.setCurrentIndex(max(0, self.unit.findData(known.usual_unit)))
        self.remove.setAccessibleName(f"Remove {text}")
        self._show_generic(text)

    def _show_generic(self, text: str) -> None:
        generic, typed = catalog.stored_medicine(text)
        known = catalog.medicine(generic) if typed else None
        hint = catalog.shown_with_generic(typed, known.label) if known else ""
        self.generic.setText(hint)
        self.generic.setVisible(bool(hint))
        self.name.setAccessibleDescription(f"Stored as {known.label.lower()}" if known else "")

    def read(self, day: date, today: date) -> Dose | Supplement:
        """The row as a checked record; ValidationError names the fields at fault."""
        problems: list[Problem] = []
        amount = time_taken = None
        try:
            amount = self.amount.value()
        except InputError as exc:
            problems.append(Problem("amount", exc.message))
        try:
            time_taken = self.time.value()
        except InputError as exc:
            problems.append(Problem("time", exc.message))
        if problems:
            raise ValidationError(problems)
        if isinstance(self.record, Dose):
            dose = replace(
                self.record,
                date=day,
                medication=self.name.currentText(),
                as_typed="",  # what the box shows is what was typed: the store derives it
                amount=amount if amount is not None else 0.0,
                unit=str(self.unit.currentData()),
                time=time_taken,
                id=None,
            )
            return normalise_dose(dose, today)
        product = str(self.name.currentData())
        old = self.record
        known = catalog.supplement(product)
        # A hand-entered elemental iron amount (for salts without a fixed fraction) stays
        # only while the product and amount are unchanged; otherwise the store derives it.
        keep_iron = (
            product == old.product
            and amount == old.amount_mg
            and known is not None
            and known.elemental_fraction is None
        )
        sup = replace(
            old,
            date=day,
            product=product,
            amount_mg=amount if amount is not None else 0.0,
            time=time_taken,
            elemental_iron_mg=old.elemental_iron_mg if keep_iron else None,
            id=None,
        )
        return normalise_supplement(sup, today)

    def show_problems(self, problems: list[Problem]) -> None:
        fields = {p.field for p in problems}
        marks = {
            self.name: bool(fields & {"medication", "product"}),
            self.amount: bool(fields & {"amount", "amount_mg", "elemental_iron_mg"}),
            self.unit: "unit" in fields,
            self.time: "time" in fields,
        }
        color = error_color(self.error)
        for widget, bad in marks.items():
            mark_invalid(widget, bad)
        text = "; ".join(p.message for p in problems)
        self.error.setText(bold_text(f"⚠ {self.name.currentText() or 'This row'}: {text}"))
        self.error.setAccessibleDescription(text)
        set_text_color(self.error, color)
        self.error.show()

    def clear_problems(self) -> None:
        for widget in (self.name, self.amount, self.unit, self.time):
            mark_invalid(widget, False)
        self.error.hide()


class IntakeEditor(QWidget):
    """Rows of medicines and supplements with 'Add medicine' and 'Add supplement'."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[IntakeRow] = []
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(6)
        self._grid.setColumnStretch(1, 1)
        self._empty = QLabel("Nothing taken this night.", self)
        self.add_medicine = QPushButton("Add &medicine", self)
        self.add_supplement = QPushButton("Add s&upplement", self)
        self.add_medicine.clicked.connect(self._add_medicine)
        self.add_supplement.clicked.connect(self._add_supplement)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_medicine)
        buttons.addWidget(self.add_supplement)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._empty)
        layout.addLayout(self._grid)
        layout.addLayout(buttons)

    def set_intake(self, doses: list[Dose], supplements: list[Supplement]) -> None:
        for row in self.rows:
            for widget in [*row.widgets(), row.generic, row.error]:
                widget.hide()
                widget.deleteLater()
        self.rows = []
        records: list[Dose | Supplement] = [*doses, *supplements]
        for record in records:
            self._append(record)
        self._relayout()

    def _add_medicine(self) -> None:
        self._add_new(Dose(date.min, "", 0.0, "mg"))

    def _add_supplement(self) -> None:
        self._add_new(Supplement(date.min, catalog.SUPPLEMENTS[0].name, 0.0))

    def _add_new(self, record: Dose | Supplement) -> None:
        row = self._append(record)
        self._relayout()
        row.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()

    def _append(self, record: Dose | Supplement) -> IntakeRow:
        row = IntakeRow(self, record)
        row.remove.clicked.connect(lambda: self._remove(row))
        self.rows.append(row)
        return row

    def _remove(self, row: IntakeRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        for widget in [*row.widgets(), row.generic, row.error]:
            widget.hide()
            widget.deleteLater()
        self._relayout()
        following = self.rows[min(index, len(self.rows) - 1)] if self.rows else None
        (following.remove if following else self.add_medicine).setFocus()
        self.edited.emit()

    def _relayout(self) -> None:
        for i, row in enumerate(self.rows):
            for col, widget in enumerate(row.widgets()):
                self._grid.addWidget(widget, 3 * i, col)
                widget.show()  # now, not when the layout gets round to it: focus may follow
            self._grid.addWidget(row.generic, 3 * i + 1, 1, 1, _COLUMNS - 1)
            row.generic.setVisible(bool(row.generic.text()))
            self._grid.addWidget(row.error, 3 * i + 2, 1, 1, _COLUMNS - 1)
        self._empty.setVisible(not self.rows)
        chain = [w for row in self.rows for w in row.widgets()[1:]]
        chain += [self.add_medicine, self.add_supplement]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def first_focus(self) -> QWidget:
        return self.rows[0].name if self.rows else self.add_medicine

    def last_focus(self) -> QWidget:
        return self.add_supplement

    def read(self, day: date, today: date) -> tuple[list[Dose], list[Supplement]]:
        """Every row as a checked record; shows each row's problems and raises if any."""
        doses: list[Dose] = []
        sups: list[Supplement] = []
        failed = False
        for row in self.rows:
            row.clear_problems()
            try:
                record = row.read(day, today)
            except ValidationError as exc:
                row.show_problems([p for p in exc.problems if p.field != "date"])
                failed = True
                continue
            (doses if isinstance(record, Dose) else sups).append(record)  # type: ignore[arg-type]
        if failed:
            raise ValidationError([Problem("intake", "a medicine or supplement needs correcting")])
        return doses, sups
