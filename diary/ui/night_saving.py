"""Saving the night as typed: every problem shown at its field, nothing lost."""

from __future__ import annotations

from PySide6.QtCore import Qt

from diary.errors import KnownError, ValidationError
from diary.night_dates import next_after_save, night_span
from diary.records import Night
from diary.store.validation import normalise_night
from diary.ui.input_parse import InputError
from diary.ui.night_page_base import NightPageBase


class NightSaving(NightPageBase):
    """Reads the form into a Night and stores it with its intake (undoable)."""

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
        typed_date = self.date.problem()
        if typed_date is not None:  # the form shows another night than the one typed
            self._show_problems({"date": typed_date})
            return None
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
        self._recent = None  # read again below, with the saved night
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
