"""The main window: title, menus, page navigation by keyboard, text size, About."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from diary.ui.dialogs.about import AboutDialog
from diary.ui.settings import AppSettings
from diary.ui.text_size import base_point_size


def _menu_texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def _menus(window) -> dict[str, QMenu]:
    return {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}


def test_title_names_the_open_diary(make_window, tmp_path: Path) -> None:
    window = make_window(tmp_path / "maria.sqlite")
    assert window.isVisible()
    assert window.windowTitle() == "maria.sqlite — RLS Diary"


def test_menus_hold_every_item_of_the_issue(make_window, diary_path: Path) -> None:
    window = make_window(diary_path)
    menus = _menus(window)
    assert list(menus) == ["File", "Edit", "View", "Help"]
    assert _menu_texts(menus["File"]) == [
        "New diary…",
        "Open diary…",
        "Open recent",
        "Import…",
        "Export…",
        "Print preview…",
        "Print…",
        "Export PDF…",
        "Back up now",
        "Restore from a backup…",
        "Check diary",
        "Quit",
    ]
    assert _menu_texts(menus["Edit"]) == ["Undo", "Redo"]
    assert not window.menu.undo.isEnabled()  # nothing to undo in a fresh diary
    assert _menu_texts(menus["View"]) == ["Text size", "Go to", "Evening reminder…"]
    assert _menu_texts(window.menu.text_sizes[100].parent()) == [
        "100 %",
        "125 %",
        "150 %",
        "200 %",
        "Larger text",
        "Smaller text",
    ]
    assert _menu_texts(menus["Help"]) == ["About RLS Diary", "Open log folder"]


def test_night_entry_opens_first_and_ctrl_digits_switch_pages(
    make_window, diary_path: Path, qtbot
) -> None:
    window = make_window(diary_path)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Night entry",
        "History",
        "Blood tests",
        "Treatments",
        "Insights",
        "Profile",
    ]
    assert window.current_key() == "night"
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "profile"
    assert window.stack.currentWidget().isAncestorOf(window.page("profile"))
    # The shortcut also moves the keyboard focus into the page.
    assert window.page("profile").isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "history"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "night"


def test_navigation_list_works_with_arrow_keys(make_window, diary_path: Path, qtbot) -> None:
    window = make_window(diary_path)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_key() == "history"
    qtbot.keyClick(window.nav, Qt.Key.Key_End)
    assert window.current_key() == "profile"
    assert window.nav.accessibleName() == "Pages"


def test_text_size_150_scales_the_font_and_is_remembered(
    make_window, tmp_path: Path, settings: AppSettings, qapp, qtbot
) -> None:
    base = base_point_size(qapp)
    window = make_window(tmp_path / "a.sqlite")
    window.menu.text_sizes[150].trigger()
    qapp.processEvents()  # font changes reach existing widgets through the event loop
    assert qapp.font().pointSizeF() == base * 1.5
    assert window.page("profile").edits["name"].font().pointSizeF() == base * 1.5
    window.close()
    QApplication.setFont(QApplication.font())  # as a fresh start would be...
    from diary.ui.text_size import apply_text_size

    apply_text_size(qapp, 100)
    assert qapp.font().pointSizeF() == base
    # ...and a new window (a new start) comes back at 150 %.
    again = make_window(tmp_path / "a.sqlite", settings=AppSettings.at(Path(settings.file_name)))
    assert qapp.font().pointSizeF() == base * 1.5
    assert again.menu.text_sizes[150].isChecked()


def test_larger_and_smaller_text_step_through_the_sizes(
    make_window, diary_path: Path, settings: AppSettings, qtbot
) -> None:
    window = make_window(diary_path)
    window.menu.larger.trigger()
    window.menu.larger.trigger()
    assert settings.text_size() == 150
    window.menu.larger.trigger()
    window.menu.larger.trigger()  # stays at the largest
    assert settings.text_size() == 200
    window.menu.smaller.trigger()
    assert settings.text_size() == 150


def test_about_says_it_does_not_replace_a_clinician(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "does not replace your clinician" in texts
    assert "RLS Diary" in texts


def test_window_fits_1024_by_768(make_window, diary_path: Path) -> None:
    window = make_window(diary_path)
    window.resize(1024, 768)
    for key in window.page_keys():
        if key in ("history", "profile"):
            window.show_page(key)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024
    assert hint.height() <= 768


def test_closing_the_window_releases_the_diary(make_window, diary_path: Path) -> None:
    from diary.store.gateway import Diary

    window = make_window(diary_path)
    window.close()
    with Diary.open(diary_path, create=False) as again:  # not "open elsewhere" any more
        assert again.counts()["nights"] == 0


def test_every_page_opens_inside_the_window(make_window, diary_path: Path) -> None:
    window = make_window(diary_path)
    for key in window.page_keys():
        page = window.show_page(key)
        assert window.stack.currentWidget().isAncestorOf(page)
        assert page.isVisible()
