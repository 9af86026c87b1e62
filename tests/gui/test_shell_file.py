"""The File menu and opening problems: damaged, locked, backups, check, restore, CSV."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from diary.records import Night
from diary.store import backup
from diary.store.gateway import Diary
from diary.ui.app import NoDiaryOpened
from diary.ui.dialogs.open_diary import OPEN_READ_ONLY, RESTORE_NEWEST, START_EMPTY
from tests.gui.conftest import ScriptedAsk, fixed_today


def _diary_with_nights(path: Path, *days: int) -> None:
    with Diary.open(path, today=fixed_today, auto_backup=False) as d:
        for day in days:
            d.add_night(Night(date(2026, 2, day), day % 11, sleep_hours=6))


def _damage(path: Path) -> None:
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database at all" * 100)


def test_damaged_diary_says_where_it_went_and_restores_the_newest_backup(
    make_window, diary_path: Path, ask: ScriptedAsk
) -> None:
    _diary_with_nights(diary_path, 1, 2, 3)
    backup.make_backup(diary_path)
    _damage(diary_path)
    ask.answers = [RESTORE_NEWEST]
    window = make_window(diary_path)
    question = ask.last("choose")
    moved = next(diary_path.parent.glob("diary.sqlite.damaged-*"))
    assert question.title == "The diary is damaged"
    assert f"It was moved to {moved}" in question.text
    assert "with 3 nights" in question.detail
    assert question.options == [RESTORE_NEWEST, START_EMPTY]
    assert window.diary.counts()["nights"] == 3
    assert moved.read_bytes().startswith(b"this is not a database")  # kept, never deleted


def test_damaged_diary_without_backup_can_be_left_closed(
    make_window, diary_path: Path, ask: ScriptedAsk
) -> None:
    _diary_with_nights(diary_path, 1)
    _damage(diary_path)
    ask.answers = [None]  # Cancel
    with pytest.raises(NoDiaryOpened):
        make_window(diary_path)
    question = ask.last("choose")
    assert "There is no good backup" in question.detail
    assert question.options == [START_EMPTY]
    assert not diary_path.exists()  # nothing recreated behind the user's back


def test_locked_diary_offers_read_only(make_window, diary_path: Path, ask: ScriptedAsk) -> None:
    _diary_with_nights(diary_path, 4, 5)
    with Diary.open(diary_path, auto_backup=False):  # "another window"
        ask.answers = [OPEN_READ_ONLY]
        window = make_window(diary_path)
        question = ask.last("choose")
        assert question.title == "Diary open elsewhere"
        assert "already open in another window" in question.text
        assert window.windowTitle() == "diary.sqlite (read-only) — RLS Diary"
        assert window.banner.isVisible()
        history = window.show_page("history")
        assert history.summary.text() == "2 nights logged, newest first."
        assert history.open_button.isEnabled()
        assert not history.delete_button.isEnabled()
        assert window.page("profile").edits["name"].isReadOnly()
        assert not window.menu.import_.isEnabled()
        assert not window.menu.restore.isEnabled()
        assert not window.menu.undo.isEnabled()
        window.close()


def test_locked_diary_dialog_is_a_real_message_box(qtbot, settings, diary_path: Path) -> None:
    """The default Ask shows a real modal box; pressing its button opens read-only."""
    from diary.ui import build_window

    _diary_with_nights(diary_path, 4)
    seen: list[str] = []

    def press_read_only() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_read_only)
            return
        seen.append(box.text())
        button = next(b for b in box.findChildren(QPushButton) if b.text() == OPEN_READ_ONLY)
        button.click()

    with Diary.open(diary_path, auto_backup=False):
        QTimer.singleShot(20, press_read_only)
        window = build_window(diary_path, settings=settings, today=fixed_today)
        qtbot.addWidget(window)
        assert seen
        assert "already open in another window" in seen[0]
        assert window.diary.read_only
        window.close()


def test_back_up_now_makes_a_checked_copy(make_window, diary_path: Path, ask: ScriptedAsk):
    window = make_window(diary_path)
    before = len(backup.list_backups(diary_path))
    window.menu.backup.trigger()
    after = backup.list_backups(diary_path)
    assert len(after) == before + 1
    assert str(after[0].path) in ask.last("info").text
    assert backup.integrity_ok(after[0].path)


def test_check_diary_reports_ok_with_counts(make_window, diary_path: Path, ask: ScriptedAsk):
    _diary_with_nights(diary_path, 1, 2)
    window = make_window(diary_path)
    window.menu.check.trigger()
    report = ask.last("report")
    assert report.title == "Check diary"
    assert report.text.startswith("The diary is in good order")
    assert "Nights: 2" in report.options


def test_restore_from_a_backup_brings_back_the_older_diary(
    make_window, diary_path: Path, ask: ScriptedAsk
) -> None:
    _diary_with_nights(diary_path, 1, 2)
    window = make_window(diary_path)  # the daily backup holds 2 nights
    window.model.save_night(Night(date(2026, 3, 1), 9))
    assert window.diary.counts()["nights"] == 3
    ask.answers = [lambda backups: backups[-1]]
    window.menu.restore.trigger()
    assert window.diary.counts()["nights"] == 2
    assert window.diary.night_on(date(2026, 3, 1)) is None
    message = ask.last("info").text
    assert message.startswith("Restored the backup from")
    kept = Path(message.split("kept at ")[1].rstrip("."))
    assert kept.exists()  # the diary as it was is never deleted
    # The window works on the restored file: a new change is stored.
    window.model.save_night(Night(date(2026, 3, 2), 1))
    assert window.diary.counts()["nights"] == 3
    assert window.windowTitle() == "diary.sqlite — RLS Diary"


def test_export_then_import_into_a_new_diary(
    make_window, diary_path: Path, tmp_path: Path, ask: ScriptedAsk, settings
) -> None:
    _diary_with_nights(diary_path, 1, 2, 3)
    window = make_window(diary_path)
    dest = tmp_path / "out.zip"
    ask.answers = [dest]
    window.menu.export.trigger()
    assert zipfile.ZipFile(dest).namelist()
    assert f"exported to {dest}" in ask.last("info").text

    fresh = tmp_path / "second.sqlite"
    ask.answers = [fresh]
    window.menu.new.trigger()
    assert window.windowTitle() == "second.sqlite — RLS Diary"
    assert window.diary.counts()["nights"] == 0
    history = window.show_page("history")
    assert history.summary.text() == "No nights logged yet."

    ask.answers = [dest]
    window.menu.import_.trigger()
    report = ask.last("report")
    assert report.title == "Import finished"
    assert "Nights: 3 added" in report.options
    assert window.diary.counts()["nights"] == 3
    assert history.summary.text() == "3 nights logged, newest first."
    assert any(b.label == "before-import" for b in backup.list_backups(fresh))
    assert settings.recent_diaries()[:2] == [fresh, diary_path]


def test_import_conflict_can_replace_nights(
    make_window, diary_path: Path, tmp_path: Path, ask: ScriptedAsk
) -> None:
    _diary_with_nights(diary_path, 1)
    window = make_window(diary_path)
    dest = tmp_path / "out.zip"
    ask.answers = [dest]
    window.menu.export.trigger()
    window.model.save_night(Night(date(2026, 2, 1), 10, sleep_hours=2))
    ask.answers = [dest, "Replace those nights"]
    window.menu.import_.trigger()
    assert "already in the diary with different values" in ask.last("choose").text
    assert window.diary.night_on(date(2026, 2, 1)).rls_severity == 1  # type: ignore[union-attr]


def test_import_problems_are_listed(make_window, diary_path, tmp_path, ask: ScriptedAsk):
    window = make_window(diary_path)
    bad = tmp_path / "nights.csv"
    bad.write_text("date,rls_severity\n2026-02-30,5\n2026-02-01,14\n", encoding="utf-8")
    ask.answers = [bad]
    window.menu.import_.trigger()
    shown = ask.last("error")
    assert shown.title == "Import failed"
    assert shown.text.startswith("Nothing was imported")
    assert len(shown.options) >= 2
    assert all("nights.csv" in p for p in shown.options)
    assert window.diary.counts()["nights"] == 0


def test_open_another_diary_and_reopen_it_from_recent(
    make_window, diary_path: Path, tmp_path: Path, ask: ScriptedAsk
) -> None:
    other = tmp_path / "other.sqlite"
    _diary_with_nights(other, 7)
    window = make_window(diary_path)
    ask.answers = [other]
    window.menu.open.trigger()
    assert window.windowTitle() == "other.sqlite — RLS Diary"
    assert window.diary.counts()["nights"] == 1
    window.fill_recent_menu()
    recent = [a.text() for a in window.menu.recent.actions()]
    assert recent == [f"diary.sqlite  ({tmp_path})"]
    window.menu.recent.actions()[0].trigger()
    assert window.windowTitle() == "diary.sqlite — RLS Diary"
    # The diary left behind is closed: another program may open it for writing now.
    with Diary.open(other, create=False, auto_backup=False) as d:
        assert d.counts()["nights"] == 1


def test_a_missing_diary_with_backups_offers_them_before_an_empty_one(
    make_window, diary_path: Path, ask: ScriptedAsk
) -> None:
    from diary.ui.first_run import needs_first_run

    _diary_with_nights(diary_path, 1, 2)
    backup.make_backup(diary_path)
    for p in diary_path.parent.glob("diary.sqlite*"):
        p.unlink()
    assert not needs_first_run(diary_path)  # no welcome that would make an empty diary
    ask.answers = [RESTORE_NEWEST]
    window = make_window(diary_path)
    question = ask.last("choose")
    assert question.title == "The diary is missing"
    assert "No empty diary was created" in question.text
    assert "with 2 nights" in question.detail
    assert question.options == [RESTORE_NEWEST, START_EMPTY]
    assert window.diary.counts()["nights"] == 2


def test_starting_empty_after_damage_is_the_users_choice(
    make_window, diary_path: Path, ask: ScriptedAsk
) -> None:
    _diary_with_nights(diary_path, 1)
    _damage(diary_path)
    ask.answers = [START_EMPTY]
    window = make_window(diary_path)
    assert window.diary.counts()["nights"] == 0
    assert next(diary_path.parent.glob("diary.sqlite.damaged-*")).exists()
