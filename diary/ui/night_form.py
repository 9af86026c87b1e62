"""Building the night form: its fields, the date row, the intake, Save, and the Tab order."""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from diary import words
from diary.night_dates import night_span
from diary.ui.input_parse import parse_hours
from diary.ui.night_page_base import NightPageBase
from diary.ui.widgets.date_field import DateField
from diary.ui.widgets.fields import FieldBox, StepField, add_field
from diary.ui.widgets.intake_editor import IntakeEditor
from diary.ui.widgets.severity import SeverityPicker
from diary.ui.widgets.sleep_details import SleepDetailsForm
from diary.ui.widgets.tags_field import TagsField


def no_such_night_yet(typed: date, latest: date) -> str:
    return (
        f"There is no night of {words.day_month_year(typed)} to log yet: the newest night "
        f"you can log is this evening's ({night_span(latest, latest)})."
    )


class NightForm(NightPageBase):
    """Builds the night page's widgets; their sizes follow the text size."""

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.mode = QLabel(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.hide()
        self.missed = QLabel(self)
        self.catch_up = QPushButton(self)
        self.catch_up.clicked.connect(self._go_to_oldest_missed)
        missed_row = QHBoxLayout()
        missed_row.addWidget(self.missed)
        missed_row.addWidget(self.catch_up)
        missed_row.addStretch(1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # At large text a field too wide to sit beside its label goes under it (no sideways
        # scrolling at 200 %).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.date = DateField(self._today(), self, too_late=no_such_night_yet)
        self.date.dateChanged.connect(self._date_chosen)
        self.previous_night = QToolButton(self)
        self.previous_night.setText("◀ Previous night")
        self.previous_night.setToolTip("The night before (PgUp)")
        self.previous_night.clicked.connect(self.previous)
        self.next_night = QToolButton(self)
        self.next_night.setText("Next night ▶")
        self.next_night.setToolTip("The night after (PgDn)")
        self.next_night.clicked.connect(self.next)
        for button in (self.previous_night, self.next_night):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # PgUp / PgDn from the keyboard
        for key, slot in ((Qt.Key.Key_PageUp, self.previous), (Qt.Key.Key_PageDown, self.next)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.severity = SeverityPicker(self)
        self.severity.refused.connect(self._severity_refused)
        self.severity.changed.connect(self._severity_changed)
        self.sleep = StepField("Sleep hours", 0.25, 0, 24, 7.0, self, parse=parse_hours)
        self.sleep.setToolTip("Hours asleep: 7.5, or hours and minutes like 7:30 or 7h30")
        self.details_button = QToolButton(self)
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setText("Sleep &details")
        self.details_button.setAccessibleName("Sleep details")
        self.details_button.toggled.connect(self._toggle_details)
        self.tags = TagsField(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.for_doctor = QCheckBox("For my &doctor", self)
        self.for_doctor.setAccessibleName("For my doctor")
        self.for_doctor.setToolTip("Mark this night to show it in the report for your doctor")

        date_row = QWidget(self)
        date_layout = QHBoxLayout(date_row)
        date_layout.setContentsMargins(0, 0, 0, 0)
        date_layout.addWidget(self.date)
        date_layout.addWidget(self.previous_night)
        date_layout.addWidget(self.next_night)
        date_layout.addStretch(1)
        self.boxes: dict[str, FieldBox] = {
            "date": add_field(form, "D&ate", self.date, date_row),
            "rls_severity": add_field(form, "RLS &severity", self.severity),
            "sleep_hours": add_field(form, "Sleep &hours", self.sleep),
        }
        form.addRow("", self.details_button)
        self.details = SleepDetailsForm(form, self)
        self.boxes.update(self.details.boxes)
        self.boxes["tags"] = add_field(form, "&Tags", self.tags)
        self.tags.edit.setAccessibleName("Tags")
        self.tags.setAccessibleName("")  # the line inside carries the name
        self.boxes["notes"] = add_field(form, "&Notes", self.notes)
        form.addRow("", self.for_doctor)

        self.intake = IntakeEditor(self)
        self.intake.edited.connect(self._intake_edited)
        intake_box = QGroupBox("Medicines and supplements taken this night", self)
        QVBoxLayout(intake_box).addWidget(self.intake)

        self.save_button = QPushButton("Save night  (Ctrl+Return)", self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self.unsaved_label = QLabel(self)
        self.unsaved_label.setAccessibleName("Unsaved changes")
        self.unsaved_label.setTextFormat(Qt.TextFormat.RichText)
        self.unsaved_label.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unsaved_label)
        buttons.addWidget(self.save_button)

        content = QWidget(self)
        column = QVBoxLayout(content)
        column.addWidget(self.heading)
        column.addWidget(self.mode)
        column.addWidget(self.status)
        column.addLayout(missed_row)
        column.addLayout(form)
        column.addWidget(intake_box)
        column.addLayout(buttons)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._apply_fonts()
        self._chain_tabs()

    def _apply_fonts(self) -> None:
        """Sizes that follow the text size (set again when the application font changes)."""
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 4 + 16)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()

    def _chain_tabs(self) -> None:
        chain = [
            self.date,
            self.severity,
            self.sleep,
            self.details_button,
            self.details.bedtime,
            self.details.latency,
            self.details.awakenings,
            self.details.wake_time,
            self.details.quality,
            self.details.onset,
            self.tags.edit,
            self.notes,
            self.for_doctor,
            self.intake.first_focus(),
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.intake.last_focus(), self.save_button)

    # -- what the fields say --------------------------------------------------------------

    def _severity_refused(self, message: str) -> None:
        self.boxes["rls_severity"].show_error(message)

    def _severity_changed(self, _value: object) -> None:
        self.boxes["rls_severity"].clear_error()

    def _toggle_details(self, shown: bool) -> None:
        self.details.set_shown(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _intake_edited(self) -> None:
        self._intake_touched = True
