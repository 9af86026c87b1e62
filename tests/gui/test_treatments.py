"""Treatments page: infusions, venesections, medicines and supplements — add, edit, delete."""

from __future__ import annotations

import os
from datetime import date, time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from diary.records import Dose, Infusion, Supplement, Venesection
from diary.ui.treatments_page import TreatmentsPage
from tests.gui.conftest import TODAY
from tests.gui.pages_helpers import choose, focused, show


def open_page(qtbot, model) -> TreatmentsPage:
    return show(qtbot, TreatmentsPage(model))


def type_into(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClicks(focused(), text)


def test_add_an_infusion(qtbot, model):
    page = open_page(qtbot, model)
    editor = page.infusions
    editor.date.setFocus()
    qtbot.waitUntil(editor.date.hasFocus)
    for _ in range(3):
        qtbot.keyClick(focused(), Qt.Key.Key_Down)  # three days back: Monday 2 March
    choose(qtbot, editor.product, "Ferric derisomaltose")
    type_into(qtbot, editor.dose, "1000")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert model.diary.infusions() == [
        Infusion(date(2026, 3, 2), "ferric_derisomaltose", 1000.0, "", id=1)
    ]
    m = editor.table_model
    assert [m.data(m.index(0, c)) for c in range(3)] == [
        "Mon 2 Mar 2026",
        "Ferric derisomaltose",
        "1000",
    ]
    assert "Added the infusion of 2 March 2026." in editor.status.text()


def test_infusion_dose_out_of_range_is_refused(qtbot, model):
    page = open_page(qtbot, model)
    editor = page.infusions
    type_into(qtbot, editor.dose, "9000")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.boxes["dose_mg"].message == (
        "the dose must be mg of iron, greater than 0 and at most 5000"
    )
    assert editor.dose.text() == "9000"
    assert model.diary.infusions() == []
    type_into(qtbot, editor.dose, "")
    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.boxes["dose_mg"].message == "Type the dose in mg of iron, like 1000"


def test_edit_and_delete_a_venesection(qtbot, model):
    model.diary.add(Venesection(date(2026, 1, 5), 450))
    page = open_page(qtbot, model)
    page.tabs.setCurrentWidget(page.venesections)
    editor = page.venesections
    editor.table.selectRow(0)
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    assert editor.volume.text() == "450"
    type_into(qtbot, editor.volume, "500")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [v.volume_ml for v in model.diary.venesections()] == [500.0]

    editor.table.setFocus()
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert model.diary.venesections() == []
    assert editor.table_model.rowCount() == 0


def test_correct_a_medicine_dose(qtbot, model):
    model.diary.add(Dose(date(2026, 3, 1), "pregabalin", 75, "mg", time(21, 0)))
    page = open_page(qtbot, model)
    page.tabs.setCurrentWidget(page.doses)
    editor = page.doses
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    assert editor.medication.currentText() == "Pregabalin"
    type_into(qtbot, editor.amount, "150")
    type_into(qtbot, editor.time, "22:15")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [dose] = model.diary.doses()
    assert (dose.medication, dose.amount, dose.unit, dose.time) == (
        "pregabalin",
        150.0,
        "mg",
        time(22, 15),
    )


def test_add_a_supplement_and_a_bad_time(qtbot, model):
    page = open_page(qtbot, model)
    page.tabs.setCurrentWidget(page.supplements)
    editor = page.supplements
    choose(qtbot, editor.product, "Ferrous sulfate")
    type_into(qtbot, editor.amount, "325")
    type_into(qtbot, editor.time, "9 in the morning")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.boxes["time"].message == "The time taken must be a time of day, like 22:30"
    assert model.diary.supplements() == []
    type_into(qtbot, editor.time, "9am")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert model.diary.supplements() == [
        Supplement(TODAY, "ferrous_sulfate", 325.0, time(9, 0), 65.0, None, "", id=1)
    ]
    m = editor.table_model
    assert m.data(m.index(0, 3)) == "65"  # the elemental iron worked out


def test_changes_elsewhere_show_at_once(qtbot, model):
    page = open_page(qtbot, model)
    model.add(Infusion(date(2026, 2, 2), "iron_sucrose", 200))
    assert page.infusions.table_model.rowCount() == 1


def test_the_infusions_tab_says_how_the_latest_course_went(qtbot, model):
    from datetime import timedelta

    from diary.records import DiaryContents, LabResult, Night

    first = date(2025, 11, 3)
    last = first + timedelta(7)
    nights = tuple(
        Night(first + timedelta(i), 6 if i < 0 else (2 if i >= 49 else 4))
        for i in range(-30, (TODAY - first).days)
    )
    labs = (
        LabResult(first - timedelta(3), "ferritin", 40.0, "ng/mL"),
        LabResult(last + timedelta(56), "ferritin", 205.0, "ng/mL"),
    )
    doses = (
        Infusion(first, "ferric_carboxymaltose", 750.0),
        Infusion(last, "ferric_carboxymaltose", 750.0),
    )
    model.diary.import_contents(DiaryContents(nights, labs, infusions=doses))
    page = open_page(qtbot, model)
    summary = page.infusions.course_summary
    qtbot.waitUntil(lambda: "Latest infusion" in summary.text())
    text = " ".join(summary.text().split())
    assert text.startswith(
        "Latest infusion: the course of 2 doses, 1500 mg in all, from 3 November 2025 to "
        "10 November 2025 (Ferric carboxymaltose): mean RLS severity 6.0 in the 4 weeks "
        "before (28 nights); 2.0 in weeks 6–12 after the last dose (42 nights)."
    )
    assert "Ferritin rose +165 ng/mL against 150–180 expected." in text

    # A new infusion today starts a new course: the summary follows at once.
    page.infusions.dose.setFocus()
    qtbot.waitUntil(page.infusions.dose.hasFocus)
    type_into(qtbot, page.infusions.dose, "500")
    qtbot.mouseClick(page.infusions.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "infusion of 500 mg on 5 March 2026" in summary.text())
    assert "It is too early to judge" in " ".join(summary.text().split())
