"""Record tables at large text in a 1024 x 768 window: no sideways scrolling, no text cut."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QStyleOptionViewItem

from diary import catalog
from diary.records import Infusion, LabResult, Venesection
from tests.gui.conftest import TODAY


def _results(day: date) -> list[LabResult]:
    """One of every test the page knows, with the longest things a patient types."""
    results = []
    for test in catalog.LAB_TESTS:
        unit = max(test.units, key=len)  # the longest unit the test is reported in
        value = round(test.max_value / 7 / test.units[unit], 1)
        results.append(
            LabResult(
                day,
                test.name,
                value,
                unit,
                fasting=True,
                lab_name="Royal Infirmary of Edinburgh",
                notes="taken the week after a heavy cold",
            )
        )
    # A high CRP the same day marks every result of that day 'possibly raised by inflammation'.
    results.append(LabResult(day, "crp", 40.0, "mg/L", fasting=False, lab_name="GP surgery"))
    return results


def cell_lines(table: Any, row: int, column: int) -> tuple[list[str], QRect]:
    """The lines the table draws in a cell (through its own delegate), and the cell's box."""
    index = table.model().index(row, column)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect = table.visualRect(index)
    option.widget = table
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    return option.text.replace("\n", "\u2028").split("\u2028"), QRect(option.rect)


def _at_text_size(qtbot: Any, window: Any, percent: int) -> None:
    window.resize(1024, 768)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for _ in range({150: 2, 200: 3}[percent]):  # Ctrl+= : 125, 150, 200 %
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.settings.text_size() == percent


def _settled(qtbot: Any, window: Any, key: str, page: Any, table: Any) -> None:
    """Wait until the page is laid out at this size and the table fitted to it (they take
    turns), then say if anything still scrolls sideways."""
    areas = [window.stack.currentWidget(), *page.findChildren(QScrollArea), table]

    def sideways() -> list[str]:
        return [type(a).__name__ for a in areas if a.horizontalScrollBar().isVisible()]

    try:
        qtbot.waitUntil(
            lambda: window.current_key() == key and not table._fit_pending and not sideways()
        )
    finally:
        assert not sideways(), sideways()


def text_cut_short(table: Any) -> list[str]:
    """Every header and cell whose text does not fit its box as drawn (a word wider than the
    column, or more lines than the row holds)."""
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    model = table.model()
    cut = []
    for column in range(header.count()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        width = header.sectionSize(column)
        words = [metrics.horizontalAdvance(w) for w in title.split()]
        wrapped = metrics.boundingRect(
            QRect(0, 0, width - 4, 10_000), Qt.TextFlag.TextWordWrap, title
        )
        if max(words) > width - 4 or wrapped.height() > header.height():
            cut.append(f"header {title!r}: {width} px wide, {header.height()} px high")
        for row in range(model.rowCount()):
            text = model.index(row, column).data()
            lines, box = cell_lines(table, row, column)
            assert " ".join(lines) == text  # every word is drawn, in order
            widest = max(metrics.horizontalAdvance(line) for line in lines)
            if widest > box.width() - 8 or len(lines) * metrics.lineSpacing() > box.height():
                cut.append(f"{title} {text!r}: {len(lines)} line(s) in {box.size()}")
    return cut


@pytest.mark.parametrize("percent", [150, 200])
def test_blood_tests_fit_the_window_without_cutting_any_text(
    make_window: Any, tmp_path: Path, qtbot: Any, qapp: QApplication, percent: int
) -> None:
    window = make_window(tmp_path / "diary.sqlite")
    for lab in _results(TODAY - timedelta(days=3)):
        window.model.add(lab)
    _at_text_size(qtbot, window, percent)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Blood tests
    page = window.page("blood_tests")
    table = page.table
    _settled(qtbot, window, "blood_tests", page, table)

    model = table.model()
    assert model.rowCount() == len(catalog.LAB_TESTS) + 1
    cut = text_cut_short(table)
    assert not cut, "\n".join(cut)
    notes = {model.index(r, 1).data(): model.index(r, 5).data() for r in range(model.rowCount())}
    assert notes["Ferritin"] == (
        "fasting; possibly raised by inflammation; taken the week after a heavy cold"
    )


def test_treatments_at_200_percent_cut_no_text(
    make_window: Any, tmp_path: Path, qtbot: Any, qapp: QApplication
) -> None:
    window = make_window(tmp_path / "diary.sqlite")
    for days, product in ((2, "ferric_carboxymaltose"), (130, "ferric_derisomaltose")):
        window.model.add(Infusion(TODAY - timedelta(days=days), product, 1000.0))
    window.model.add(Venesection(TODAY - timedelta(days=9), 450.0, "felt faint afterwards"))
    _at_text_size(qtbot, window, 200)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Treatments
    page = window.page("treatments")
    for editor in (page.infusions, page.venesections):
        page.tabs.setCurrentWidget(editor)
        _settled(qtbot, window, "treatments", page, editor.table)
        cut = text_cut_short(editor.table)
        assert not cut, "\n".join(cut)
