"""The night form cannot log the wrong night or lose an edit: driven from the keyboard."""

from __future__ import annotations

import os
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit

from tests.gui.conftest import TODAY, ScriptedAsk
from tests.gui.night_entry_helpers import log, open_page
from tests.gui.pages_helpers import focused, press, shown, type_here, visible_errors

CTRL = Qt.KeyboardModifier.ControlModifier


def test_tab_leaves_the_date_at_once_and_digits_land_in_severity_and_sleep(qtbot, model):
    log(model, date(2026, 3, 3), severity=4)
    page = open_page(qtbot, model)
    page.open_night(date(2026, 3, 3))
    page.date.setFocus()
    qtbot.waitUntil(page.date.hasFocus)
    for key, text in ((Qt.Key.Key_Tab, "5"), (Qt.Key.Key_Tab, "7")):
        press(qtbot, key)
        type_here(qtbot, text)
    assert page.heading.text() == "Night of Tue 3 → Wed 4 March"
    assert focused() in (page.sleep, page.sleep.lineEdit())
    press(qtbot, Qt.Key.Key_Return, CTRL)
    night = model.diary.night_on(date(2026, 3, 3))
    assert night is not None
    assert (night.rls_severity, night.sleep_hours) == (5, 7.0)
    assert [n.date for n in model.diary.nights()] == [date(2026, 3, 3)]


def test_a_typed_date_changes_the_night_only_on_enter(qtbot, model):
    page = open_page(qtbot, model)
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is page.date
    page.date.setSelectedSection(QDateEdit.Section.DaySection)
    type_here(qtbot, "2")
    assert page.heading.text() == "Night of Wed 4 → Thu 5 March"  # still typing
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.heading.text() == "Night of Mon 2 → Tue 3 March")


def test_page_up_and_down_move_a_night_and_never_past_today(qtbot, model):
    page = open_page(qtbot, model)
    press(qtbot, Qt.Key.Key_PageUp)
    assert page.heading.text() == "Night of Tue 3 → Wed 4 March"
    assert page.severity.hasFocus()
    press(qtbot, Qt.Key.Key_PageDown)
    press(qtbot, Qt.Key.Key_PageDown)
    assert page.heading.text() == "Night of Thu 5 → Fri 6 March"  # this evening
    press(qtbot, Qt.Key.Key_PageDown)
    assert page.date.value() == TODAY
    assert not page.next_night.isEnabled()
    qtbot.mouseClick(page.previous_night, Qt.MouseButton.LeftButton)
    assert page.date.value() == date(2026, 3, 4)


def test_an_unsaved_edit_is_shown_and_changing_night_asks(qtbot, model):
    log(model, date(2026, 3, 3), severity=4)
    ask = ScriptedAsk(None, "Save")
    page = open_page(qtbot, model, ask)
    page.open_night(date(2026, 3, 3))
    assert not page.unsaved_label.isVisible()
    page.severity.setFocus()
    type_here(qtbot, "9")
    assert page.unsaved_label.isVisible()
    assert "Unsaved changes" in shown(page.unsaved_label)

    press(qtbot, Qt.Key.Key_PageDown)  # Cancel: the edit stays on screen, unsaved
    question = ask.last("choose")
    assert question.title == "Unsaved changes"
    assert "Tue 3 → Wed 4 March" in question.text
    assert question.options == ["Save", "Discard"]
    assert page.date.value() == date(2026, 3, 3)
    assert page.severity.value() == 9
    assert model.diary.night_on(date(2026, 3, 3)).rls_severity == 4

    press(qtbot, Qt.Key.Key_PageDown)  # Save, then move on
    assert model.diary.night_on(date(2026, 3, 3)).rls_severity == 9
    assert page.date.value() == date(2026, 3, 4)
    assert not page.unsaved_label.isVisible()


def test_typing_a_date_with_an_unsaved_edit_asks_and_discard_keeps_the_stored(qtbot, model):
    log(model, date(2026, 3, 3), severity=4)
    log(model, date(2026, 3, 1), severity=2)
    ask = ScriptedAsk("Discard")
    page = open_page(qtbot, model, ask)
    page.open_night(date(2026, 3, 3))
    page.severity.setFocus()
    type_here(qtbot, "9")
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    page.date.setSelectedSection(QDateEdit.Section.DaySection)
    type_here(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.date.value() == date(2026, 3, 1))
    assert ask.last("choose").title == "Unsaved changes"
    assert page.severity.value() == 2
    assert model.diary.night_on(date(2026, 3, 3)).rls_severity == 4


def test_quitting_with_an_unsaved_edit_asks_save_discard_cancel(qtbot, tmp_path, make_window):
    ask = ScriptedAsk(None, "Save")
    window = make_window(tmp_path / "diary.sqlite", ask=ask)
    log(window.model, date(2026, 3, 3), severity=4)
    window.open_night(date(2026, 3, 3))
    page = window.page("night")
    window.activateWindow()  # Ctrl+Q is a window shortcut
    qtbot.waitUntil(window.isActiveWindow)
    page.severity.setFocus()
    qtbot.waitUntil(page.severity.hasFocus)
    type_here(qtbot, "9")
    assert window.windowTitle().startswith("*diary.sqlite")

    qtbot.keyClick(focused(), Qt.Key.Key_Q, CTRL)  # Cancel: the window stays, edit kept
    assert ask.last("choose").options == ["Save", "Discard"]
    assert window.isVisible()
    assert page.severity.value() == 9

    qtbot.keyClick(focused(), Qt.Key.Key_Q, CTRL)  # Save: stored, then the window closes
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.model.diary.closed


def test_severity_eleven_is_refused_and_changes_nothing(qtbot, model):
    page = open_page(qtbot, model)
    type_here(qtbot, "4")
    type_here(qtbot, "11")
    assert page.severity.value() == 4
    assert any("10 is the most" in e for e in visible_errors(page))
    type_here(qtbot, "7")
    assert page.severity.value() == 7
    assert visible_errors(page) == []


def test_tonight_takes_a_severity_but_not_sleep_hours(qtbot, model):
    page = open_page(qtbot, model)
    press(qtbot, Qt.Key.Key_PageDown)
    assert page.date.value() == TODAY
    type_here(qtbot, "6")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "7.5")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    errors = visible_errors(page)
    assert len(errors) == 1
    assert "has not ended yet" in errors[0]
    assert model.diary.nights() == []

    page.sleep.lineEdit().clear()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    night = model.diary.night_on(TODAY)
    assert night is not None
    assert (night.rls_severity, night.sleep_hours) == (6, None)


def test_sleep_in_hours_and_minutes(qtbot, model):
    page = open_page(qtbot, model)
    for typed, day in (("7:30", date(2026, 3, 4)), ("6h45", date(2026, 3, 3))):
        page.open_night(day)
        page.severity.setFocus()
        qtbot.waitUntil(page.severity.hasFocus)
        type_here(qtbot, "3")
        press(qtbot, Qt.Key.Key_Tab)
        type_here(qtbot, typed)
        press(qtbot, Qt.Key.Key_Return, CTRL)
    assert model.diary.night_on(date(2026, 3, 4)).sleep_hours == 7.5
    assert model.diary.night_on(date(2026, 3, 3)).sleep_hours == 6.75
