"""Files and folders around a diary: creation, links, the lock, backups' leftovers."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from diary.errors import DiaryLocked, KnownError
from diary.paths import backup_dir_for
from diary.records import Night
from diary.store import backup, database
from tests.unit.store.helpers import open_diary


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- folders: only those the app creates are made private --------------------------------


def test_an_existing_folder_keeps_its_permissions(tmp_path: Path) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir(mode=0o755)
    documents.chmod(0o755)
    with open_diary(documents / "diary.sqlite") as d:
        d.backup_now()
    assert _mode(documents) == 0o755
    assert _mode(backup_dir_for(documents / "diary.sqlite")) == 0o700  # made by the app


def test_folders_the_app_creates_are_private(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    with open_diary(tmp_path / "a" / "b" / "diary.sqlite"):
        pass
    assert _mode(tmp_path / "a") == 0o700
    assert _mode(tmp_path / "a" / "b") == 0o700
    assert _mode(tmp_path) == 0o755


# -- a new diary appears whole or not at all ---------------------------------------------


@pytest.fixture
def refuse_creating_nights() -> Iterator[None]:
    """SQLite refuses to create the nights table: a creation that stops half-way."""

    def deny(action: int, arg1: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_CREATE_TABLE and arg1 == "nights":
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    def on_begin(conn: Any) -> None:
        conn.connection.driver_connection.set_authorizer(deny)

    event.listen(Engine, "begin", on_begin)
    yield
    event.remove(Engine, "begin", on_begin)


def test_a_creation_that_fails_half_way_leaves_no_diary(
    tmp_path: Path, refuse_creating_nights: None
) -> None:
    path = tmp_path / "diary.sqlite"
    with pytest.raises(KnownError, match="could not be created"):
        open_diary(path)
    assert not path.exists()  # no half-made file that would later look damaged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.sqlite.lock"]  # as after any close


def test_a_half_made_diary_left_by_a_kill_is_cleaned_up_on_the_next_creation(
    tmp_path: Path,
) -> None:
    leftover = tmp_path / "diary.sqlite.creating-abc123"
    leftover.write_bytes(b"SQLite format 3\x00" + b"\0" * 4080)
    with open_diary(tmp_path / "diary.sqlite") as d:
        assert d.counts()["nights"] == 0
    assert not leftover.exists()
    assert _mode(tmp_path / "diary.sqlite") == 0o600


# -- one writer, whatever the path ------------------------------------------------------


def test_the_lock_holds_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real" / "diary.sqlite"
    with open_diary(real) as d:
        d.save_night(Night(date(2026, 1, 1), 3))
        link = tmp_path / "link.sqlite"
        link.symlink_to(real)
        with pytest.raises(DiaryLocked):
            open_diary(link)
        folder_link = tmp_path / "folder-link"
        folder_link.symlink_to(real.parent)
        with pytest.raises(DiaryLocked):
            open_diary(folder_link / "diary.sqlite")


def test_a_diary_with_a_second_hard_link_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite"
    with open_diary(path) as d:
        d.save_night(Night(date(2026, 1, 1), 3))
    os.link(path, tmp_path / "other-name.sqlite")
    before = path.read_bytes()
    for name in ("diary.sqlite", "other-name.sqlite"):
        with pytest.raises(KnownError) as err:
            open_diary(tmp_path / name)
        assert "hard link" in err.value.message
        assert "copy" in err.value.hint.lower()
    assert path.read_bytes() == before
    with open_diary(path, read_only=True) as d:  # reading is safe
        assert d.counts()["nights"] == 1


# -- backups: private from the first byte, leftovers of a kill cleaned up ----------------


def test_backups_are_written_private_and_leftovers_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.umask(0o022)
    path = tmp_path / "diary.sqlite"
    with open_diary(path, auto_backup=False) as d:
        d.save_night(Night(date(2026, 1, 1), 3))
        folder = backup_dir_for(path)
        folder.mkdir(mode=0o700)
        stale = [
            folder / "diary-20260101-000000.sqlite.partial",
            folder / "diary-20260101-000000.sqlite.partial-journal",
        ]
        for p in stale:
            p.write_bytes(b"x" * 1000)
        seen: dict[str, int] = {}
        real_connect = sqlite3.connect

        def spy(target: Any, *a: Any, **k: Any) -> sqlite3.Connection:
            conn = real_connect(target, *a, **k)
            if str(target).endswith(".partial"):
                seen[str(target)] = _mode(Path(target))
            return conn

        monkeypatch.setattr(sqlite3, "connect", spy)
        made = d.backup_now()
    assert seen
    assert set(seen.values()) == {0o600}  # private from the moment it exists
    assert _mode(made) == 0o600
    assert not any(p.exists() for p in stale)
    assert [p.name for p in folder.iterdir()] == [made.name]
    assert backup.integrity_ok(made)


def test_the_known_tables_of_the_newest_schema_are_what_a_new_diary_has(tmp_path: Path) -> None:
    with open_diary(tmp_path / "d.sqlite"):
        pass
    conn = sqlite3.connect(tmp_path / "d.sqlite")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert tables == database.tables_of(database.HEAD_REVISION)


def test_every_migration_that_adds_tables_is_a_known_one() -> None:
    # A name missing from KNOWN_REVISIONS would leave its tables out of the check.
    assert set(database.TABLES_ADDED) <= set(database.KNOWN_REVISIONS)
    assert database.tables_of("0002_as_typed") == database.TABLES_ADDED["0001_baseline"]
