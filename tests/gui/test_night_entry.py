"""The night form, driven from the keyboard and mouse as a patient would."""

from __future__ import annotations

import os
from datetime import date
from datetime import time as clock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from diary.errors import SaveFailed
from tests.gui.conftest import ScriptedAsk
from tests.gui.night_entry_helpers import log, open_page
from tests.gui.pages_helpers import focused, press, type_here, visible_errors


def by_name(page: QWidget, name: str) -> QWidget:
    found = [w for w in page.findChildren(QWidget) if w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return found[0]


def test_typical_night_from_the_keyboard_alone(qtbot, model):
    log(model, date(2026, 3, 3))
    page = open_page(qtbot, model)
    assert page.heading.text() == "Night of Wed 4 → Thu 5 March"

    type_here(qtbot, "4")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.sleep.lineEdit() or focused() is page.sleep
    type_here(qtbot, "6,5")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    night = model.diary.night_on(date(2026, 3, 4))
    assert night is not None
    assert (night.rls_severity, night.sleep_hours) == (4, 6.5)
    doses, sups = model.diary.intake_on(date(2026, 3, 4))
    assert [(d.medication, d.amount, d.unit, d.time) for d in doses] == [
        ("gabapentin", 300.0, "mg", clock(21, 0))
    ]
    assert [(s.product, s.amount_mg) for s in sups] == [("ferrous_sulfate", 325.0)]
    assert "Saved the night of Wed 4 → Thu 5 March." in page.status.text()
    assert "All nights are logged" in page.status.text()
    assert page.status.isVisible()


def test_one_then_zero_gives_ten_and_end_gives_ten(qtbot, model):
    page = open_page(qtbot, model)
    type_here(qtbot, "1")
    assert page.severity.value() == 1
    type_here(qtbot, "0")
    assert page.severity.value() == 10
    type_here(qtbot, "3")
    press(qtbot, Qt.Key.Key_End)
    assert page.severity.value() == 10
    press(qtbot, Qt.Key.Key_Left)
    assert page.severity.value() == 9
    qtbot.mouseClick(page.severity.group.button(2), Qt.MouseButton.LeftButton)
    assert page.severity.value() == 2
    assert [b.isChecked() for b in page.severity.group.buttons()].count(True) == 1


def test_catch_up_missed_nights_one_after_another(qtbot, model):
    log(model, date(2026, 2, 28))
    log(model, date(2026, 3, 3))
    page = open_page(qtbot, model)
    assert page.heading.text() == "Night of Wed 4 → Thu 5 March"
    assert page.missed.text() == "3 nights not logged yet."
    assert page.catch_up.isVisible()

    qtbot.mouseClick(page.catch_up, Qt.MouseButton.LeftButton)
    assert page.heading.text() == "Night of Sun 1 → Mon 2 March"
    for expected_next, severity in (
        ("Night of Mon 2 → Tue 3 March", "3"),
        ("Night of Wed 4 → Thu 5 March", "6"),
    ):
        qtbot.waitUntil(lambda: page.severity.hasFocus())
        type_here(qtbot, severity)
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert page.heading.text() == expected_next
    type_here(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "All nights are logged" in page.status.text()
    assert not page.catch_up.isVisible()
    stored = {n.date: n.rls_severity for n in model.diary.nights()}
    assert stored == {
        date(2026, 2, 28): 5,
        date(2026, 3, 1): 3,
        date(2026, 3, 2): 6,
        date(2026, 3, 3): 5,
        date(2026, 3, 4): 2,
    }
    # each caught-up night got the intake of the night before it
    assert len(model.diary.doses()) == 5


def test_edit_a_saved_night(qtbot, model):
    log(model, date(2026, 3, 3), severity=7, tags=("caffeine",))
    log(model, date(2026, 3, 4))
    page = open_page(qtbot, model)
    page.open_night(date(2026, 3, 3))
    assert page.mode.text() == "Editing the saved night."
    assert page.severity.value() == 7
    assert page.tags.tags() == ["caffeine"]
    assert len(page.intake.rows) == 2

    page.severity.setFocus()
    type_here(qtbot, "2")
    qtbot.mouseClick(page.intake.rows[1].remove, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.details_button, Qt.MouseButton.LeftButton)
    assert page.details.bedtime.isVisible()
    page.details.bedtime.setFocus()
    type_here(qtbot, "2330")
    page.tags.edit.setFocus()
    press(qtbot, Qt.Key.Key_End)
    type_here(qtbot, ", travel")
    qtbot.mouseClick(page.for_doctor, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    night = model.diary.night_on(date(2026, 3, 3))
    assert night is not None
    assert night.rls_severity == 2
    assert night.bedtime == clock(23, 30)
    assert night.tags == ("caffeine", "travel")
    assert night.for_doctor is True
    assert night.sleep_hours == 6.0
    doses, sups = model.diary.intake_on(date(2026, 3, 3))
    assert len(doses) == 1
    assert sups == []
    assert len(model.diary.nights()) == 2
    # the untouched night is as it was
    assert model.diary.intake_on(date(2026, 3, 4))[1][0].product == "ferrous_sulfate"


def test_add_a_custom_medicine_to_the_intake(qtbot, model):
    page = open_page(qtbot, model)
    type_here(qtbot, "5")
    qtbot.mouseClick(page.intake.add_medicine, Qt.MouseButton.LeftButton)
    assert focused() is page.intake.rows[0].name or focused() is page.intake.rows[0].name.lineEdit()
    type_here(qtbot, "Magnesium spray")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "2")
    press(qtbot, Qt.Key.Key_Tab)
    page.intake.rows[0].unit.setCurrentIndex(page.intake.rows[0].unit.findData("ml"))
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    doses, _ = model.diary.intake_on(date(2026, 3, 4))
    assert [(d.medication, d.amount, d.unit) for d in doses] == [("Magnesium spray", 2.0, "ml")]


def test_bad_sleep_hours_are_shown_at_the_field_and_nothing_is_stored(qtbot, model):
    page = open_page(qtbot, model)
    type_here(qtbot, "6")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "25")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert visible_errors(page) == ["⚠ Sleep hours must be between 0 and 24"]
    assert page.boxes["sleep_hours"].error.isVisible()
    assert page.sleep.accessibleDescription() == "Sleep hours must be between 0 and 24"
    assert page.sleep.text() == "25"
    assert "Nothing was saved" in page.status.text()
    assert model.diary.nights() == []

    page.sleep.lineEdit().selectAll()
    page.sleep.setFocus()
    type_here(qtbot, "abc")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert visible_errors(page) == ["⚠ Sleep hours must be a number, like 7.5 or 7:30"]
    assert page.sleep.text() == "abc"
    assert model.diary.nights() == []


def test_missing_severity_and_bad_details_are_all_shown(qtbot, model):
    page = open_page(qtbot, model)
    qtbot.mouseClick(page.details_button, Qt.MouseButton.LeftButton)
    page.details.bedtime.setFocus()
    type_here(qtbot, "25:00")
    page.details.awakenings.setFocus()
    type_here(qtbot, "many")
    page.sleep.setFocus()
    type_here(qtbot, "30")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    errors = visible_errors(page)
    assert any("Choose the RLS severity" in e for e in errors)
    assert "⚠ Bedtime must be a time of day, like 22:30" in errors
    assert "⚠ Awakenings must be a whole number, like 3" in errors
    assert "⚠ Sleep hours must be between 0 and 24" in errors
    assert len(errors) == 4
    assert page.details.bedtime.text() == "25:00"
    assert model.diary.nights() == []


def test_bad_intake_row_is_marked_and_nothing_is_stored(qtbot, model):
    page = open_page(qtbot, model)
    type_here(qtbot, "5")
    qtbot.mouseClick(page.intake.add_supplement, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    row = page.intake.rows[0]
    assert row.error.isVisible()
    assert "the amount must be a number of mg greater than 0" in row.error.text()
    assert model.diary.nights() == []


def test_disk_full_keeps_the_form(qtbot, model, monkeypatch):
    page = open_page(qtbot, model)

    def full(*_a, **_k):
        raise SaveFailed("the disk is full")

    monkeypatch.setattr(model.diary, "save_night", full)
    type_here(qtbot, "8")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Could not save: the disk is full." in page.status.text()
    assert page.severity.value() == 8
    assert page.heading.text() == "Night of Wed 4 → Thu 5 March"


def test_choosing_a_logged_date_opens_it_and_typed_values_survive_a_new_date(qtbot, model):
    log(model, date(2026, 3, 1), severity=9)
    ask = ScriptedAsk("Discard")
    page = open_page(qtbot, model, ask)
    type_here(qtbot, "3")
    page.date.set_value(date(2026, 3, 2))  # a date not yet logged: what was typed stays
    page.date.dateChanged.emit(page.date.date())
    assert page.severity.value() == 3
    assert ask.shown == []
    page.date.setFocus()
    qtbot.waitUntil(page.date.hasFocus)
    press(qtbot, Qt.Key.Key_Down)  # the day before: 1 March, already logged
    # the typed 3 would be replaced by the saved night: asked first, and discarded
    assert ask.last("choose").options == ["Save", "Discard"]
    assert page.heading.text() == "Night of Sun 1 → Mon 2 March"
    assert page.severity.value() == 9
    assert page.mode.text() == "Editing the saved night."


def test_inputs_are_named_as_labelled(qtbot, model):
    page = open_page(qtbot, model)
    for name in ("Date", "RLS severity", "Sleep hours", "Notes", "Tags", "For my doctor"):
        assert by_name(page, name).isVisibleTo(page)
    qtbot.mouseClick(page.details_button, Qt.MouseButton.LeftButton)
    for name in ("Bedtime", "Minutes to fall asleep", "Awakenings", "Wake time", "Sleep quality"):
        assert by_name(page, name).isVisible()
