"""Showing a night on the form, moving to another, and never losing an unsaved edit."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from diary.night_dates import missed_nights, night_label, night_span
from diary.records import Night
from diary.ui.night_form_watch import typed_night_text
from diary.ui.night_page_base import NightPageBase
from diary.ui.widgets.fields import bold_text, error_color, set_text_color
from diary.ui.widgets.sleep_details import SleepDetails

COPY = "Copy to clipboard"


class NightNavigation(NightPageBase):
    """Which night the form shows: PgUp / PgDn, a typed date, History; an edit not yet
    saved is marked, and moving away from it asks Save / Discard / Cancel."""

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

    def _date_chosen(self) -> None:
        if self._loading:
            return
        self.go_to(self.date.value())

    def _go_to_oldest_missed(self) -> None:
        missed = missed_nights(self._today(), set(self._logged()))
        if missed and self.go_to(missed[0]):
            self.severity.setFocus(Qt.FocusReason.OtherFocusReason)

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
        if self.model.diary.damage is not None:
            return self._offer_copy(self.shown_day, span)
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

    def _offer_copy(self, day: date, span: str) -> bool:
        """A damaged diary takes no save: offer what was typed on the clipboard instead."""
        answer = self.ask.choose(
            self,
            "Unsaved changes",
            f"The night of {span} has changes that cannot be saved: this diary file was "
            "found damaged, so nothing more is written to it.",
            [COPY],
            "Copy what you typed to the clipboard as text (to paste into a note, and type "
            "again once the diary is checked or restored), or cancel to go back to the form.",
        )
        if answer != COPY:
            return False
        clipboard = QApplication.clipboard()
        clipboard.setText(typed_night_text(self, day))
        return True

    # -- filling the form ----------------------------------------------------------------

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
                usual = self.model.diary.usual_intake(day)
                if usual[0] or usual[1]:  # the usual list, set once on the Profile page
                    self.intake.set_intake(*usual)
                elif (before := self._newest_before(day)) is not None:
                    doses, sups = self.model.diary.intake_on(before)
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
