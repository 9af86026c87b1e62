"""Issue 14 items checked end to end from the keyboard: what quitting with an unsaved edit
leaves in the diary file, and brand names on the usual-medicines list."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt

from diary.store.gateway import Diary
from diary.ui.profile_page import ProfilePage
from tests.gui.conftest import ScriptedAsk
from tests.gui.night_entry_helpers import open_page
from tests.gui.pages_helpers import focused, press, show, type_here

CTRL = Qt.KeyboardModifier.ControlModifier
YESTERDAY = date(2026, 3, 4)  # the night the window opens on (today is 5 March)


def stored_severity(path: Path) -> int | None:
    with Diary.open(path, read_only=True) as diary:
        night = diary.night_on(YESTERDAY)
        return None if night is None else night.rls_severity


@pytest.mark.parametrize(("answer", "kept"), [("Save", 9), ("Discard", 4)])
def test_ctrl_q_with_an_unsaved_edit_stores_or_drops_it_as_answered(
    qtbot, tmp_path, make_window, answer: str, kept: int
) -> None:
    path = tmp_path / "diary.sqlite"
    ask = ScriptedAsk(answer)
    window = make_window(path, ask=ask)
    page = window.page("night")
    qtbot.waitUntil(page.severity.hasFocus)
    type_here(qtbot, "4")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.model.diary.night_on(YESTERDAY) is not None)
    page.severity.setFocus()
    qtbot.waitUntil(page.severity.hasFocus)
    type_here(qtbot, "9")
    assert page.unsaved_label.isVisible()

    press(qtbot, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible())
    question = ask.last("choose")
    assert question.title == "Unsaved changes"
    assert question.options == ["Save", "Discard"]
    assert stored_severity(path) == kept  # what the file holds after the window closed


def test_a_usual_medicine_typed_as_a_brand_shows_its_generic_and_prefills_it(qtbot, model):
    profile = show(qtbot, ProfilePage(model))
    box = profile.usual
    qtbot.waitUntil(profile.isActiveWindow)
    qtbot.mouseClick(box.intake.add_medicine, Qt.MouseButton.LeftButton)
    row = box.intake.rows[0]
    qtbot.waitUntil(lambda: focused() in (row.name, row.name.lineEdit()))
    type_here(qtbot, "Lyrica")
    qtbot.waitUntil(row.generic.isVisible)
    assert row.generic.text() == "Lyrica → pregabalin"
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "75")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "Saved: 1 usual item" in box.status.accessibleDescription()
    [usual], _ = model.diary.usual_intake(YESTERDAY)
    assert (usual.medication, usual.as_typed, usual.amount) == ("pregabalin", "Lyrica", 75.0)

    page = open_page(qtbot, model)  # a new night starts with it, the brand as typed
    [prefilled] = page.intake.rows
    assert prefilled.name.currentText() == "Lyrica"
    assert prefilled.generic.isVisible()
    assert prefilled.generic.text() == "Lyrica → pregabalin"
    type_here(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: bool(model.diary.intake_on(YESTERDAY)[0]))
    [dose] = model.diary.intake_on(YESTERDAY)[0]
    assert (dose.medication, dose.as_typed, dose.amount) == ("pregabalin", "Lyrica", 75.0)
