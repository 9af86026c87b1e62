"""The welcome on first run: create my diary, import a CSV export, explore the demo patient."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from diary.demo import generate_contents
from diary.records import DiaryContents, Night, Profile
from diary.store.csv_exchange import write_export
from diary.store.gateway import Diary
from diary.ui.first_run import DEMO, IMPORT, FirstRunDialog, needs_first_run
from tests.gui.conftest import ScriptedAsk, fixed_today

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def dialog(qtbot, tmp_path: Path, diary_path: Path) -> FirstRunDialog:
    d = FirstRunDialog(
        diary_path,
        ask=ScriptedAsk(),
        today=fixed_today,
        demo_parent_dir=tmp_path / "temp",
    )
    (tmp_path / "temp").mkdir()
    qtbot.addWidget(d)
    d.show()
    return d


def _click(qtbot, button) -> None:
    assert button.isVisible(), button.text()
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_needs_first_run_only_when_no_diary(diary_path: Path) -> None:
    assert needs_first_run(diary_path)
    Diary.open(diary_path, create=True).close()
    assert not needs_first_run(diary_path)


def test_create_my_diary_with_name_and_birth_year(qtbot, dialog, diary_path: Path) -> None:
    _click(qtbot, dialog.create_button)
    qtbot.keyClicks(dialog.name_edit, "  Ann Example ")
    qtbot.keyClicks(dialog.birth_year_edit, "1961")
    _click(qtbot, dialog.create_confirm)

    assert dialog.result() == QDialog.DialogCode.Accepted
    result = dialog.result_value
    assert result is not None
    assert (result.choice, result.path, result.demo) == ("create", diary_path, False)
    with Diary.open(diary_path, read_only=True) as d:
        assert d.profile() == Profile(name="Ann Example", birth_year=1961)
        assert d.counts()["nights"] == 0


def test_create_refuses_a_birth_year_in_the_future_and_creates_nothing(
    qtbot, dialog, diary_path: Path
) -> None:
    _click(qtbot, dialog.create_button)
    qtbot.keyClicks(dialog.birth_year_edit, "2031")
    _click(qtbot, dialog.create_confirm)

    assert dialog.result_value is None
    assert dialog.message.isVisible()
    assert "between 1900 and 2026" in dialog.message.text()
    assert not diary_path.exists()


def test_create_with_nothing_typed_is_allowed(qtbot, dialog, diary_path: Path) -> None:
    _click(qtbot, dialog.create_button)
    _click(qtbot, dialog.create_confirm)
    with Diary.open(diary_path, read_only=True) as d:
        assert d.profile() == Profile(name="", birth_year=None)


def _export(tmp_path: Path, contents: DiaryContents, name: str = "export.zip") -> Path:
    dest = tmp_path / name
    write_export(contents, dest)
    return dest


def test_import_a_csv_export_creates_the_diary_with_every_record(
    qtbot, dialog, tmp_path: Path, diary_path: Path
) -> None:
    contents = generate_contents(seed=3, years=1, end=date(2026, 3, 1))
    source = _export(tmp_path, contents)
    dialog.ask.answers.append(source)

    _click(qtbot, dialog.import_button)
    assert not dialog.import_confirm.isEnabled()
    _click(qtbot, dialog.pick_file_button)
    assert str(source) in dialog.source_label.text()
    _click(qtbot, dialog.import_confirm)

    result = dialog.result_value
    assert result is not None
    assert result.choice == IMPORT
    assert not result.demo
    assert result.path == diary_path
    assert f"Nights: {len(contents.nights)} added" in result.summary
    with Diary.open(diary_path, read_only=True) as d:
        stored = d.contents()
    assert stored.counts() == contents.counts()
    assert [n.rls_severity for n in stored.nights] == [n.rls_severity for n in contents.nights]
    assert [lab.value for lab in stored.labs] == [lab.value for lab in contents.labs]


def test_import_of_a_folder_with_problems_lists_them_and_creates_nothing(
    qtbot, dialog, tmp_path: Path, diary_path: Path
) -> None:
    nights = tuple(
        Night(date=date(2026, 1, 1) + timedelta(days=i), rls_severity=i % 10) for i in range(5)
    )
    folder = tmp_path / "export"
    folder.mkdir()
    write_export(DiaryContents(nights=nights), folder)
    nights_csv = folder / "nights.csv"
    lines = nights_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    row = lines[2].rstrip("\r\n").split(",")
    row[header.index("rls_severity")] = "14"
    lines[2] = ",".join(row) + "\r\n"
    nights_csv.write_text("".join(lines), encoding="utf-8")

    _click(qtbot, dialog.import_button)
    dialog.set_import_source(folder)
    _click(qtbot, dialog.import_confirm)

    assert dialog.result_value is None
    assert "Nothing was imported" in dialog.message.text()
    assert dialog.problems.isVisible()
    problems = dialog.problems.toPlainText()
    assert "nights.csv:3" in problems
    assert "rls_severity" in problems
    assert not diary_path.exists()
    assert list(diary_path.parent.glob("diary.sqlite*")) == []


def test_explore_the_demo_patient_uses_a_temporary_copy(
    qtbot, dialog, tmp_path: Path, diary_path: Path
) -> None:
    _click(qtbot, dialog.demo_button)

    result = dialog.result_value
    assert result is not None
    assert result.choice == DEMO
    assert result.demo
    assert result.temp_dir is not None
    assert result.temp_dir.parent == tmp_path / "temp"
    assert result.path.parent == result.temp_dir
    assert not diary_path.exists(), "the demo must never become the real diary"
    with Diary.open(result.path, read_only=True) as d:
        assert d.profile().name == "Demo Patient"
        assert d.counts()["nights"] > 600
    result.cleanup()
    assert not result.temp_dir.exists()


def test_back_returns_to_the_three_choices(qtbot, dialog) -> None:
    _click(qtbot, dialog.create_button)
    assert dialog.pages.currentWidget() is dialog.create_page
    back = [b for b in dialog.create_page.findChildren(type(dialog.create_confirm))]
    _click(qtbot, next(b for b in back if b.text() == "Back"))
    assert dialog.pages.currentWidget() is dialog.choices


def test_an_existing_diary_is_never_overwritten(qtbot, dialog, diary_path: Path) -> None:
    with Diary.open(diary_path, create=True) as d:
        d.set_profile(Profile(name="Already here"))
    _click(qtbot, dialog.create_button)
    qtbot.keyClicks(dialog.name_edit, "Someone else")
    _click(qtbot, dialog.create_confirm)
    assert dialog.result_value is None
    assert "already a diary" in dialog.message.text()
    with Diary.open(diary_path, read_only=True) as d:
        assert d.profile().name == "Already here"


def test_create_my_diary_from_the_keyboard_alone(qtbot, dialog, diary_path: Path) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.create_button.setFocus()
    qtbot.waitUntil(dialog.create_button.hasFocus)
    qtbot.keyClick(dialog.create_button, Qt.Key.Key_Space)
    qtbot.waitUntil(dialog.name_edit.hasFocus)
    qtbot.keyClicks(dialog.name_edit, "Ann Example")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert dialog.birth_year_edit.hasFocus()
    qtbot.keyClick(dialog.birth_year_edit, Qt.Key.Key_Tab)
    assert dialog.create_confirm.hasFocus()  # "Create my diary" comes before "Back"
    qtbot.keyClick(dialog.create_confirm, Qt.Key.Key_Tab)
    assert dialog.focusWidget().text() == "Back"
    dialog.birth_year_edit.setFocus()
    qtbot.waitUntil(dialog.birth_year_edit.hasFocus)
    qtbot.keyClicks(dialog.birth_year_edit, "1961")
    qtbot.keyClick(dialog.birth_year_edit, Qt.Key.Key_Return)  # Return acts
    assert dialog.result() == QDialog.DialogCode.Accepted
    with Diary.open(diary_path, read_only=True) as d:
        assert d.profile() == Profile(name="Ann Example", birth_year=1961)
