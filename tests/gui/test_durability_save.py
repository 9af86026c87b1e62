"""A save that fails (full disk, read-only file) keeps what was typed, says why, changes nothing.

The failure is injected at the store's edge: the write transaction's statements raise the
very sqlite3 error a full disk gives, so the gateway, the model and the page all run as usual.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from diary.records import LabResult, Night
from diary.store.gateway import Diary
from tests.gui.conftest import ScriptedAsk, fixed_today
from tests.gui.pages_helpers import focused
from tests.unit.store.helpers import fail_writes

FULL = sqlite3.SQLITE_FULL
READ_ONLY = sqlite3.SQLITE_READONLY


def _stored(path: Path) -> tuple[Any, bytes]:
    """What the diary holds, read by a fresh read-only opening, and the file's bytes."""
    with Diary.open(path, read_only=True) as d:
        contents = d.contents()
    return contents, path.read_bytes()


def _diary_with_a_night(path: Path) -> None:
    with Diary.open(path, today=fixed_today, auto_backup=False) as d:
        d.add_night(Night(date(2026, 3, 3), 6, sleep_hours=5.5, notes="legs jumpy"))
        d.add(LabResult(date(2026, 1, 20), "ferritin", 48, "ug/L"))


class StoreEdge:
    """Makes every write at the database connection fail with a given sqlite3 error."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def fail_with(self, code: int) -> None:
        fail_writes(self.monkeypatch, code)

    def heal(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def edge(monkeypatch: pytest.MonkeyPatch) -> StoreEdge:
    return StoreEdge(monkeypatch)


@pytest.fixture
def window(make_window, diary_path: Path) -> Any:
    _diary_with_a_night(diary_path)
    w = make_window(diary_path)
    w.diary.prepare_writes()  # the writing connection exists before the edge is made to fail
    w.diary.checkpoint()  # every earlier write is in the main file: its bytes can be compared
    return w


def _type_into(qtbot: Any, field: QWidget, text: str) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    if hasattr(field, "selectAll"):
        field.selectAll()
    qtbot.keyClicks(focused(), text)


def _ctrl_return(qtbot: Any) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_full_disk_keeps_the_typed_night_and_says_why(
    window, diary_path: Path, edge: StoreEdge, qtbot
) -> None:
    before = _stored(diary_path)
    page = window.show_page("night", focus=True)
    page.open_night(date(2026, 3, 4))  # a new night
    page.severity.setFocus()
    qtbot.keyClicks(page.severity, "8")
    _type_into(qtbot, page.notes, "woke at 3, walked the hall")
    edge.fail_with(FULL)
    _ctrl_return(qtbot)

    said = page.status.accessibleDescription()
    assert page.status.isVisible()
    assert said.startswith("Could not save: the disk is full. Nothing was changed in the diary.")
    assert "Free some disk space" in said
    assert page.severity.value() == 8
    assert page.notes.toPlainText() == "woke at 3, walked the hall"
    assert page.date.value() == date(2026, 3, 4)
    assert _stored(diary_path) == before
    assert not window.menu.undo.isEnabled()  # no undo step for a save that did not happen

    edge.heal()  # room again: the same form saves as typed
    _ctrl_return(qtbot)
    night = window.diary.night_on(date(2026, 3, 4))
    assert night is not None
    assert night.rls_severity == 8
    assert night.notes == "woke at 3, walked the hall"


def test_a_read_only_file_keeps_the_edited_night_and_the_stored_one(
    window, diary_path: Path, edge: StoreEdge, qtbot, ask: ScriptedAsk
) -> None:
    before = _stored(diary_path)
    page = window.show_page("night", focus=True)
    page.open_night(date(2026, 3, 3))  # the saved night, for editing
    page.severity.setFocus()
    qtbot.keyClicks(page.severity, "2")
    edge.fail_with(READ_ONLY)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    said = page.status.accessibleDescription()
    assert said.startswith("Could not save: the diary file cannot be written (it is read-only).")
    assert "Nothing was changed in the diary." in said
    assert page.severity.value() == 2  # what was typed
    assert page.notes.toPlainText() == "legs jumpy"
    assert window.diary.night_on(date(2026, 3, 3)).rls_severity == 6
    assert _stored(diary_path) == before
    # The edit is still unsaved: closing the window asks about it (here: discard).
    assert page.unsaved_label.isVisible()
    ask.answers = ["Discard"]
    window.close()
    assert ask.last("choose").title == "Unsaved changes"
    assert _stored(diary_path) == before


def test_a_full_disk_keeps_the_typed_blood_test(
    window, diary_path: Path, edge: StoreEdge, qtbot
) -> None:
    before = _stored(diary_path)
    page = window.show_page("blood_tests")
    _type_into(qtbot, page.value, "61")
    _type_into(qtbot, page.lab_name, "St Thomas'")
    _type_into(qtbot, page.notes, "after the infusion")
    edge.fail_with(FULL)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    said = page.status.accessibleDescription()
    assert said.startswith("Could not save: the disk is full. Nothing was changed in the diary.")
    assert page.value.text() == "61"
    assert page.lab_name.text() == "St Thomas'"
    assert page.notes.text() == "after the infusion"
    assert page.table_model.rowCount() == 1  # only the result saved earlier
    assert _stored(diary_path) == before

    edge.heal()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert [lab.value for lab in window.diary.labs()] == [48, 61]


def test_a_full_disk_keeps_the_typed_infusion(
    window, diary_path: Path, edge: StoreEdge, qtbot
) -> None:
    before = _stored(diary_path)
    page = window.show_page("treatments")
    editor = page.infusions
    _type_into(qtbot, editor.dose, "1000")
    _type_into(qtbot, editor.notes, "left arm")
    edge.fail_with(FULL)
    _ctrl_return(qtbot)

    said = editor.status.accessibleDescription()
    assert said.startswith("Could not save: the disk is full. Nothing was changed in the diary.")
    assert editor.dose.text() == "1000"
    assert editor.notes.text() == "left arm"
    assert editor.table_model.rowCount() == 0
    assert _stored(diary_path) == before


def test_an_undo_that_cannot_be_written_says_why_and_keeps_the_diary(
    window, diary_path: Path, edge: StoreEdge, qtbot, ask: ScriptedAsk
) -> None:
    page = window.show_page("blood_tests")
    page.table.selectRow(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert window.diary.labs() == []
    window.diary.checkpoint()
    before = _stored(diary_path)
    edge.fail_with(FULL)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)

    said = page.status.accessibleDescription()
    assert said.startswith("Could not save: the disk is full.")
    assert _stored(diary_path) == before
    assert page.undo_button.isVisible()  # the undo can be tried again
    window.menu.undo.trigger()  # Edit → Undo, disk still full
    shown = ask.last("error")
    assert shown.title == "Undo"
    assert "the disk is full" in shown.text
    assert window.menu.undo.isEnabled()
    assert not window.menu.redo.isEnabled()
    assert _stored(diary_path) == before
    edge.heal()
    window.menu.undo.trigger()  # with room again the undo is still there, and works
    assert [lab.value for lab in window.diary.labs()] == [48]
    window.menu.redo.trigger()  # and redo deletes it again
    assert window.diary.labs() == []
