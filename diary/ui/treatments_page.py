"""Treatments: iron infusions, venesections, and the medicines and supplements taken."""

from __future__ import annotations

from datetime import time
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from diary import catalog, words
from diary.records import Dose, Infusion, Supplement, Venesection
from diary.store.kinds import Kind
from diary.ui.diary_model import DiaryModel
from diary.ui.input_parse import InputError, format_number, format_time
from diary.ui.widgets.course_summary import CourseSummary
from diary.ui.widgets.date_field import DateField
from diary.ui.widgets.fields import DecimalField, TimeField, add_field
from diary.ui.widgets.record_editor import RecordEditor
from diary.ui.widgets.record_table import Column


def _day(r: object) -> str:
    return words.weekday_short_date(r.date)  # type: ignore[attr-defined]


def _fixed(widget: QWidget) -> QWidget:
    widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return widget


def _read_number(field: DecimalField, name: str, problems: dict[str, str]) -> float | None:
    try:
        return field.value()
    except InputError as exc:
        problems[name] = exc.message
        return None


def _read_time(field: TimeField, problems: dict[str, str]) -> time | None:
    try:
        return field.value()
    except InputError as exc:
        problems["time"] = exc.message
        return None


class InfusionEditor(RecordEditor):
    kind, noun, form_title = Kind.INFUSIONS, "infusion", "Add an iron infusion"

    def __init__(self, model: DiaryModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.course_summary = CourseSummary(model, self)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, self.course_summary)  # under the form, over the table

    def build_form(self, form: QFormLayout) -> None:
        self.date = DateField(self.model.diary.today(), self)
        self.product = QComboBox(self)
        for product in catalog.INFUSION_PRODUCTS:
            self.product.addItem(product.label, product.name)
        self.dose = DecimalField("The dose", self)
        self.dose.fit("00000", 30)
        self.notes = QLineEdit(self)
        self.boxes = {
            "date": add_field(form, "D&ate", self.date),
            "product": add_field(form, "&Product", _fixed(self.product)),
            "dose_mg": add_field(form, "&Dose (mg of iron)", self.dose),
            "notes": add_field(form, "&Notes", self.notes),
        }

    def columns(self) -> list[Column]:
        return [
            Column("Date", _day),
            Column(
                "Product",
                lambda r: catalog.shown_with_generic(
                    r.as_typed, _product_label(catalog.INFUSION_PRODUCTS, r.product)
                ),
            ),
            Column("Dose (mg)", lambda r: format_number(r.dose_mg), numeric=True),
            Column("Notes", lambda r: r.notes),
        ]

    def table_name(self) -> str:
        return "All infusions"

    def records(self) -> list[Infusion]:
        return self.model.diary.infusions()

    def read_form(self) -> tuple[Infusion | None, dict[str, str]]:
        problems: dict[str, str] = {}
        dose = _read_number(self.dose, "dose_mg", problems)
        if dose is None and not problems:
            problems["dose_mg"] = "Type the dose in mg of iron, like 1000"
        if problems:
            return None, problems
        assert dose is not None
        product = str(self.product.currentData())
        # the brand typed earlier stays while the product is unchanged (the store checks)
        typed = self.editing.as_typed if self.editing is not None else ""
        return Infusion(self.date.value(), product, dose, self.notes.text(), as_typed=typed), {}

    def fill_form(self, record: Infusion) -> None:
        self.date.set_value(record.date)
        self.product.setCurrentIndex(max(0, self.product.findData(record.product)))
        self.dose.set_value(record.dose_mg)
        self.notes.setText(record.notes)

    def clear_form(self) -> None:
        self.dose.clear()
        self.notes.clear()


class VenesectionEditor(RecordEditor):
    kind, noun, form_title = Kind.VENESECTIONS, "venesection", "Add a venesection"

    def build_form(self, form: QFormLayout) -> None:
        self.date = DateField(self.model.diary.today(), self)
        self.volume = DecimalField("The volume", self)
        self.volume.fit("00000", 30)
        self.notes = QLineEdit(self)
        self.boxes = {
            "date": add_field(form, "D&ate", self.date),
            "volume_ml": add_field(form, "Vol&ume (ml)", self.volume),
            "notes": add_field(form, "&Notes", self.notes),
        }

    def columns(self) -> list[Column]:
        return [
            Column("Date", _day),
            Column("Volume (ml)", lambda r: format_number(r.volume_ml), numeric=True),
            Column("Notes", lambda r: r.notes),
        ]

    def table_name(self) -> str:
        return "All venesections"

    def records(self) -> list[Venesection]:
        return self.model.diary.venesections()

    def read_form(self) -> tuple[Venesection | None, dict[str, str]]:
        problems: dict[str, str] = {}
        volume = _read_number(self.volume, "volume_ml", problems)
        if problems:
            return None, problems
        return Venesection(self.date.value(), volume, self.notes.text()), {}

    def fill_form(self, record: Venesection) -> None:
        self.date.set_value(record.date)
        self.volume.set_value(record.volume_ml)
        self.notes.setText(record.notes)

    def clear_form(self) -> None:
        self.volume.clear()
        self.notes.clear()


