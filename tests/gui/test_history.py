"""History: nights newest first, open one for editing, delete with confirmation, undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from diary.records import Dose, Night
from diary.store.gateway import Diary
from tests.gui.conftest import fixed_today


def _seed(path: Path) -> None:
    with Diary.open(path, today=fixed_today) as d:
        d.add_night(Night(date(2026, 3, 1), 3, sleep_hours=7.5, tags=("coffee",)))
        d.add_night(
            Night(date(2026, 3, 3), 8, sleep_hours=4.25, notes="legs awful"),
            doses=[Dose(date(2026, 3, 3), "pregabalin", 75, "mg")],
        )
        d.add_night(Night(date(2026, 3, 2), 5))


def _rows(page) -> list[list[str]]:
    model = page.table.model()
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_lists_nights_newest_first_with_severity_and_sleep(
    make_window, diary_path: Path, qtbot
) -> None:
    _seed(diary_path)
    window = make_window(diary_path)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.page("history")
    assert page.summary.text() == "3 nights logged, newest first."
    assert _rows(page) == [
        ["Tue 3 → Wed 4 Mar 2026", "8", "4.25 h", "", "legs awful"],
        ["Mon 2 → Tue 3 Mar 2026", "5", "–", "", ""],
        ["Sun 1 → Mon 2 Mar 2026", "3", "7.5 h", "coffee", ""],
    ]


def test_delete_asks_first_and_ctrl_z_brings_the_night_back(
    make_window, diary_path: Path, qtbot, ask
) -> None:
    _seed(diary_path)
    window = make_window(diary_path)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.page("history")
    assert page.table.hasFocus()

    ask.answers = [False]  # the user cancels the first time
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert ask.last("confirm").text.startswith("Delete the night of Tue 3 → Wed 4 March")
    assert window.diary.night_on(date(2026, 3, 3)) is not None

    ask.answers = [True]
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert window.diary.night_on(date(2026, 3, 3)) is None
    assert window.diary.intake_on(date(2026, 3, 3)) == ([], [])
    assert [r[0] for r in _rows(page)] == ["Mon 2 → Tue 3 Mar 2026", "Sun 1 → Mon 2 Mar 2026"]
    assert window.menu.undo.isEnabled()
    assert window.menu.undo.text() == "&Undo Delete night of 3 Mar 2026"

    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    night = window.diary.night_on(date(2026, 3, 3))
    assert night is not None
    assert night.rls_severity == 8
    assert night.notes == "legs awful"
    doses, _ = window.diary.intake_on(date(2026, 3, 3))
    assert [(d.medication, d.amount) for d in doses] == [("pregabalin", 75)]
    assert _rows(page)[0][:3] == ["Tue 3 → Wed 4 Mar 2026", "8", "4.25 h"]

    qtbot.keyClick(page.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo
    assert window.diary.night_on(date(2026, 3, 3)) is None


def test_delete_button_deletes_the_selected_night(
    make_window, diary_path: Path, qtbot, ask
) -> None:
    _seed(diary_path)
    window = make_window(diary_path)
    page = window.show_page("history")
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # second row: 2 March
    ask.answers = [True]
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "Mon 2 → Tue 3 March" in ask.last("confirm").text
    assert window.diary.night_on(date(2026, 3, 2)) is None
    assert window.diary.night_on(date(2026, 3, 3)) is not None


def test_enter_opens_the_night_on_the_entry_page(make_window, diary_path: Path, qtbot) -> None:
    _seed(diary_path)
    window = make_window(diary_path)
    page = window.show_page("history")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_key() == "night"
    entry = window.page("night")
    shown = " ".join(w.text() for w in entry.findChildren(type(page.summary)))
    assert "Sun 1 → Mon 2 March" in shown


def test_new_nights_appear_when_saved_elsewhere(make_window, diary_path: Path) -> None:
    window = make_window(diary_path)
    page = window.show_page("history")
    assert page.summary.text() == "No nights logged yet."
    window.model.save_night(Night(date(2026, 3, 4), 2, sleep_hours=8))
    assert _rows(page) == [["Wed 4 → Thu 5 Mar 2026", "2", "8 h", "", ""]]


def test_compact_span_names_months_and_years_where_they_change() -> None:
    from diary.ui.history_page import compact_span

    assert compact_span(date(2026, 2, 28)) == "Sat 28 Feb → Sun 1 Mar 2026"
    assert compact_span(date(2025, 12, 31)) == "Wed 31 Dec 2025 → Thu 1 Jan 2026"
    assert compact_span(date(2024, 7, 9)) == "Tue 9 → Wed 10 Jul 2024"
