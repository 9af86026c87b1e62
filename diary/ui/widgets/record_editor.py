"""A form to add or edit one kind of record, above a table of all of them.

Every change is stored at once through the DiaryModel. Subclasses describe the form
(`build_form`), how to read it (`read_form`), fill it (`fill_form`) and list records.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diary import words
from diary.errors import KnownError, ValidationError
from diary.store.kinds import Changed, Kind
from diary.ui.diary_model import DiaryModel
from diary.ui.widgets.date_field import DateField
from diary.ui.widgets.fields import FieldBox, show_message
from diary.ui.widgets.record_table import Column, RecordTable, RecordTableModel


class RecordEditor(QWidget):
    said = Signal(str)  # what the page told the user (the window repeats it in its status bar)
    kind = Kind.LABS  # the kind of record edited (each page sets its own)
    noun = "record"  # in messages: "Added the blood test result."
    form_title = "Add a record"

    def __init__(self, model: DiaryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.editing: Any = None
        self.boxes: dict[str, FieldBox] = {}
        self.group = QGroupBox(self.form_title, self)
        form = QFormLayout(self.group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.build_form(form)
        self.save_button = QPushButton(f"Add {self.noun}", self)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Cancel editing", self)
        self.cancel_button.clicked.connect(self.stop_editing)
        self.cancel_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.group)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.hide()
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.clicked.connect(self._undo)
        self.undo_button.hide()
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.undo_button)

        self.table_model = RecordTableModel(self.columns(), self)
        self.table = RecordTable(self.table_model, self)
        self.table.setAccessibleName(self.table_name())
        self.table.edit_requested.connect(self.edit_selected)
        self.table.delete_requested.connect(self.delete_selected)
        self.edit_button = QPushButton("&Edit selected", self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete selected", self)
        self.delete_button.clicked.connect(self.delete_selected)
        table_buttons = QHBoxLayout()
        table_buttons.addWidget(QLabel(self.table_name(), self))
        table_buttons.addStretch(1)
        table_buttons.addWidget(self.edit_button)
        table_buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.group)
        layout.addLayout(status_row)
        layout.addLayout(table_buttons)
        layout.addWidget(self.table, 1)
        model.changed.connect(self._diary_changed)
        self.refresh()

    def focus_first(self) -> None:
        """The page opens on its first field (the date), ready to type."""
        first = next(iter(self.boxes.values()), None)
        if first is not None:
            first.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- to be described by each kind ----------------------------------------------------

    def build_form(self, form: QFormLayout) -> None:
        raise NotImplementedError

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def table_name(self) -> str:
        raise NotImplementedError

    def records(self) -> list[Any]:
        raise NotImplementedError

    def read_form(self) -> tuple[Any, dict[str, str]]:
        """The record as typed (None when a field cannot be read) and a message per field."""
        raise NotImplementedError

    def fill_form(self, record: Any) -> None:
        raise NotImplementedError

    def clear_form(self) -> None:
        raise NotImplementedError

    def describe(self, record: Any) -> str:
        return f"{self.noun} of {words.day_month_year(record.date)}"

    # -- behaviour -----------------------------------------------------------------------

    def refresh(self) -> None:
        records = sorted(self.records(), key=lambda r: r.date, reverse=True)
        self.table_model.set_records(records)

    def _diary_changed(self, changed: Changed) -> None:
        if changed.touches(self.kind):
            self.refresh()

    def say(self, text: str, good: bool, undo: bool = False) -> None:
        self.said.emit(text)
        show_message(self.status, text, good)
        self.status.show()
        self.undo_button.setVisible(undo)

    def _clear_problems(self) -> None:
        for box in self.boxes.values():
            box.clear_error()
        self.status.hide()
        self.undo_button.hide()

    def show_problems(self, problems: dict[str, str]) -> None:
        unplaced = [m for f, m in problems.items() if f not in self.boxes]
        for field, message in problems.items():
            if field in self.boxes:
                self.boxes[field].show_error(message)
        first = next((self.boxes[f] for f in self.boxes if f in problems), None)
        if first is not None:
            first.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.say(" ".join(["Nothing was saved. Please correct what is marked.", *unplaced]), False)

    def save(self) -> Any:
        """Add the typed record (or save the one being edited); problems go to their fields."""
        self._clear_problems()
        dates = {
            k: b.field.problem() for k, b in self.boxes.items() if isinstance(b.field, DateField)
        }
        if any(dates.values()):  # a typed date not taken: the form holds another one
            self.show_problems({k: p for k, p in dates.items() if p})
            return None
        record, problems = self.read_form()
        if record is None or problems:
            self.show_problems(problems)
            return None
        try:
            if self.editing is not None:
                saved = self.model.update(replace(record, id=self.editing.id))
                done = f"✓ Saved the changes to the {self.describe(saved)}."
            else:
                saved = self.model.add(record)
                done = f"✓ Added the {self.describe(saved)}."
        except ValidationError as exc:
            self.show_problems({p.field: p.message for p in exc.problems})
            return None
        except KnownError as exc:
            self.say(str(exc), good=False)
            return None
        self.stop_editing()
        self.say(done, good=True)
        return saved

    def edit_selected(self) -> None:
        record = self.table.selected()
        if record is None:
            self.say("Choose a row in the table first.", good=False)
            return
        self._clear_problems()
        self.editing = record
        self.fill_form(record)
        self.group.setTitle(f"Edit the {self.describe(record)}")
        self.save_button.setText("Save changes")
        self.cancel_button.show()
        focus = next(iter(self.boxes.values()), None)
        if focus is not None:
            focus.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop_editing(self) -> None:
        self.editing = None
        self.clear_form()
        for box in self.boxes.values():
            box.clear_error()
        self.group.setTitle(self.form_title)
        self.save_button.setText(f"Add {self.noun}")
        self.cancel_button.hide()

    def delete_selected(self) -> None:
        record = self.table.selected()
        if record is None:
            self.say("Choose a row in the table first.", good=False)
            return
        try:
            self.model.delete(record)
        except KnownError as exc:
            self.say(str(exc), good=False)
            return
        if self.editing is not None and self.editing.id == record.id:
            self.stop_editing()
        self.say(f"Deleted the {self.describe(record)}.", good=True, undo=True)

    def _undo(self) -> None:
        try:
            self.model.undo()
        except KnownError as exc:
            self.say(str(exc), good=False, undo=True)  # still undoable: try again later
            return
        self.status.hide()
        self.undo_button.hide()
