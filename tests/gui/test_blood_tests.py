"""Blood tests page: adding results in the lab's units, editing, the inflammation flag."""

from __future__ import annotations

import os
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from diary.records import LabResult
from diary.ui.blood_tests_page import INFLAMMATION_LABEL, BloodTestsPage
from tests.gui.conftest import TODAY
from tests.gui.pages_helpers import choose, focused, show


def open_page(qtbot, model) -> BloodTestsPage:
    return show(qtbot, BloodTestsPage(model))


def table_rows(page: BloodTestsPage) -> list[list[str]]:
    m = page.table_model
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_ferritin_in_ug_per_litre(qtbot, model):
    page = open_page(qtbot, model)
    choose(qtbot, page.test, "Ferritin")
    choose(qtbot, page.unit, "µg/L")
    page.value.setFocus()
    qtbot.keyClicks(focused(), "45")
    assert page.conversion.text() == "45 µg/L = 45 ng/mL"
    choose(qtbot, page.fasting, "Yes")
    page.lab_name.setFocus()
    qtbot.keyClicks(focused(), "St Thomas'")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    [lab] = model.diary.labs()
    assert (lab.date, lab.test, lab.value, lab.unit, lab.canonical_value) == (
        TODAY,
        "ferritin",
        45.0,
        "ug/L",
        45.0,
    )
    assert lab.fasting is True
    assert lab.lab_name == "St Thomas'"
    assert table_rows(page)[0] == [
        "Thu 5 Mar 2026",
        "Ferritin",
        "45 µg/L",
        "45 ng/mL",
        "St Thomas'",
        "fasting",
    ]
    assert "Added the ferritin result of 5 March 2026." in page.status.text()
    assert page.value.text() == ""  # ready for the next result of the same report


def test_serum_iron_in_umol_shows_the_conversion(qtbot, model):
    page = open_page(qtbot, model)
    choose(qtbot, page.test, "Serum iron")
    assert page.unit.currentText() == "µg/dL"  # the usual unit preselected
    choose(qtbot, page.unit, "µmol/L")
    page.value.setFocus()
    qtbot.keyClicks(focused(), "30")
    assert page.conversion.text() == "30 µmol/L = 168 µg/dL"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    [lab] = model.diary.labs()
    assert (lab.test, lab.unit, round(lab.canonical_value, 2)) == ("serum_iron", "umol/L", 167.55)
    # the next serum iron starts in the unit this diary uses
    choose(qtbot, page.test, "Ferritin")
    choose(qtbot, page.test, "Serum iron")
    assert page.unit.currentText() == "µmol/L"


def test_implausible_value_is_refused_at_the_field(qtbot, model):
    page = open_page(qtbot, model)
    choose(qtbot, page.test, "Transferrin saturation")
    page.value.setFocus()
    qtbot.keyClicks(focused(), "130")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    box = page.boxes["value"]
    assert box.error.isVisible()
    assert box.message == (
        "130 % is not a plausible transferrin saturation (the most accepted is 100 %)"
    )
    assert page.value.text() == "130"
    assert model.diary.labs() == []

    page.value.setFocus()
    page.value.selectAll()
    qtbot.keyClicks(focused(), "lots")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert box.message == "The value must be a number like 7.5, or a limit like <5"
    assert model.diary.labs() == []


def test_ferritin_on_a_high_crp_day_is_marked(qtbot, model):
    day = date(2026, 2, 10)
    model.diary.add(LabResult(day, "crp", 2.0, "mg/dL"))  # 20 mg/L: high
    model.diary.add(LabResult(day, "ferritin", 220, "ng/mL"))
    model.diary.add(LabResult(date(2026, 1, 10), "ferritin", 90, "ng/mL"))
    page = open_page(qtbot, model)
    notes = {(row[0], row[1]): row[-1] for row in table_rows(page)}
    assert notes[("Tue 10 Feb 2026", "Ferritin")] == "possibly raised by inflammation"
    assert notes[("Sat 10 Jan 2026", "Ferritin")] == ""
    assert notes[("Tue 10 Feb 2026", "C-reactive protein")] == ""


def test_edit_a_result_from_the_table(qtbot, model):
    model.diary.add(LabResult(date(2026, 2, 1), "ferritin", 40, "ng/mL"))
    model.diary.add(LabResult(date(2026, 3, 1), "tsat", 18, "%"))
    page = open_page(qtbot, model)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # newest first: tsat, then ferritin
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.save_button.text() == "Save changes"
    assert page.value.text() == "40"
    qtbot.mouseClick(page.inflammation, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    page.value.setFocus()
    qtbot.waitUntil(page.value.hasFocus)
    page.value.selectAll()
    qtbot.keyClicks(focused(), "44")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    labs = {lab.test: lab for lab in model.diary.labs()}
    assert len(labs) == 2
    assert labs["ferritin"].value == 44.0
    assert labs["ferritin"].date == date(2026, 2, 1)
    assert labs["ferritin"].inflammation is True
    assert page.save_button.text() == "Add result"
    assert INFLAMMATION_LABEL.startswith("Inflammation")


def test_delete_and_undo(qtbot, model):
    model.diary.add(LabResult(date(2026, 2, 1), "ferritin", 40, "ng/mL"))
    page = open_page(qtbot, model)
    page.table.selectRow(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert model.diary.labs() == []
    assert page.table_model.rowCount() == 0
    assert "Deleted the ferritin result of 1 February 2026." in page.status.text()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert [lab.value for lab in model.diary.labs()] == [40.0]
    assert page.table_model.rowCount() == 1


def test_inputs_are_named_as_labelled(qtbot, model):
    page = open_page(qtbot, model)
    names = {w.accessibleName() for w in page.findChildren(QWidget)}
    for name in ("Date", "Test", "Value", "Unit", "Fasting", "Lab", "Notes", INFLAMMATION_LABEL):
        assert name in names


def test_a_crp_below_the_labs_limit_is_kept_as_written(qtbot, model):
    page = open_page(qtbot, model)
    choose(qtbot, page.test, "C-reactive protein")
    page.value.setFocus()
    qtbot.keyClicks(focused(), "<5")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [lab] = model.diary.labs()
    assert (lab.test, lab.value_limit, lab.value, lab.value_text) == ("crp", "<", 5.0, "<5")
    assert table_rows(page)[0][1:3] == ["C-reactive protein", "<5 mg/L"]

    choose(qtbot, page.test, "Ferritin")
    page.value.setFocus()
    qtbot.keyClicks(focused(), "<10")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ferritin = model.diary.labs("ferritin")[0]
    assert (ferritin.value_limit, ferritin.value) == ("<", 10.0)

    page.value.setFocus()
    qtbot.keyClicks(focused(), "<")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.boxes["value"].message == "The value: write the limit after '<', like <5"
    assert len(model.diary.labs()) == 2
