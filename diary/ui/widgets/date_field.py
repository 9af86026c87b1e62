"""The date field: typed dates taken only whole, and why one cannot be taken, in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QWidget

from diary import words
from diary.ui.widgets.fields import FitsText

TooLate = Callable[[date, date], str]  # (the date typed, the newest allowed) -> the reason


def later_than_allowed(typed: date, latest: date) -> str:
    return (
        f"{words.day_month_year(typed)} is later than the newest date you can enter, "
        f"{words.day_month_year(latest)}."
    )


def out_of_range(typed: date, earliest: date, latest: date, too_late: TooLate) -> str | None:
    """The reason `typed` is refused (None when it is within earliest..latest)."""
    if typed > latest:
        return too_late(typed, latest)
    if typed < earliest:
        return (
            f"{words.day_month_year(typed)} is before {words.day_month_year(earliest)}, "
            "the earliest date the diary keeps."
        )
    return None


def not_a_date(typed: str, example: str) -> str:
    return f"“{typed}” is not a whole date: type it like {example}."


def no_such_day(day: int, month: int, year: int) -> str:
    """'There is no 30 February 2026: February 2026 has days 1 to 28.'"""
    name = words.MONTHS[month - 1]
    # the day before the 1st of the next month (the calendar module would load locale)
    days = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return f"There is no {day} {name} {year}: {name} {year} has days 1 to {days}."


class DateField(FitsText, QDateEdit):
    """A date with a calendar pop-up; no later than `latest`.

    One Tab stop (Tab leaves the field instead of moving from day to month to year), and a
    typed date takes effect only on Enter or on leaving the field, never half-typed.
    PgUp and PgDn step a day back and forward. A typed date that cannot be taken (out of
    range, or no such day) is never changed into another: it stays as typed and `refused`
    says why, until it is corrected.
    """

    refused = Signal(str)

    def __init__(
        self, latest: date, parent: QWidget | None = None, too_late: TooLate = later_than_allowed
    ) -> None:
        super().__init__(parent)
        self.too_late = too_late
        self._day_digit = ""  # a day digit after which Qt moved on to the month by itself
        self._refused_key_reason: str | None = None  # until the next key it takes
        self._kept: str | None = None  # a refused date, as typed, until it is changed
        self.setKeyboardTracking(False)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")  # the weekday is in the heading; typing stays simple
        self.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.setMinimumDate(QDate(1900, 1, 1))
        self.set_value(latest)
        self.fit("30 Sep 2026", 60)

    def problem(self) -> str | None:
        """Why the text in the field is not a date it can take (None when it is)."""
        if self._refused_key_reason is not None:
            return self._refused_key_reason  # what is shown is not what was typed
        typed = self.text().strip()
        day = self.locale().toDate(typed, self.displayFormat())
        if not day.isValid():
            return not_a_date(typed, self.textFromDateTime(self.dateTime()))
        return out_of_range(
            _py(day), _py(self.minimumDate()), _py(self.maximumDate()), self.too_late
        )

    def _refuse_typed(self) -> bool:
        """Say why the typed date cannot be taken, if it cannot; True when refused."""
        problem = self.problem()
        if problem is not None:
            if self._refused_key_reason is None:
                self._kept = self.text()
            self.refused.emit(problem)
        return problem is not None

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        # Qt takes a whole date outside the range as acceptable and then moves it to the
        # nearest end (a night years ahead became today's): here it is only half-typed.
        state, text, pos = super().validate(text, pos)
        if state == QValidator.State.Acceptable:
            day = self.locale().toDate(text.strip(), self.displayFormat())
            if day.isValid() and not self.minimumDate() <= day <= self.maximumDate():
                state = QValidator.State.Intermediate
        return state, text, pos

    def textFromDateTime(self, value: QDateTime) -> str:  # noqa: N802 (Qt override)
        # Qt redraws the field from its last good date on many occasions (focus, resizing):
        # a refused date stays as typed until it is changed.
        return self._kept if self._kept is not None else super().textFromDateTime(value)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        if not self._refuse_typed():
            super().focusOutEvent(event)
            return
        # Qt would put back the last good date (or the nearest allowed): the text stays.
        self.lineEdit().event(event)
        QWidget.focusOutEvent(self, event)

    def _type(self, event: QKeyEvent) -> None:
        """A key typed into the field; one Qt does not take is said, not swallowed."""
        typed, section, edit = event.text(), self.currentSection(), self.lineEdit()
        if not (typed.isprintable() and typed.strip()):
            self._refuse_typed()  # moving about in a refused date: it stays, and says why
        before = "" if edit.hasSelectedText() else self.sectionText(section)
        state = (self.text(), edit.cursorPosition(), edit.selectedText())
        super().keyPressEvent(event)
        taken = (self.text(), edit.cursorPosition(), edit.selectedText()) != state
        if taken:
            self._refused_key_reason = self._kept = None
        elif typed.isprintable() and typed.strip():
            self._refused_key_reason = self._refused_key(section, before, typed)
            self.refused.emit(self._refused_key_reason)
        moved_on = section == QDateEdit.Section.DaySection != self.currentSection()
        self._day_digit = typed if taken and moved_on and typed.isdigit() else ""

    def _refused_key(self, section: QDateEdit.Section, before: str, key: str) -> str:
        """Why Qt did not take a typed character (it would have made no such date)."""
        shown = self.date()
        digits = before + key
        if section == QDateEdit.Section.MonthSection and key.isdigit() and self._day_digit:
            # Qt moved on to the month after a day digit no second digit could follow there
            section, digits = QDateEdit.Section.DaySection, self._day_digit + key
        if section == QDateEdit.Section.DaySection and digits.isdigit():
            return no_such_day(int(digits), shown.month(), shown.year())
        return f"“{key}” cannot go there: type the date like {self.text()}."

    def value(self) -> date:
        return _py(self.date())

    def set_value(self, day: date) -> None:
        self._refused_key_reason = self._kept = None
        self.setDate(QDate(day.year, day.month, day.day))

    def set_latest(self, day: date) -> None:
        self.setMaximumDate(QDate(day.year, day.month, day.day))

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt override)
        return QWidget.focusNextPrevChild(self, forward)  # one Tab stop, not three

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._refuse_typed():
            event.accept()  # the typed text stays, and the message says why
            return
        steps = {Qt.Key.Key_PageUp: -1, Qt.Key.Key_PageDown: 1}.get(key)
        if steps is None:
            self._type(event)
            return
        self.interpretText()
        self._refused_key_reason = self._kept = None
        self.setDate(max(self.minimumDate(), min(self.maximumDate(), self.date().addDays(steps))))
        event.accept()

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt override)
        """Arrow keys move a whole day (month, year) across week and month ends."""
        section = self.currentSection()
        current = self.date()
        if section == QDateEdit.Section.MonthSection:
            new = current.addMonths(steps)
        elif section == QDateEdit.Section.YearSection:
            new = current.addYears(steps)
        else:
            new = current.addDays(steps)
        self._refused_key_reason = self._kept = None
        self.setDate(max(self.minimumDate(), min(self.maximumDate(), new)))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 (Qt override)
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.date() < self.maximumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if self.date() > self.minimumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags


def _py(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
