"""The diary file is never overwritten, recreated, or silently changed when something is wrong."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from diary.errors import DiaryDamaged, DiaryLocked, DiaryTooNew, KnownError, SaveFailed
from diary.records import Night
from diary.store import backup, database
from diary.store.recovery import check, restore
from tests.unit.store.helpers import TODAY, fail_writes, open_diary


def _make(path, nights=3):
    with open_diary(path, auto_backup=False) as d:
        for i in range(nights):
            d.add_night(Night(TODAY - timedelta(days=nights + 40 - i), i % 11))
    return path


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda b: b[: len(b) // 2 + 100], "cut short"),
        (lambda b: b"", "empty"),
        (lambda b: b"date,rls_severity\n2026-01-01,5\n", "not a diary file"),
        (lambda b: b[:4096] + bytes(range(256)) * 16 + b[8192:], "cannot be read"),
    ],
    ids=["truncated", "empty", "not-a-database", "garbled-page"],
)
def test_damaged_file_is_moved_aside_never_overwritten(tmp_path, damage, words):
    path = _make(tmp_path / "diary.sqlite", nights=400)
    bad = damage(path.read_bytes())
    path.write_bytes(bad)
    with pytest.raises(DiaryDamaged) as err:
        open_diary(path)
    assert not path.exists()  # not recreated empty
    assert err.value.moved_to is not None
    assert err.value.moved_to.read_bytes() == bad
    assert str(err.value.moved_to) in err.value.message
    assert "damaged" in err.value.message
    assert any(w in err.value.message for w in (words, "integrity", "cannot be read", "cut short"))


def test_garbled_page_is_found(tmp_path):
    path = _make(tmp_path / "diary.sqlite", nights=800)
    data = bytearray(path.read_bytes())
    page = 4096
    data[2 * page + 8 : 3 * page] = b"\xff" * (page - 8)  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    with pytest.raises(DiaryDamaged):
        open_diary(path)


def test_foreign_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(database.NotADiary):
        open_diary(path)
    assert path.read_bytes() == before


def test_file_from_a_newer_version_is_refused_untouched(tmp_path):
    path = _make(tmp_path / "diary.sqlite")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DiaryTooNew) as err:
        open_diary(path)
    assert "newer version" in err.value.message
    assert path.read_bytes() == before


def test_failed_migration_puts_the_file_back(tmp_path, monkeypatch):
    path = _make(tmp_path / "diary.sqlite")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num='0000_older'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    monkeypatch.setattr(database, "KNOWN_REVISIONS", ("0000_older", "0001_baseline"))
    with pytest.raises(KnownError) as err:
        open_diary(path)  # alembic does not know 0000_older: the migration fails
    assert "put back exactly as it was" in err.value.message
    restored = sqlite3.connect(path)
    assert restored.execute("SELECT count(*) FROM nights").fetchone()[0] == 3
    assert restored.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
        "0000_older"
    )
    restored.close()
    assert len(before) > 0
    labelled = [b for b in backup.list_backups(path) if b.label == "before-migration"]
    assert len(labelled) == 1
    assert backup.integrity_ok(labelled[0].path)


def test_known_revisions_match_the_migrations_folder():
    from diary.store.migrate import script_revisions

    assert tuple(script_revisions()) == database.KNOWN_REVISIONS


def test_migrations_create_exactly_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from diary.store.models import Base

    path = _make(tmp_path / "diary.sqlite")
    engine = database.make_engine(path)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_second_writer_is_told_and_read_only_works(tmp_path):
    path = _make(tmp_path / "diary.sqlite")
    first = open_diary(path)
    try:
        with pytest.raises(DiaryLocked) as err:
            open_diary(path)
        assert "already open in another window" in err.value.message
        with open_diary(path, read_only=True) as ro:
            assert ro.counts()["nights"] == 3
    finally:
        first.close()
    open_diary(path).close()  # the lock is released on close


def test_private_permissions(tmp_path):
    path = tmp_path / "home" / "diary.sqlite"
    with open_diary(path) as d:
        d.add_night(Night(date(2026, 1, 1), 3))
        made = d.backup_now()
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(made).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(made.parent).st_mode) == 0o700


def test_backup_is_verified_and_daily_backup_made_on_open(tmp_path):
    path = _make(tmp_path / "diary.sqlite")
    assert backup.list_backups(path) == []
    open_diary(path).close()  # no backup yet: one is made on open
    first = backup.list_backups(path)
    assert len(first) == 1
    assert backup.integrity_ok(first[0].path)
    assert backup.night_count(first[0].path) == 3
    open_diary(path).close()  # younger than a day: no new one
    assert len(backup.list_backups(path)) == 1


def _daily_backups(start: datetime, days: int) -> list[backup.BackupInfo]:
    """One (never written) backup a day for `days` days, newest first, as list_backups."""
    infos = [
        backup.BackupInfo(Path(f"/nowhere/d-{i:04d}.sqlite"), start + timedelta(days=i), "")
        for i in range(days)
    ]
    return infos[::-1]


def test_thinning_keeps_daily_weekly_monthly():
    """The policy alone, as a function of dates: 700 daily backups thinned."""
    start = datetime(2024, 1, 1, 12, tzinfo=UTC)
    backups = _daily_backups(start, 700)
    keep = backup.to_keep(backups)
    kept = [b for b in backups if b.path in keep]
    assert len(kept) < 700
    assert len(kept) <= backup.KEEP_DAILY + backup.KEEP_WEEKLY + backup.KEEP_MONTHLY
    days = sorted({b.local_time().date() for b in kept}, reverse=True)
    newest = (start + timedelta(days=699)).astimezone().date()
    assert days[0] == newest
    assert all(d in days for d in (newest - timedelta(days=k) for k in range(12)))
    weeks = {d.isocalendar()[:2] for d in days}
    assert len(weeks) >= backup.KEEP_WEEKLY
    months = {(d.year, d.month) for d in days}
    assert len(months) >= backup.KEEP_MONTHLY


def test_thinning_keeps_labelled_backups_and_the_newest():
    start = datetime(2024, 1, 1, 12, tzinfo=UTC)
    labelled = [
        backup.BackupInfo(Path(f"/nowhere/l-{i}.sqlite"), start - timedelta(days=i), "manual")
        for i in range(8)
    ]
    backups = _daily_backups(start, 400) + labelled
    keep = backup.to_keep(backups)
    assert backups[0].path in keep
    assert [b.path in keep for b in labelled] == [True] * backup.KEEP_LABELLED + [False] * 3


def test_thinning_deletes_exactly_what_the_policy_drops(tmp_path):
    """End to end, small: real backup files over 20 days, thinned on disk."""
    path = _make(tmp_path / "diary.sqlite")
    start = datetime(2024, 1, 1, 12, tzinfo=UTC)
    for i in range(20):
        backup.make_backup(path, now=start + timedelta(days=i))
    before = backup.list_backups(path)
    want = backup.to_keep(before)
    removed = backup.thin(path)
    assert removed
    assert set(removed) == {b.path for b in before} - want
    assert {b.path for b in backup.list_backups(path)} == want
    assert all(p.exists() for p in want)
    assert not any(p.exists() for p in removed)


def test_a_backup_made_in_the_same_second_as_others_is_the_newest_and_kept(tmp_path):
    """Found by the crash run: after thinning freed the name '…-120000.sqlite', a third copy
    in that second took it, sorted below '…-120000-2.sqlite', and was deleted at once."""
    path = _make(tmp_path / "diary.sqlite")
    noon = datetime(2026, 3, 1, 12, tzinfo=UTC)
    backup.make_backup(path, now=noon)
    backup.make_backup(path, now=noon)
    backup.thin(path)  # the first of the second goes; its name is free again
    newest = backup.make_backup(path, now=noon)
    backup.thin(path)
    assert newest.exists(), "the backup just made was thinned away"
    assert backup.list_backups(path)[0].path == newest


def test_restore_moves_current_aside_and_keeps_every_backup(tmp_path):
    path = _make(tmp_path / "diary.sqlite")
    with open_diary(path) as d:
        saved = d.backup_now()
        d.add_night(Night(date(2026, 2, 1), 9))
    backups_before = {b.path for b in backup.list_backups(path)}
    moved = restore(path, saved)
    assert moved is not None
    assert moved.exists()
    assert {b.path for b in backup.list_backups(path)} == backups_before
    with open_diary(path) as d:
        assert d.counts()["nights"] == 3


def test_check_reports_and_moves_a_damaged_file(tmp_path):
    path = _make(tmp_path / "diary.sqlite")
    with open_diary(path) as d:
        d.backup_now()
    healthy = check(path)
    assert healthy.ok
    assert healthy.counts["nights"] == 3
    assert healthy.schema == database.HEAD_REVISION
    path.write_bytes(path.read_bytes()[:1000])
    report = check(path, move_damaged=True)
    assert not report.ok
    assert report.moved_to is not None
    assert report.moved_to.exists()
    assert any("newest good backup" in p for p in report.problems)


def test_failed_write_leaves_the_diary_as_it_was(tmp_path, monkeypatch):
    path = _make(tmp_path / "diary.sqlite")
    with open_diary(path) as d:
        fail_writes(monkeypatch, sqlite3.SQLITE_FULL)
        with pytest.raises(SaveFailed) as err:
            d.add_night(Night(date(2026, 2, 1), 4))
        monkeypatch.undo()
        assert "the disk is full" in err.value.message
        assert "Nothing was changed" in err.value.message
        assert d.counts()["nights"] == 3


def test_thinning_never_lets_a_damaged_copy_push_out_a_good_one(tmp_path):
    path = _make(tmp_path / "diary.sqlite")
    noon = datetime(2026, 3, 1, 12, tzinfo=UTC)
    older = backup.make_backup(path, now=noon)
    newer = backup.make_backup(path, now=noon + timedelta(hours=2))
    newer.write_bytes(newer.read_bytes()[:2000])  # the newest of the day is damaged
    backup.thin(path)
    assert older.exists(), "the good backup of the day was deleted"
    assert backup.newest_good_backup(path).path == older
