"""A failed write is told apart by SQLite's result code, never its message; the log keeps the
exception's type and code, never its message."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from diary import logs
from diary.errors import DamageFound, SaveFailed
from diary.records import Night
from diary.store import sqlite_errors
from tests.unit.store.helpers import fail_writes, open_diary, real_error

PLAIN = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the diary file cannot be written (it is read-only)",
    sqlite3.SQLITE_PERM: "the diary file cannot be written (no permission)",
    sqlite3.SQLITE_BUSY: "the diary is busy in another program",
    sqlite3.SQLITE_LOCKED: "the diary is busy in another program",
    sqlite3.SQLITE_IOERR: "the disk reported an error",
    sqlite3.SQLITE_CANTOPEN: "the diary file cannot be opened",
    sqlite3.SQLITE_CORRUPT: "the diary file is damaged",
    sqlite3.SQLITE_NOTADB: "the diary file is not a database",
    sqlite3.SQLITE_CONSTRAINT: "the database refused a value it does not allow",
}
SAVE_CODES = sorted(set(PLAIN) - {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


@pytest.mark.parametrize("code", sorted(PLAIN))
def test_each_known_code_has_its_plain_reason(code: int) -> None:
    error = real_error(code)
    assert sqlite_errors.primary_code(error) == code
    assert sqlite_errors.plain_reason(error) == PLAIN[code]


def test_a_reason_never_comes_from_the_message() -> None:
    lookalike = sqlite3.OperationalError("database or disk is full, readonly, locked")
    assert sqlite_errors.plain_reason(lookalike) is None
    misleading = real_error(sqlite3.SQLITE_LOCKED)  # "database table is locked"
    assert sqlite_errors.plain_reason(misleading) == "the diary is busy in another program"
    syntax = real_error_of("SELEKT 1")
    assert sqlite_errors.primary_code(syntax) == sqlite3.SQLITE_ERROR
    assert sqlite_errors.plain_reason(syntax) is None  # a bug, not the user's problem


def real_error_of(sql: str) -> sqlite3.Error:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(sql)
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError(sql)


@pytest.mark.parametrize("code", SAVE_CODES)
def test_a_save_refused_by_code_says_why_and_keeps_the_diary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    with open_diary(tmp_path / "diary.sqlite") as d:
        d.save_night(Night(date(2026, 1, 1), 4))
        before = d.contents()
        fail_writes(monkeypatch, code)
        with pytest.raises(SaveFailed) as err:
            d.save_night(Night(date(2026, 1, 2), 6))
        monkeypatch.undo()
        assert (
            err.value.message == f"Could not save: {PLAIN[code]}. Nothing was changed in the diary."
        )
        assert d.contents() == before


@pytest.mark.parametrize("code", [sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB])
def test_a_write_meeting_damage_marks_the_diary_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    with open_diary(tmp_path / "diary.sqlite") as d:
        fail_writes(monkeypatch, code)
        with pytest.raises(DamageFound):
            d.save_night(Night(date(2026, 1, 2), 6))
        monkeypatch.undo()
        with pytest.raises(DamageFound):  # and no more writes
            d.save_night(Night(date(2026, 1, 3), 6))


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = logs.setup_logging(tmp_path / "logs")
    yield path
    logs.stop_logging()


def _text(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_the_log_keeps_type_and_code_but_not_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, log_file: Path
) -> None:
    with open_diary(tmp_path / "diary.sqlite") as d:
        fail_writes(monkeypatch, sqlite3.SQLITE_FULL)
        with pytest.raises(SaveFailed):
            d.save_night(Night(date(2026, 1, 2), 6))
        monkeypatch.undo()
    text = _text(log_file)
    assert "write failed: OperationalError SQLITE_FULL (13)" in text
    assert "database or disk is full" not in text


def test_a_real_full_disk_is_told_by_its_code(small_disk: Path, log_file: Path) -> None:
    with open_diary(small_disk / "diary.sqlite") as d:
        failure = None
        for day in range(1, 400):
            try:
                d.save_night(Night(date(2024, 1, 1) + timedelta(days=day), 5, notes="ü" * 20_000))
            except SaveFailed as exc:
                failure = exc
                break
        assert failure is not None, "the disk never filled up"
        assert "the disk is full" in failure.message
    text = _text(log_file)
    assert "write failed: OperationalError SQLITE_FULL (13)" in text
    assert "database or disk is full" not in text


def test_damage_met_on_reading_is_logged_by_type_and_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, log_file: Path
) -> None:
    error = real_error(sqlite3.SQLITE_CORRUPT)
    with open_diary(tmp_path / "diary.sqlite") as d:

        def damaged(*_a: object, **_k: object) -> None:
            raise error

        monkeypatch.setattr("diary.store.reads.nights", damaged)
        with pytest.raises(DamageFound):
            d.nights()
    text = _text(log_file)
    assert "damage met on reading: DatabaseError SQLITE_CORRUPT (11)" in text
    assert "malformed" not in text
