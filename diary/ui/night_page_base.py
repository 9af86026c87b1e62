"""What every part of the night form shares: its widgets and state, and reading the diary."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from diary import words
from diary.night_dates import WINDOW_DAYS, missed_nights, night_span
from diary.store.kinds import Changed, Kind
from diary.ui.dialogs.ask import Ask
from diary.ui.diary_model import DiaryModel
from diary.ui.widgets.fields import FieldBox, show_message

if TYPE_CHECKING:
    from diary.records import Night
    from diary.ui.night_form_watch import FormWatch
    from diary.ui.widgets.date_field import DateField
    from diary.ui.widgets.fields import StepField
    from diary.ui.widgets.intake_editor import IntakeEditor
    from diary.ui.widgets.severity import SeverityPicker
    from diary.ui.widgets.sleep_details import SleepDetailsForm
    from diary.ui.widgets.tags_field import TagsField


class NightPageBase(QWidget):
    """The night form's widgets (built by `night_form`) and state, for the parts that show
    a night (`night_navigation`) and save it (`night_saving`)."""

    unsaved_changed = Signal(bool)
    said = Signal(str)  # what the page told the user (the window repeats it, and so learns
    # of a diary found damaged on saving)

    model: DiaryModel
    ask: Ask
    editing: dt.date | None  # the saved night shown, if any
    shown_day: dt.date | None  # the night the form is about
    _unsaved: bool
    _showing: bool
    _intake_touched: bool
    _loading: bool
    _recent: tuple[dt.date, list[dt.date]] | None
    _saving: bool
    _watch: FormWatch

    heading: QLabel
    mode: QLabel
    status: QLabel
    missed: QLabel
    catch_up: QPushButton
    date: DateField
    previous_night: QToolButton
    next_night: QToolButton
    severity: SeverityPicker
    sleep: StepField
    details_button: QToolButton
    details: SleepDetailsForm
    tags: TagsField
    notes: QPlainTextEdit
    for_doctor: QCheckBox
    intake: IntakeEditor
    save_button: QPushButton
    unsaved_label: QLabel
    boxes: dict[str, FieldBox]

    if TYPE_CHECKING:  # one part calls another; each is defined in its own module

        def _chain_tabs(self) -> None: ...

        def show_night(self, day: dt.date, keep_typed: bool = False) -> None: ...

        def save(self) -> Night | None: ...

        def previous(self) -> None: ...

        def next(self) -> None: ...

        def _date_chosen(self) -> None: ...

        def _go_to_oldest_missed(self) -> None: ...

    # -- reading the diary ---------------------------------------------------------------

    def _today(self) -> dt.date:
        return self.model.diary.today()

    def _logged(self) -> list[dt.date]:
        """What `diary.night_dates` needs of the logged nights, oldest first: the first ever,
        and every one of the last WINDOW_DAYS evenings (cached until the diary's nights or the
        day change). Two short reads, where all dates of a 20-year diary take milliseconds."""
        today = self._today()
        if self._recent is None or self._recent[0] != today:
            since = today - dt.timedelta(days=WINDOW_DAYS + 1)
            first, _ = self.model.diary.night_date_bounds(since)
            recent = self.model.diary.night_dates(since)
            self._recent = (today, ([first] if first is not None else []) + recent)
        return self._recent[1]

    def _newest_before(self, day: dt.date) -> dt.date | None:
        """The newest logged night before `day`."""
        return self.model.diary.night_date_bounds(day)[1]

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
            self._recent = None
            self.date.set_latest(self._today())
            self._refresh_hints()

    def _say(self, text: str, good: bool) -> None:
        self.said.emit(text)
        show_message(self.status, text, good)
        self.status.show()
