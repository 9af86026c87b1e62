"""A typed date that cannot be taken says why, stays as typed, and changes nothing stored."""

from __future__ import annotations

import os
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit

from diary.ui.blood_tests_page import BloodTestsPage
from tests.gui.night_entry_helpers import log, open_page
from tests.gui.pages_helpers import focused, press, show, shown, type_here, visible_errors

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
Section = QDateEdit.Section


def _into_date(qtbot, page, section: QDateEdit.Section) -> None:
    press(qtbot, Qt.Key.Key_Tab, SHIFT)  # from severity back to the date
    assert focused() is page.date
    page.date.setSelectedSection(section)


def test_a_date_after_this_evening_says_why_and_stays_typed(qtbot, model):
    log(model, date(2026, 3, 3), severity=4)
    page = open_page(qtbot, model)
    _into_date(qtbot, page, Section.YearSection)
    type_here(qtbot, "2030")
    press(qtbot, Qt.Key.Key_Return)
    message = (
        "There is no night of 4 March 2030 to log yet: the newest night you can log is "
        "this evening's (Thu 5 → Fri 6 March)."
    )
    assert visible_errors(page) == [f"⚠ {message}"]
    assert page.date.text() == "4 Mar 2030"  # kept as typed, not turned into today
    assert page.heading.text() == "Night of Wed 4 → Thu 5 March"

    press(qtbot, Qt.Key.Key_Tab)  # leaving the field keeps it too
    assert page.date.text() == "4 Mar 2030"
    assert visible_errors(page) == [f"⚠ {message}"]
    type_here(qtbot, "7")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "Nothing was saved" in shown(page.status)
    assert visible_errors(page) == [f"⚠ {message}"]
    assert focused() is page.date
    assert [n.date for n in model.diary.nights()] == [date(2026, 3, 3)]

    press(qtbot, Qt.Key.Key_End)  # moving about keeps it as typed
    assert page.date.text() == "4 Mar 2030"
    assert page.heading.text() == "Night of Wed 4 → Thu 5 March"
    for _ in range(4):  # corrected: taken, and the message goes
        press(qtbot, Qt.Key.Key_Backspace)
    type_here(qtbot, "2026")
    press(qtbot, Qt.Key.Key_Return)
    assert visible_errors(page) == []
    assert page.heading.text() == "Night of Wed 4 → Thu 5 March"
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert model.diary.night_on(date(2026, 3, 4)).rls_severity == 7


def test_a_date_before_1900_says_why(qtbot, model):
    page = open_page(qtbot, model)
    _into_date(qtbot, page, Section.YearSection)
    type_here(qtbot, "1850")
    press(qtbot, Qt.Key.Key_Tab)
    assert visible_errors(page) == [
        "⚠ 4 March 1850 is before 1 January 1900, the earliest date the diary keeps."
    ]
    assert page.date.text() == "4 Mar 1850"
    assert page.heading.text() == "Night of Wed 4 → Thu 5 March"


def test_a_day_the_month_does_not_have_says_why_and_is_not_taken(qtbot, model):
    page = open_page(qtbot, model)
    _into_date(qtbot, page, Section.MonthSection)
    type_here(qtbot, "Feb")
    press(qtbot, Qt.Key.Key_Return)
    assert page.heading.text() == "Night of Wed 4 → Thu 5 February"
    page.date.setSelectedSection(Section.DaySection)
    type_here(qtbot, "30")
    message = "⚠ There is no 30 February 2026: February 2026 has days 1 to 28."
    assert visible_errors(page) == [message]
    press(qtbot, Qt.Key.Key_Return)  # what is left of it (the 3rd) is not taken either
    assert page.heading.text() == "Night of Wed 4 → Thu 5 February"
    assert visible_errors(page) == [message]
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert model.diary.nights() == []

    page.date.setSelectedSection(Section.DaySection)
    type_here(qtbot, "28")
    press(qtbot, Qt.Key.Key_Return)
    assert visible_errors(page) == []
    assert page.heading.text() == "Night of Sat 28 February → Sun 1 March"


def test_blood_tests_refuse_a_future_date_and_store_nothing(qtbot, model):
    page = show(qtbot, BloodTestsPage(model))
    page.focus_first()
    qtbot.waitUntil(page.date.hasFocus)
    page.date.setSelectedSection(Section.YearSection)
    type_here(qtbot, "2027")
    press(qtbot, Qt.Key.Key_Tab)
    message = "⚠ 5 March 2027 is later than the newest date you can enter, 5 March 2026."
    assert visible_errors(page) == [message]
    page.value.setFocus()
    qtbot.waitUntil(page.value.hasFocus)
    type_here(qtbot, "45")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert model.diary.labs() == []
    assert visible_errors(page) == [message]
    assert page.date.text() == "5 Mar 2027"
