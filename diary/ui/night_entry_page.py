"""Log or edit one night: severity, sleep, details, tags, notes and the night's intake.

Choosing a date that already has a night opens that night for editing; choosing an empty
date starts a new night (what was typed for a new night is kept; the intake is pre-filled
with the usual list set on the Profile page, else from the newest night logged before it).
Which night is offered, and the order in which missed nights are caught up, is defined in
`diary.ui.night_dates`.
"""

from __future__ import annotations

import bisect
import itertools
from datetime import date, timedelta

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
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
from diary.errors import KnownError, ValidationError
from diary.records import Night
from diary.store.kinds import Changed, Kind
from diary.store.validation import normalise_night
from diary.ui.dialogs.ask import Ask
from diary.ui.diary_model import DiaryModel
from diary.ui.input_parse import InputError, parse_hours
from diary.ui.night_dates import (
    default_night,
    missed_nights,
    next_after_save,
    night_label,
    night_span,
)
from diary.ui.night_form_watch import FormWatch
from diary.ui.widgets.fields import (
    DateField,
    FieldBox,
    StepField,
    add_field,
    bold_text,
    error_color,
    ok_color,
    set_text_color,
)
from diary.ui.widgets.intake_editor import IntakeEditor
from diary.ui.widgets.severity import SeverityPicker
from diary.ui.widgets.sleep_details import SleepDetails, SleepDetailsForm
from diary.ui.widgets.tags_field import TagsField


