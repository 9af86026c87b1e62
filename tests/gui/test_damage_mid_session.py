"""Damage found during a session greys the window out for writing, as a read-only diary is,
says what to do, and keeps what was typed on screen."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from diary.records import Dose, Night
from diary.store.gateway import Diary
from tests.gui.conftest import ScriptedAsk, fixed_today
from tests.gui.pages_helpers import focused

NIGHT = date(2026, 3, 4)  # yesterday evening: the night the entry page opens on


def _diary(path: Path) -> None:
    with Diary.open(path, today=fixed_today, auto_backup=False) as d:
        d.save_night(Night(date(2026, 3, 3), 5, sleep_hours=6.0))
        d.save_night(Night(NIGHT, 4, sleep_hours=7.0, notes="calm"))


def _damage_the_night(path: Path) -> None:
    """Another program (or the disk) leaves a bedtime that is no time in the night's row."""
    other = sqlite3.connect(path)
    other.execute("UPDATE nights SET bedtime = 'half past' WHERE date = ?", (NIGHT.isoformat(),))
    other.commit()
    other.close()


def _stored_severity(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    (severity,) = conn.execute(
        "SELECT rls_severity FROM nights WHERE date = ?", (NIGHT.isoformat(),)
    ).fetchone()
    conn.close()
    return int(severity)


def test_damage_found_on_saving_greys_out_writing_and_keeps_the_typed_night(
    make_window: Any, diary_path: Path, qtbot: Any, ask: ScriptedAsk
) -> None:
    _diary(diary_path)
    window = make_window(diary_path)
    page = window.show_page("night")
    qtbot.waitUntil(page.severity.hasFocus)
    assert page.heading.text() == "Night of Wed 4 → Thu 5 March"
    assert not window.banner.isVisible()

    qtbot.keyClicks(focused(), "9")  # severity 4 becomes 9
    _damage_the_night(diary_path)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(window.banner.isVisible)
    banner = window.banner.text()
    assert "damaged" in banner
    assert "nothing more is saved" in banner
    assert "File → Check diary" in banner
    assert "File → Restore from a backup" in banner
    assert window.banner.accessibleName() == "Damage notice"
    assert "is damaged" in page.status.text()

    # Nothing typed is lost, and nothing can be typed or saved any more.
    assert page.severity.value() == 9
    assert page.notes.toPlainText() == "calm"
    assert not page.isEnabled()
    assert not page.save_button.isEnabled()
    assert not window.menu.undo.isEnabled()
    assert not window.menu.redo.isEnabled()
    assert not window.menu.import_.isEnabled()
    assert not window.menu.backup.isEnabled()
    assert window.menu.restore.isEnabled()
    assert window.menu.check.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _stored_severity(diary_path) == 4
    ask.answers.append("Copy to clipboard")  # closing asks about the unsaved 9: cannot be saved


def _damage_found_on_saving(window: Any, diary_path: Path, qtbot: Any) -> None:
    """Severity 4 typed as 9 and saved with Ctrl+Return after the row was damaged."""
    page = window.show_page("night")
    page.go_to(NIGHT)
    page.severity.setFocus()
    qtbot.waitUntil(page.severity.hasFocus)
    qtbot.keyClicks(focused(), "9")
    _damage_the_night(diary_path)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.banner.isVisible)


def _go_to_page(window: Any, qtbot: Any, number: int) -> None:
    """Ctrl+<number>, the View → Go to shortcut, as a person switches pages."""
    window.activateWindow()  # window shortcuts need the active window
    qtbot.waitUntil(window.isActiveWindow)
    digit = Qt.Key(Qt.Key.Key_0.value + number)
    qtbot.keyClick(window, digit, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.nav.currentRow() == number - 1)


def _save_a_third_night(window: Any, qtbot: Any) -> None:
    """Back on the night page, a third night typed and saved: the pages read before go stale
    and read again when next shown."""
    _go_to_page(window, qtbot, 1)
    page = window.page("night")
    page.go_to(date(2026, 3, 2))
    page.severity.setFocus()
    qtbot.waitUntil(page.severity.hasFocus)
    qtbot.keyClicks(focused(), "3")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Saved the night" in window.statusBar().currentMessage())


def _message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]


def _shown_page_text(window: Any) -> str:
    labels = window.stack.currentWidget().findChildren(QLabel)
    return " ".join(" ".join(label.text().split()) for label in labels if label.isVisible())


def test_pages_not_built_before_the_damage_open_locked_with_the_way_out(
    make_window: Any, diary_path: Path, qtbot: Any, ask: ScriptedAsk, caplog: Any
) -> None:
    _diary(diary_path)
    window = make_window(diary_path)
    _damage_found_on_saving(window, diary_path, qtbot)
    shown_before = len(ask.shown)

    for number, title in enumerate(
        ["History", "Blood tests", "Treatments", "Insights", "Profile"], start=2
    ):
        _go_to_page(window, qtbot, number)
        assert window.nav.currentItem().text() == title
        assert window.banner.isVisible()
        assert "File → Restore from a backup" in window.banner.text()
        assert (
            "This diary cannot be read until it is checked: File → Check diary, or File → "
            "Restore from a backup." in _shown_page_text(window)
        ), title
    assert _message_boxes() == []
    assert ask.shown[shown_before:] == []
    assert not [r for r in caplog.records if "Traceback" in r.getMessage() or r.exc_info]

    # Opening a night from the keyboard on the night page's menu cannot read it either: the
    # typed night stays, and the status bar says why.
    window.open_night(date(2026, 3, 3))
    night = window.page("night")
    assert window.current_key() == "night"
    assert night.severity.value() == 9
    assert "cannot be read until it is checked" in window.statusBar().currentMessage()
    ask.answers.append("Copy to clipboard")


