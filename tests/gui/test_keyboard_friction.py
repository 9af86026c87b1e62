"""Keyboard paths through the window: each page reached and used without the mouse."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from tests.gui.pages_helpers import focused

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _window(qtbot, tmp_path, make_window):
    window = make_window(tmp_path / "diary.sqlite")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_blood_tests_open_on_the_date_and_alt_v_goes_to_the_value(qtbot, tmp_path, make_window):
    window = _window(qtbot, tmp_path, make_window)
    qtbot.keyClick(focused(), Qt.Key.Key_3, CTRL)
    page = window.page("blood_tests")
    qtbot.waitUntil(lambda: focused() is page.date)
    qtbot.keyClick(focused(), Qt.Key.Key_V, ALT)
    qtbot.waitUntil(lambda: focused() is page.value)
    qtbot.keyClicks(focused(), "45")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    [lab] = window.model.diary.labs()
    assert (lab.test, lab.value) == ("ferritin", 45.0)
    assert page.status.isVisible()
    assert "Added the ferritin result" in page.status.accessibleDescription()
    assert window.statusBar().currentMessage() == page.status.accessibleDescription()


def test_one_tab_from_the_page_list_reaches_the_history_table(qtbot, tmp_path, make_window):
    window = _window(qtbot, tmp_path, make_window)
    window.nav.setFocus()
    qtbot.waitUntil(window.nav.hasFocus)
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_key() == "history"
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is window.page("history").table


def test_view_menu_keeps_its_own_mnemonic(qtbot, tmp_path, make_window):
    window = _window(qtbot, tmp_path, make_window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "Vie&w" in titles
    assert not any(t.startswith("&V") for t in titles)


def test_the_window_fits_the_screen_so_save_stays_reachable(qtbot, tmp_path, make_window):
    window = make_window(tmp_path / "diary.sqlite")
    room = window.screen().availableGeometry()
    window.resize(room.width() + 300, room.height() + 300)  # as at QT_SCALE_FACTOR=1.5
    window.move(room.left() + 50, room.top() + 50)
    window.fit_to_screen()
    assert room.contains(window.frameGeometry())
    assert window.height() < room.height() + 300
