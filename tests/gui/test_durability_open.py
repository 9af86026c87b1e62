"""Opening a damaged diary, two windows on one file, Check diary and Restore from a backup…"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from diary.records import LabResult, Night
from diary.store import backup
from diary.store.gateway import Diary
from diary.ui.dialogs.open_diary import OPEN_READ_ONLY, RESTORE_NEWEST, START_EMPTY
from diary.ui.dialogs.restore import RestoreDialog
from tests.gui.conftest import ScriptedAsk, fixed_today


def _add_nights(path: Path, *days: int) -> None:
    with Diary.open(path, today=fixed_today, auto_backup=False) as d:
        for day in days:
            d.add_night(Night(date(2026, 2, day), day % 11, sleep_hours=6))


def _backup_at(path: Path, day: int) -> Path:
    """A backup dated `day` February 2026 (one per day: the daily thinning keeps them all)."""
    return backup.make_backup(path, now=datetime(2026, 2, day, 9, 0, tzinfo=UTC))


def _damage(path: Path) -> None:
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database at all" * 100)


def _files(path: Path) -> dict[str, bytes]:
    """The diary's own files (the database and its write-ahead log) and their bytes."""
    found = {}
    for name in (path.name, path.name + "-wal"):
        if (path.parent / name).exists():
            found[name] = (path.parent / name).read_bytes()
    return found


def _cell(dialog: RestoreDialog, row: int, col: int) -> str:
    item = dialog.table.item(row, col)
    assert item is not None
    return item.text()


def _header(dialog: RestoreDialog, col: int) -> str:
    item = dialog.table.horizontalHeaderItem(col)
    assert item is not None
    return item.text()


def _when(info: backup.BackupInfo) -> str:
    """'Mon 2 Mar 2026, 14:05': English names whatever the locale."""
    t = info.local_time()
    day, month = "MonTueWedThuFriSatSun", "JanFebMarAprMayJunJulAugSepOctNovDec"
    weekday, name = day[3 * t.weekday() :][:3], month[3 * (t.month - 1) :][:3]
    return f"{weekday} {t.day} {name} {t.year}, {t:%H:%M}"


# -- a damaged diary -------------------------------------------------------------------------


def test_damage_offers_the_newest_backup_that_passes_the_check_and_keeps_every_backup(
    make_window, diary_path: Path, ask: ScriptedAsk
) -> None:
    _add_nights(diary_path, 1)
    oldest = _backup_at(diary_path, 18)
    _add_nights(diary_path, 2)
    good = _backup_at(diary_path, 19)
    _add_nights(diary_path, 3)
    broken = _backup_at(diary_path, 20)
    broken.write_bytes(b"\0" * 4096)  # the newest backup is itself damaged
    _damage(diary_path)
    good_info = next(b for b in backup.list_backups(diary_path) if b.path == good)

    ask.answers = [RESTORE_NEWEST]
    window = make_window(diary_path)

    question = next(s for s in ask.shown if s.kind == "choose")
    assert question.title == "The diary is damaged"
    assert question.options == [RESTORE_NEWEST, START_EMPTY]
    assert question.detail == f"The newest good backup is from {_when(good_info)} with 2 nights."
    moved = next(diary_path.parent.glob("diary.sqlite.damaged-*"))
    told = ask.last("info")
    assert told.title == "Backup restored"
    assert told.text == (
        f"Restored the backup from {_when(good_info)}. The diary now holds 2 nights."
        f" The damaged file is kept at {moved}."
    )
    assert [n.date.day for n in window.diary.nights()] == [1, 2]
    assert window.show_page("history").summary.text() == "2 nights logged, newest first."
    for kept in (oldest, good, broken):  # restoring deleted no backup, not even the bad one
        assert kept.exists()
    assert moved.read_bytes().startswith(b"this is not a database")


# -- two windows, one file -------------------------------------------------------------------


