"""Usual medicines, set once on the Profile page, prefill every new night (back-filled too)."""

from __future__ import annotations

import os
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from diary.ui.profile_page import ProfilePage
from tests.gui.night_entry_helpers import log, open_page
from tests.gui.pages_helpers import press, show, type_here


def focused_or_none() -> QWidget | None:
    return QApplication.focusWidget()


def test_set_once_on_the_profile_then_every_new_night_starts_with_it(qtbot, model):
    profile = show(qtbot, ProfilePage(model))
    box = profile.usual
    qtbot.waitUntil(profile.isActiveWindow)
    qtbot.mouseClick(box.intake.add_medicine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: focused_or_none() is box.intake.rows[0].name)
    type_here(qtbot, "Pregabalin")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "50")
    press(qtbot, Qt.Key.Key_Tab)  # unit
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "21:00")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "Saved: 1 usual item" in box.status.accessibleDescription()
    [usual], [] = model.diary.usual_intake(date(2026, 3, 1))
    assert (usual.medication, usual.amount, usual.unit) == ("pregabalin", 50.0, "mg")

    log(model, date(2026, 3, 3))  # a night with a different intake, logged earlier
    page = open_page(qtbot, model)  # the new night of 4 March
    assert [r.name.currentText() for r in page.intake.rows] == ["Pregabalin"]
    press(qtbot, Qt.Key.Key_PageUp)
    press(qtbot, Qt.Key.Key_PageUp)  # back-filling 2 March, before any logged night
    assert page.date.value() == date(2026, 3, 2)
    assert [r.amount.text() for r in page.intake.rows] == ["50"]
    qtbot.waitUntil(page.severity.hasFocus)
    type_here(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    doses, _ = model.diary.intake_on(date(2026, 3, 2))
    assert [(d.medication, d.amount) for d in doses] == [("pregabalin", 50.0)]


def test_a_bad_usual_entry_is_refused_and_nothing_changes(qtbot, model):
    profile = show(qtbot, ProfilePage(model))
    box = profile.usual
    qtbot.mouseClick(box.intake.add_supplement, Qt.MouseButton.LeftButton)
    assert not box.save()
    assert "Nothing was saved" in box.status.accessibleDescription()
    assert model.diary.usual_intake(date(2026, 3, 1)) == ([], [])
