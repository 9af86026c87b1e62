"""A brand typed as a medicine shows the generic it is stored as, and edits keep the brand."""

from __future__ import annotations

import os
from datetime import date, time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from diary.records import Dose, Infusion, Night
from diary.ui.night_entry_page import NightEntryPage
from diary.ui.treatments_page import TreatmentsPage
from tests.gui.pages_helpers import focused, show


def test_a_typed_brand_shows_its_generic_and_is_stored_with_it(qtbot, model):
    page = show(qtbot, NightEntryPage(model))
    qtbot.waitUntil(lambda: page.severity.hasFocus())
    qtbot.keyClicks(focused(), "5")
    qtbot.mouseClick(page.intake.add_medicine, Qt.MouseButton.LeftButton)
    row = page.intake.rows[0]
    qtbot.waitUntil(lambda: focused() in (row.name, row.name.lineEdit()))
    qtbot.keyClicks(focused(), "OxyContin")
    qtbot.waitUntil(row.generic.isVisible)
    assert row.generic.text() == "OxyContin → oxycodone"
    assert row.unit.currentData() == "mg"  # oxycodone's usual unit, found through the brand
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "10")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(model.diary.intake_on(date(2026, 3, 4))[0]))
    [dose] = model.diary.intake_on(date(2026, 3, 4))[0]
    assert (dose.medication, dose.as_typed, dose.amount) == ("oxycodone", "OxyContin", 10.0)

    page.open_night(date(2026, 3, 4))  # the saved night shows the name as typed again
    [row] = page.intake.rows
    assert row.name.currentText() == "OxyContin"
    assert row.generic.isVisible()
    assert row.generic.text() == "OxyContin → oxycodone"
    row.name.setCurrentText("Morphine")  # a generic: nothing beside it
    assert not row.generic.isVisible()


def test_editing_doses_and_infusions_keeps_the_brand(qtbot, model):
    day = date(2026, 3, 1)
    model.diary.save_night(Night(day, 4), [Dose(day, "Lyrica", 75, "mg", time(21, 0))])
    model.diary.add(Infusion(date(2026, 2, 1), "Ferinject", 750.0))
    page = show(qtbot, TreatmentsPage(model))

    page.tabs.setCurrentWidget(page.doses)
    editor = page.doses
    m = editor.table_model
    assert m.data(m.index(0, 1)) == "Lyrica → pregabalin"
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    assert editor.medication.currentText() == "Lyrica"
    editor.amount.setFocus()
    qtbot.waitUntil(editor.amount.hasFocus)
    editor.amount.selectAll()
    qtbot.keyClicks(focused(), "150")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.diary.doses()[0].amount == 150.0)
    [dose] = model.diary.doses()
    assert (dose.medication, dose.as_typed) == ("pregabalin", "Lyrica")

    page.tabs.setCurrentWidget(page.infusions)
    editor = page.infusions
    m = editor.table_model
    assert m.data(m.index(0, 1)) == "Ferinject → ferric carboxymaltose"
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    editor.dose.setFocus()
    qtbot.waitUntil(editor.dose.hasFocus)
    editor.dose.selectAll()
    qtbot.keyClicks(focused(), "1000")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.diary.infusions()[0].dose_mg == 1000.0)
    [inf] = model.diary.infusions()
    assert (inf.product, inf.as_typed) == ("ferric_carboxymaltose", "Ferinject")