class DoseEditor(RecordEditor):
    kind, noun, form_title = Kind.DOSES, "medicine dose", "Add a medicine dose"

    def build_form(self, form: QFormLayout) -> None:
        self.date = DateField(self.model.diary.today(), self)
        self.medication = QComboBox(self)
        self.medication.setEditable(True)
        self.medication.addItems([m.label for m in catalog.MEDICINES])
        self.amount = DecimalField("The amount", self)
        self.amount.fit("00000.0", 30)
        self.unit = QComboBox(self)
        for unit in catalog.DOSE_UNITS:
            self.unit.addItem(catalog.display_unit(unit), unit)
        self.time = TimeField("The time taken", self)
        self.notes = QLineEdit(self)
        self.boxes = {
            "date": add_field(form, "Night of (D&ate)", self.date),
            "medication": add_field(form, "Medi&cine", _fixed(self.medication)),
            "amount": add_field(form, "A&mount", self.amount),
            "unit": add_field(form, "&Unit", _fixed(self.unit)),
            "time": add_field(form, "T&ime", self.time),
            "notes": add_field(form, "&Notes", self.notes),
        }
        self.medication.currentTextChanged.connect(self._medicine_chosen)
        self._medicine_chosen(self.medication.currentText())

    def _medicine_chosen(self, text: str) -> None:
        known = catalog.medicine(text)
        if known is not None:
            self.unit.setCurrentIndex(max(0, self.unit.findData(known.usual_unit)))

    def columns(self) -> list[Column]:
        return [
            Column("Night of", _day),
            Column(
                "Medicine",
                lambda r: catalog.shown_with_generic(r.as_typed, _medicine_label(r.medication)),
            ),
            Column("Amount", lambda r: format_number(r.amount), numeric=True),
            Column("Unit", lambda r: catalog.display_unit(r.unit)),
            Column("Time", lambda r: format_time(r.time)),
            Column("Notes", lambda r: r.notes),
        ]

    def table_name(self) -> str:
        return "All medicine doses"

    def records(self) -> list[Dose]:
        return self.model.diary.doses()

    def read_form(self) -> tuple[Dose | None, dict[str, str]]:
        problems: dict[str, str] = {}
        amount = _read_number(self.amount, "amount", problems)
        taken = _read_time(self.time, problems)
        if problems:
            return None, problems
        return (
            Dose(
                self.date.value(),
                self.medication.currentText(),
                amount if amount is not None else 0.0,
                str(self.unit.currentData()),
                taken,
                self.notes.text(),
            ),
            {},
        )

    def fill_form(self, record: Dose) -> None:
        self.date.set_value(record.date)
        self.medication.setCurrentText(record.as_typed or _medicine_label(record.medication))
        self.amount.set_value(record.amount)
        self.unit.setCurrentIndex(max(0, self.unit.findData(record.unit)))
        self.time.set_value(record.time)
        self.notes.setText(record.notes)

    def clear_form(self) -> None:
        self.amount.clear()
        self.notes.clear()


class SupplementEditor(RecordEditor):
    kind, noun, form_title = Kind.SUPPLEMENTS, "supplement", "Add a supplement"

    def build_form(self, form: QFormLayout) -> None:
        self.date = DateField(self.model.diary.today(), self)
        self.product = QComboBox(self)
        for product in catalog.SUPPLEMENTS:
            self.product.addItem(product.label, product.name)
        self.amount = DecimalField("The amount", self)
        self.amount.fit("00000.0", 30)
        self.time = TimeField("The time taken", self)
        self.notes = QLineEdit(self)
        self.boxes = {
            "date": add_field(form, "Night of (D&ate)", self.date),
            "product": add_field(form, "Supp&lement", _fixed(self.product)),
            "amount_mg": add_field(form, "A&mount (mg)", self.amount),
            "time": add_field(form, "T&ime", self.time),
            "notes": add_field(form, "&Notes", self.notes),
        }

    def columns(self) -> list[Column]:
        return [
            Column("Night of", _day),
            Column("Supplement", lambda r: _product_label(catalog.SUPPLEMENTS, r.product)),
            Column("Amount (mg)", lambda r: format_number(r.amount_mg), numeric=True),
            Column("Iron (mg)", lambda r: format_number(r.elemental_iron_mg), numeric=True),
            Column("Time", lambda r: format_time(r.time)),
            Column("Notes", lambda r: r.notes),
        ]

    def table_name(self) -> str:
        return "All supplements"

    def records(self) -> list[Supplement]:
        return self.model.diary.supplements()

    def read_form(self) -> tuple[Supplement | None, dict[str, str]]:
        problems: dict[str, str] = {}
        amount = _read_number(self.amount, "amount_mg", problems)
        taken = _read_time(self.time, problems)
        if problems:
            return None, problems
        product = str(self.product.currentData())
        amount_mg = amount if amount is not None else 0.0
        return Supplement(self.date.value(), product, amount_mg, taken, notes=self.notes.text()), {}

    def fill_form(self, record: Supplement) -> None:
        self.date.set_value(record.date)
        self.product.setCurrentIndex(max(0, self.product.findData(record.product)))
        self.amount.set_value(record.amount_mg)
        self.time.set_value(record.time)
        self.notes.setText(record.notes)

    def clear_form(self) -> None:
        self.amount.clear()
        self.notes.clear()


def _product_label(products: tuple[Any, ...], name: str) -> str:
    return next((p.label for p in products if p.name == name), name)


def _medicine_label(name: str) -> str:
    known = catalog.medicine(name)
    return known.label if known else name


class TreatmentsPage(QWidget):
    """Tabs for infusions, venesections, medicines and supplements, each a form and a table."""

    TITLE = "Treatments"

    def __init__(self, model: DiaryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.infusions = InfusionEditor(model, self)
        self.venesections = VenesectionEditor(model, self)
        self.doses = DoseEditor(model, self)
        self.supplements = SupplementEditor(model, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.infusions, "&Infusions")
        self.tabs.addTab(self.venesections, "&Venesections")
        self.tabs.addTab(self.doses, "&Medicines")
        self.tabs.addTab(self.supplements, "&Supplements")
        note = QLabel(
            "Medicines and supplements are logged with each night; here you can see and "
            "correct all of them. Changes are stored at once.",
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
