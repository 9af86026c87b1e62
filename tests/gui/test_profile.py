"""Profile: every field is stored on leaving it; bad input is shown and not stored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from diary.records import Profile


def test_fields_are_stored_at_once_and_have_their_labels_as_names(
    make_window, diary_path: Path, qtbot
) -> None:
    window = make_window(diary_path)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    page = window.page("profile")
    name = page.edits["name"]
    assert name.hasFocus()
    assert [e.accessibleName() for e in page.edits.values()] == ["Name", "Birth year", "Clinician"]
    qtbot.keyClicks(name, "Maria Jones")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.edits["birth_year"], "1948")
    qtbot.keyClick(page.edits["birth_year"], Qt.Key.Key_Tab)
    qtbot.keyClicks(page.edits["clinician"], "Dr Patel")
    qtbot.keyClick(page.edits["clinician"], Qt.Key.Key_Return)
    assert window.diary.profile() == Profile("Maria Jones", 1948, "Dr Patel")
    assert page.status.text() == "Saved."


def test_a_field_still_being_typed_is_stored_on_close(make_window, diary_path: Path, qtbot):
    from diary.store.gateway import Diary

    window = make_window(diary_path)
    page = window.show_page("profile", focus=True)
    qtbot.keyClicks(page.edits["name"], "Ann")
    window.close()
    with Diary.open(diary_path, create=False) as d:
        assert d.profile().name == "Ann"


def test_a_bad_birth_year_is_explained_and_not_stored(make_window, diary_path: Path, qtbot) -> None:
    window = make_window(diary_path)
    page = window.show_page("profile")
    year = page.edits["birth_year"]
    year.setFocus()
    qtbot.keyClicks(year, "1850")
    qtbot.keyClick(year, Qt.Key.Key_Return)
    assert page.errors["birth_year"].text() == "⚠ Birth year must be between 1900 and 2026"
    assert page.errors["birth_year"].isVisible()
    assert year.text() == "1850"  # kept for correcting
    assert window.diary.profile() == Profile()
    year.clear()
    qtbot.keyClicks(year, "nineteen")
    qtbot.keyClick(year, Qt.Key.Key_Return)
    assert page.errors["birth_year"].text() == "⚠ Birth year must be a year, like 1950"
    year.clear()
    qtbot.keyClicks(year, "1950")
    qtbot.keyClick(year, Qt.Key.Key_Return)
    assert not page.errors["birth_year"].isVisible()
    assert window.diary.profile().birth_year == 1950


def test_undo_puts_the_profile_back(make_window, diary_path: Path, qtbot) -> None:
    window = make_window(diary_path)
    page = window.show_page("profile")
    page.edits["name"].setFocus()
    qtbot.keyClicks(page.edits["name"], "Bob")
    qtbot.keyClick(page.edits["name"], Qt.Key.Key_Return)
    assert window.diary.profile().name == "Bob"
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.diary.profile().name == ""
    assert page.edits["name"].text() == ""


def test_the_page_describes_the_diary_file(make_window, diary_path: Path) -> None:
    window = make_window(diary_path)
    page = window.show_page("profile")
    assert str(diary_path) in page.about.text()
    assert "0 nights" in page.about.text()