def test_a_second_window_is_read_only_and_writes_nothing(
    make_window, diary_path: Path, ask: ScriptedAsk, qtbot
) -> None:
    _add_nights(diary_path, 1, 2)
    with Diary.open(diary_path, today=fixed_today, auto_backup=False) as d:
        d.add(LabResult(date(2026, 1, 20), "ferritin", 48, "ug/L"))
    first = make_window(diary_path)
    first.diary.checkpoint()
    ask.answers = [OPEN_READ_ONLY]
    second = make_window(diary_path)

    question = ask.last("choose")
    assert question.title == "Diary open elsewhere"
    assert question.text == f"The diary {diary_path} is already open in another window."
    assert question.options == [OPEN_READ_ONLY]
    assert second.diary.read_only
    assert not first.diary.read_only
    assert second.windowTitle() == "diary.sqlite (read-only) — RLS Diary"
    assert second.banner.isVisible()
    before = _files(diary_path)

    # Every way to change the diary is greyed out or refuses.
    for key in ("night", "blood_tests", "treatments"):
        assert not second.show_page(key).isEnabled(), key
    history = second.show_page("history")
    assert not history.delete_button.isEnabled()
    profile = second.show_page("profile")
    assert all(edit.isReadOnly() for edit in profile.edits.values())
    for action in (second.menu.import_, second.menu.restore, second.menu.undo, second.menu.redo):
        assert not action.isEnabled()

    # Keys on the greyed-out night form do nothing ...
    night = second.show_page("night")
    qtbot.keyClick(night.severity, Qt.Key.Key_7)
    qtbot.keyClick(night.severity, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # ... and a save that gets through anyway is refused, with the reason.
    night.severity.set_value(7)
    assert night.save() is None
    assert "open read-only; nothing can be changed" in night.status.accessibleDescription()
    labs = second.show_page("blood_tests")
    labs.value.setText("61")
    assert labs.save() is None
    assert "open read-only" in labs.status.accessibleDescription()
    qtbot.keyClick(second.show_page("history").table, Qt.Key.Key_Delete)
    profile.edits["name"].setText("Someone else")
    profile.commit_pending()
    second.close()  # closing saves nothing either

    assert _files(diary_path) == before
    with Diary.open(diary_path, read_only=True) as d:
        assert [n.rls_severity for n in d.nights()] == [1, 2]
        assert len(d.labs()) == 1
        assert d.profile().name == ""

    # The first window goes on writing as before.
    first.model.save_night(Night(date(2026, 2, 3), 4))
    assert first.diary.counts()["nights"] == 3


# -- Check diary and Restore from a backup… --------------------------------------------------


def test_check_diary_says_what_it_checked(make_window, diary_path: Path, ask: ScriptedAsk):
    _add_nights(diary_path, 1, 2, 3)
    window = make_window(diary_path)
    window.model.add(LabResult(date(2026, 1, 20), "ferritin", 48, "ug/L"))  # not yet folded in
    window.menu.check.trigger()
    report = ask.last("report")
    assert report.title == "Check diary"
    assert report.text == ("The diary is in good order: the whole file passed the integrity check.")
    assert {"Nights: 3", "Labs: 1", f"Backups: {len(backup.list_backups(diary_path))}"} <= set(
        report.options
    )


def test_the_restore_list_shows_each_backup_with_its_date_and_nights(
    qtbot, diary_path: Path
) -> None:
    _add_nights(diary_path, 1)
    _backup_at(diary_path, 18)
    _add_nights(diary_path, 2, 3)
    backup.make_backup(
        diary_path, label="before-import", now=datetime(2026, 2, 21, 9, 30, tzinfo=UTC)
    )
    infos = backup.list_backups(diary_path)
    dialog = RestoreDialog(infos)
    qtbot.addWidget(dialog)
    rows = [[_cell(dialog, r, c) for c in range(3)] for r in range(dialog.table.rowCount())]
    assert rows == [
        [_when(infos[0]), "3", "before import"],
        [_when(infos[1]), "1", "automatic"],
    ]
    assert _header(dialog, 0) == "Taken"
    assert _header(dialog, 1) == "Nights"
    assert dialog.chosen() == infos[0]  # the newest is picked to begin with
    dialog.table.selectRow(1)
    assert dialog.chosen() == infos[1]


def test_restoring_shows_the_restored_nights_and_says_where_the_diary_went(
    make_window, diary_path: Path, ask: ScriptedAsk
) -> None:
    _add_nights(diary_path, 1, 2)
    older = _backup_at(diary_path, 18)
    _add_nights(diary_path, 3, 4)
    window = make_window(diary_path)  # its daily backup holds 3 nights
    history: Any = window.show_page("history")
    assert history.summary.text() == "4 nights logged, newest first."
    before = {b.path for b in backup.list_backups(diary_path)}

    ask.answers = [lambda backups: next(b for b in backups if b.path == older)]
    window.menu.restore.trigger()

    assert history.summary.text() == "2 nights logged, newest first."
    assert [n.date.day for n in window.diary.nights()] == [1, 2]
    message = ask.last("info").text
    assert message.startswith("Restored the backup from ")
    assert "The diary now holds 2 nights." in message
    kept = Path(message.split("kept at ")[1].rstrip("."))
    with Diary.open(kept, read_only=True) as was:  # the diary as it was is kept, whole
        assert was.counts()["nights"] == 4
    assert before <= {b.path for b in backup.list_backups(diary_path)}  # no backup deleted