class NightEntryPage(QWidget):
    """The night form. `open_night(day)` shows a saved night for editing.

    An edit not yet saved is marked on the page (and `unsaved_changed` tells the window);
    moving to another night that would replace it asks Save / Discard / Cancel.
    """

    TITLE = "Log a night"
    unsaved_changed = Signal(bool)

    def __init__(
        self, model: DiaryModel, parent: QWidget | None = None, ask: Ask | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.ask = ask or Ask()
        self.editing: date | None = None  # the saved night shown, if any
        self.shown_day: date | None = None  # the night the form is about
        self._unsaved = False
        self._showing = False
        self._intake_touched = False
        self._loading = False
        self._focused_once = False
        self._dates: list[date] | None = None
        self._saving = False
        self._build()
        self._watch = FormWatch(self, self._update_unsaved)
        model.changed.connect(self._diary_changed)
        self._refresh_hints()
        self.show_night(default_night(self._today(), set(self._logged())))

    # -- building ------------------------------------------------------------------------

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
        self.date = DateField(self._today(), self)
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

    # -- reading the diary ---------------------------------------------------------------

    def _today(self) -> date:
        return self.model.diary.today()

    def _logged(self) -> list[date]:
        """Dates of the logged nights, oldest first (cached until the diary's nights change)."""
        if self._dates is None:
            self._dates = self.model.diary.night_dates()
        return self._dates

    def _refresh_hints(self) -> None:
        missed = missed_nights(self._today(), set(self._logged()))
        others = [d for d in missed if d != self.date.value()]
        self.missed.setVisible(bool(others))
        self.catch_up.setVisible(bool(others))
        if others:
            count = len(missed)
            self.missed.setText(f"{words.count(count, 'night')} not logged yet.")
            self.catch_up.setText(f"Go to the oldest: {night_span(others[0])}")
        self.tags.set_known(self.model.diary.all_tags())

    def _diary_changed(self, changed: Changed) -> None:
        if changed.touches(Kind.NIGHTS) and not self._saving:
            self._dates = None
            self.date.set_latest(self._today())
            self._refresh_hints()

    # -- showing a night -----------------------------------------------------------------

    def open_night(self, day: date) -> bool:
        """Show the night of `day` (saved: for editing; not yet logged: a new night).
        An unsaved edit is first saved or discarded as the user says; False if cancelled."""
        if day != self.shown_day and not self.resolve_unsaved():
            return False
        self.status.hide()
        self.show_night(day)
        return True

    def go_to(self, day: date) -> bool:
        """Move the form to the night of `day`; typed values of a new night come along
        (nothing is lost), an edit that would be replaced is first saved or discarded."""
        if day == self.shown_day:
            return True
        carry = (
            self.editing is None
            and self.model.diary.night_on(day) is None
            and self.has_unsaved_changes()
        )
        if not carry and not self.resolve_unsaved():
            self._set_date(self.shown_day)
            return False
        self.status.hide()
        self.show_night(day, keep_typed=carry)
        return True

    def previous(self) -> None:
        self.step_night(-1)

    def next(self) -> None:
        self.step_night(1)

    def _severity_refused(self, message: str) -> None:
        self.boxes["rls_severity"].show_error(message)

    def _severity_changed(self, _value: object) -> None:
        self.boxes["rls_severity"].clear_error()

    def step_night(self, steps: int) -> None:
        """The night before (-1) or after (+1); never later than the newest loggable."""
        if self.shown_day is None:
            return
        day = min(self._today(), self.shown_day + timedelta(days=steps))
        self.go_to(day)

    def _set_date(self, day: date | None) -> None:
        if day is None:
            return
        self._loading = True
        try:
            self.date.set_value(day)
        finally:
            self._loading = False

    # -- unsaved edits -------------------------------------------------------------------

    def _mark_clean(self) -> None:
        self._watch.mark_clean()
        self._update_unsaved()

    def has_unsaved_changes(self) -> bool:
        """An edit not yet saved (never on a read-only diary: it cannot be saved)."""
        return not self.model.diary.read_only and self._watch.changed()

    def _update_unsaved(self, *_args: object) -> None:
        if self._showing:
            return  # the form is being filled; checked once it is
        self._watch.watch_rows()
        unsaved = self.has_unsaved_changes()
        if unsaved and not self.unsaved_label.isVisible():
            set_text_color(self.unsaved_label, error_color(self))
            self.unsaved_label.setText(bold_text("● Unsaved changes"))
        self.unsaved_label.setVisible(unsaved)
        if unsaved != self._unsaved:
            self._unsaved = unsaved
            self.unsaved_changed.emit(unsaved)

    def resolve_unsaved(self) -> bool:
        """Ask Save / Discard / Cancel about an unsaved edit; True when it is dealt with."""
        if not self.has_unsaved_changes() or self.shown_day is None:
            return True
        span = night_span(self.shown_day, self._today())
        answer = self.ask.choose(
            self,
            "Unsaved changes",
            f"The night of {span} has changes that are not saved.",
            ["Save", "Discard"],
            "Save them, discard them, or cancel to go back to the form.",
        )
        if answer == "Save":
            return self.save() is not None
        if answer == "Discard":
            self._mark_clean()
            return True
        return False

    def show_night(self, day: date, keep_typed: bool = False) -> None:
        self._showing = True
        try:
            self._show_night(day, keep_typed)
        finally:
            self._showing = False
        if keep_typed:
            self._update_unsaved()  # what was typed came along: still not saved
        else:
            self._mark_clean()

    def _show_night(self, day: date, keep_typed: bool) -> None:
        self._set_date(day)
        self.shown_day = day
        for box in self.boxes.values():
            box.clear_error()
        saved = self.model.diary.night_on(day)
        if saved is not None:
            self._fill(saved)
            doses, sups = self.model.diary.intake_on(day)
            self.intake.set_intake(doses, sups)
            self.editing = day
        else:
            if not keep_typed:
                self._fill(Night(day, 0))
                self.severity.set_value(None)
            if not (keep_typed and self._intake_touched):
                logged = self._logged()
                before = bisect.bisect_left(logged, day)
                usual = self.model.diary.usual_intake(day)
                if usual[0] or usual[1]:  # the usual list, set once on the Profile page
                    self.intake.set_intake(*usual)
                elif before:
                    doses, sups = self.model.diary.intake_on(logged[before - 1])
                    self.intake.set_intake(doses, sups)
                else:
                    self.intake.set_intake([], [])
            self.editing = None
        self._intake_touched = False
        self.heading.setText(night_label(day, self._today()))
        self.mode.setText(
            "Editing the saved night."
            if saved
            else "A new night: nothing is stored until you save."
        )
        self.next_night.setEnabled(day < self._today())
        self._chain_tabs()
        self._refresh_hints()

    def _fill(self, night: Night) -> None:
        self.severity.set_value(night.rls_severity)
        self.sleep.set_value(night.sleep_hours)
        details = SleepDetails(
            night.bedtime,
            night.sleep_latency_min,
            night.awakenings,
            night.wake_time,
            night.sleep_quality,
            night.symptom_onset,
        )
        self.details.set_value(details)
        self.details_button.setChecked(details != SleepDetails())
        self.tags.set_tags(night.tags)
        self.notes.setPlainText(night.notes)
        self.for_doctor.setChecked(night.for_doctor)

    def _date_chosen(self) -> None:
        if self._loading:
            return
        self.go_to(self.date.value())

    def _go_to_oldest_missed(self) -> None:
        missed = missed_nights(self._today(), set(self._logged()))
        if missed and self.go_to(missed[0]):
            self.severity.setFocus(Qt.FocusReason.OtherFocusReason)

    def _toggle_details(self, shown: bool) -> None:
        self.details.set_shown(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _intake_edited(self) -> None:
        self._intake_touched = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            self.severity.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saving --------------------------------------------------------------------------

    def _say(self, text: str, good: bool) -> None:
        color = ok_color(self) if good else error_color(self)
        set_text_color(self.status, color)
        self.status.setText(bold_text(text))
        self.status.setAccessibleDescription(text)
        self.status.show()

    def read_night(self) -> tuple[Night | None, dict[str, str]]:
        """The night as typed, or None with a message per field that cannot be read."""
        problems: dict[str, str] = {}
        severity = self.severity.value()
        if severity is None:
            problems["rls_severity"] = (
                "Choose the RLS severity: 0 (none) to 10 (worst imaginable); type a digit"
            )
        sleep = None
        try:
            sleep = self.sleep.value()
        except InputError as exc:
            problems["sleep_hours"] = exc.message
        details, detail_problems = self.details.value()
        problems.update(detail_problems)
        night = Night(
            date=self.date.value(),
            rls_severity=0 if severity is None else severity,
            sleep_hours=sleep,
            bedtime=details.bedtime,
            wake_time=details.wake_time,
            sleep_latency_min=details.sleep_latency_min,
            awakenings=details.awakenings,
            sleep_quality=details.sleep_quality,
            symptom_onset=details.symptom_onset,
            tags=tuple(self.tags.tags()),
            notes=self.notes.toPlainText(),
            for_doctor=self.for_doctor.isChecked(),
        )
        if not problems:
            return night, {}
        # Some fields cannot be read; still tell about every other field at once.
        try:
            normalise_night(night, self._today())
        except ValidationError as exc:
            for problem in exc.problems:
                problems.setdefault(problem.field, problem.message)
        return None, problems

    def _show_problems(self, problems: dict[str, str]) -> None:
        unplaced = []
        for field, message in problems.items():
            box = self.boxes.get(field)
            if box is None:
                unplaced.append(message)
                continue
            box.show_error(message)
            if field in self.details.boxes:
                self.details_button.setChecked(True)
        first = next((self.boxes[f] for f in self.boxes if f in problems), None)
        if first is not None:
            first.field.setFocus(Qt.FocusReason.OtherFocusReason)
        lead = "Nothing was saved. Please correct what is marked."
        self._say(" ".join([lead, *unplaced]), good=False)

    def save(self) -> Night | None:
        """Store the night as typed; on a problem, show it at its field and keep the form."""
        for box in self.boxes.values():
            box.clear_error()
        self.status.hide()
        night, problems = self.read_night()
        try:
            doses, sups = self.intake.read(self.date.value(), self._today())
        except ValidationError:
            problems.setdefault("intake", "A medicine or supplement needs correcting (see below).")
        if night is None or problems:
            self._show_problems(problems)
            return None
        self._saving = True  # the page brings itself up to date below, once
        try:
            saved = self.model.save_night(night, doses, sups)
        except ValidationError as exc:
            self._show_problems({p.field: p.message for p in exc.problems})
            return None
        except KnownError as exc:
            self._say(str(exc), good=False)
            return None
        finally:
            self._saving = False
        if self._dates is not None and saved.date not in self._dates:
            bisect.insort(self._dates, saved.date)
        today = self._today()
        done = f"✓ Saved the night of {night_span(saved.date, today)}."
        upcoming = next_after_save(saved.date, today, set(self._logged()))
        if upcoming is not None:
            self.show_night(upcoming)
            done += f" Next: the night of {night_span(upcoming, today)}."
        else:
            self.show_night(saved.date)
            done += " All nights are logged; you can still change this one."
        self._say(done, good=True)
        self.severity.setFocus(Qt.FocusReason.OtherFocusReason)
        return saved
