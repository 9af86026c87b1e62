"""Telling an unsaved edit on the night form: everything it holds, as typed, against the
form as it was shown or last saved; and that edit as plain text, when it cannot be saved."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from diary import words
from diary.night_dates import night_span

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCheckBox, QPlainTextEdit

    from diary.ui.widgets.fields import StepField
    from diary.ui.widgets.intake_editor import IntakeEditor, IntakeRow
    from diary.ui.widgets.severity import SeverityPicker
    from diary.ui.widgets.sleep_details import SleepDetailsForm
    from diary.ui.widgets.tags_field import TagsField


class WatchedNightForm(Protocol):
    """The fields of the night form that the watch reads (the night entry page has them)."""

    severity: SeverityPicker
    sleep: StepField
    tags: TagsField
    notes: QPlainTextEdit
    for_doctor: QCheckBox
    intake: IntakeEditor
    details: SleepDetailsForm


class FormWatch:
    """Calls `on_change` whenever any field of the page changes (intake rows too)."""

    def __init__(self, page: WatchedNightForm, on_change: Callable[..., None]) -> None:
        self.page = page
        self.on_change = on_change
        self._clean: tuple[object, ...] = ()
        self._rows: weakref.WeakSet[IntakeRow] = weakref.WeakSet()
        details = page.details
        signals: list[Any] = [
            page.severity.changed,
            page.sleep.lineEdit().textChanged,
            page.tags.edit.textChanged,
            page.notes.textChanged,
            page.for_doctor.toggled,
            page.intake.edited,
            details.quality.currentIndexChanged,
            *(f.textChanged for f in (details.bedtime, details.latency, details.awakenings)),
            *(f.textChanged for f in (details.wake_time, details.onset)),
        ]
        for signal in signals:
            signal.connect(on_change)

    def watch_rows(self) -> None:
        """Intake rows are made anew for each night: watch the ones not yet watched."""
        for row in self.page.intake.rows:
            if row in self._rows:
                continue
            self._rows.add(row)
            row.name.currentTextChanged.connect(self.on_change)
            row.amount.textChanged.connect(self.on_change)
            row.unit.currentIndexChanged.connect(self.on_change)
            row.time.textChanged.connect(self.on_change)

    def state(self) -> tuple[object, ...]:
        """Everything the form holds, as typed."""
        page, details = self.page, self.page.details
        rows = tuple(
            (r.is_dose, r.name.currentText(), r.amount.text(), r.unit.currentText(), r.time.text())
            for r in page.intake.rows
        )
        return (
            page.severity.value(),
            page.sleep.text().strip(),
            *(f.text().strip() for f in (details.bedtime, details.latency, details.awakenings)),
            *(f.text().strip() for f in (details.wake_time, details.onset)),
            details.quality.currentIndex(),
            page.tags.edit.text().strip(),
            page.notes.toPlainText(),
            page.for_doctor.isChecked(),
            rows,
        )

    def mark_clean(self) -> None:
        self._clean = self.state()

    def changed(self) -> bool:
        return self.state() != self._clean


def typed_night_text(form: WatchedNightForm, evening: date) -> str:
    """The night as typed, as plain text to paste elsewhere: each field filled in, exactly
    as typed, even where it could not be read."""
    details = form.details
    severity = form.severity.value()
    lines = [
        f"RLS Diary, not saved: the night of {night_span(evening)}"
        f" (the evening of {words.day_month_year(evening)})",
        f"RLS severity (0-10): {'not chosen' if severity is None else severity}",
    ]
    typed = [
        ("Sleep (hours)", form.sleep.text()),
        ("Bedtime", details.bedtime.text()),
        ("Minutes to fall asleep", details.latency.text()),
        ("Awakenings", details.awakenings.text()),
        ("Wake time", details.wake_time.text()),
        ("Sleep quality", details.quality.currentText() if details.quality.currentIndex() else ""),
        ("Symptom onset", details.onset.text()),
        ("Tags", form.tags.edit.text()),
    ]
    lines += [f"{label}: {text.strip()}" for label, text in typed if text.strip()]
    rows = [
        " ".join(
            part
            for part in (
                r.name.currentText().strip(),
                f"{r.amount.text().strip()} {r.unit.currentText()}"
                if r.amount.text().strip()
                else "",
                f"at {r.time.text().strip()}" if r.time.text().strip() else "",
            )
            if part
        )
        for r in form.intake.rows
        if r.name.currentText().strip()
    ]
    if rows:
        lines.append("Medicines and supplements:")
        lines += [f"- {row}" for row in rows]
    if form.notes.toPlainText().strip():
        lines += ["Notes:", form.notes.toPlainText().strip()]
    if form.for_doctor.isChecked():
        lines.append("Marked for the doctor.")
    return "\n".join(lines) + "\n"