def test_pages_built_before_the_damage_keep_what_they_showed(
    make_window: Any, diary_path: Path, qtbot: Any, ask: ScriptedAsk
) -> None:
    _diary(diary_path)
    window = make_window(diary_path)
    for number in (2, 5, 6):  # History, Insights and Profile, read while the file was sound
        _go_to_page(window, qtbot, number)
    history = window.page("history")
    assert history.summary.text() == "2 nights logged, newest first."
    _save_a_third_night(window, qtbot)
    _damage_found_on_saving(window, diary_path, qtbot)

    for number in (2, 5, 6):
        _go_to_page(window, qtbot, number)
        assert window.banner.isVisible()
    assert _message_boxes() == []
    assert history.summary.text() == "2 nights logged, newest first."  # what it last read
    ask.answers.append("Copy to clipboard")


def test_quitting_with_a_typed_night_on_a_damaged_diary_offers_it_on_the_clipboard(
    make_window: Any, diary_path: Path, qtbot: Any, ask: ScriptedAsk
) -> None:
    with Diary.open(diary_path, today=fixed_today, auto_backup=False) as d:
        night = Night(NIGHT, 4, sleep_hours=7.0, notes="calm")
        d.save_night(night, [Dose(NIGHT, "pregabalin", 75, "mg", time(21, 0))])
    window = make_window(diary_path)
    page = window.show_page("night")
    page.notes.setFocus()
    qtbot.waitUntil(page.notes.hasFocus)
    qtbot.keyClick(focused(), Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused(), ", then legs jumping at 2")
    QApplication.clipboard().setText("something copied before")
    _damage_found_on_saving(window, diary_path, qtbot)  # severity 4 typed as 9

    window.activateWindow()  # window shortcuts need the active window
    qtbot.waitUntil(window.isActiveWindow)
    ask.answers.append(None)  # Cancel: back to the window, nothing copied
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    question = ask.last("choose")
    assert question.options == ["Copy to clipboard"]  # no Save that cannot work
    text = " ".join(question.text.split())
    assert "cannot be saved" in text
    assert "found damaged, so nothing more is written to it" in text
    assert "clipboard" in question.detail
    assert window.isVisible()
    assert QApplication.clipboard().text() == "something copied before"

    ask.answers.append("Copy to clipboard")
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())
    copied = QApplication.clipboard().text().splitlines()
    assert copied[0] == (
        "RLS Diary, not saved: the night of Wed 4 → Thu 5 March (the evening of 4 March 2026)"
    )
    assert "RLS severity (0-10): 9" in copied
    assert "Sleep (hours): 7" in copied
    assert copied[copied.index("Medicines and supplements:") + 1] == "- Pregabalin 75 mg at 21:00"
    assert copied[copied.index("Notes:") + 1] == "calm, then legs jumping at 2"
    assert _stored_severity(diary_path) == 4


def test_restoring_a_backup_brings_the_real_pages_back(
    make_window: Any, diary_path: Path, qtbot: Any, ask: ScriptedAsk
) -> None:
    _diary(diary_path)
    window = make_window(diary_path)  # its daily backup holds both nights, undamaged
    _damage_found_on_saving(window, diary_path, qtbot)
    _go_to_page(window, qtbot, 6)
    assert "cannot be read until it is checked" in _shown_page_text(window)

    ask.answers.append(lambda backups: backups[-1])
    window.menu.restore.trigger()

    assert ask.last("info").text.startswith("Restored the backup from")
    assert not window.banner.isVisible()
    profile = window.page("profile")
    assert window.stack.currentWidget().isAncestorOf(profile)
    assert "cannot be read" not in _shown_page_text(window)
    assert "Holds 2 nights" in " ".join(profile.about.text().split())
    _go_to_page(window, qtbot, 2)
    assert window.page("history").summary.text() == "2 nights logged, newest first."
    ask.answers.append("Discard")  # the typed 9 can be saved again, or discarded


def test_damage_first_met_when_a_page_is_shown_again_greys_the_window_out_quietly(
    make_window: Any, diary_path: Path, qtbot: Any, ask: ScriptedAsk
) -> None:
    _diary(diary_path)
    window = make_window(diary_path)
    _go_to_page(window, qtbot, 2)  # History, read while the file was sound
    history = window.page("history")
    assert history.summary.text() == "2 nights logged, newest first."
    _save_a_third_night(window, qtbot)
    _damage_the_night(diary_path)  # nothing is saved after this: History's reading meets it

    _go_to_page(window, qtbot, 2)
    qtbot.waitUntil(window.banner.isVisible)
    assert "File → Restore from a backup" in window.banner.text()
    assert _message_boxes() == []
    assert history.summary.text() == "2 nights logged, newest first."  # what it last read
    assert not window.menu.import_.isEnabled()
