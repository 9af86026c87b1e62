"""Small builders shared by the store tests, and a way to make the store's writes fail."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest

from diary.records import (
    DiaryContents,
    Dose,
    Infusion,
    LabResult,
    Night,
    Profile,
    Supplement,
    Venesection,
)
from diary.store.gateway import Diary

TODAY = date(2026, 3, 5)


def fixed_today() -> date:
    return TODAY


def open_diary(path: Path, **kwargs: object) -> Diary:
    return Diary.open(path, today=fixed_today, **kwargs)  # type: ignore[arg-type]


def sample_contents() -> DiaryContents:
    d1, d2, d3 = date(2026, 1, 10), date(2026, 1, 11), date(2026, 2, 1)
    return DiaryContents(
        nights=(
            Night(
                d1,
                6,
                5.5,
                time(22, 30),
                time(6, 45),
                40,
                3,
                2,
                time(19, 0),
                ("overtired", "caffeine"),
                "legs bad after long walk",
            ),
            Night(d2, 3, 7.0, notes="=SUM(A1) not a formula"),
            Night(d3, 2),
        ),
        labs=(
            LabResult(date(2025, 12, 1), "ferritin", 31, "ug/L", fasting=True),
            LabResult(date(2026, 1, 20), "serum_iron", 12, "umol/L"),
            LabResult(date(2026, 1, 20), "crp", 12, "mg/L"),
        ),
        doses=(
            Dose(d1, "gabapentin", 300, "mg", time(20, 0)),
            Dose(d1, "gabapentin", 300, "mg"),
            Dose(d1, "gabapentin", 300, "mg"),
            Dose(d2, "Magic cream", 1, "ml", notes="custom"),
        ),
        supplements=(
            Supplement(d1, "ferrous_sulfate", 325, time(8, 0)),
            Supplement(d2, "ferrous_bisglycinate", 125, time(21, 30), 25, True),
        ),
        infusions=(Infusion(date(2026, 1, 5), "ferric_carboxymaltose", 1000),),
        venesections=(Venesection(date(2025, 11, 1), 450),),
        profile=Profile("Ada Example", 1948, "Dr Who"),
    )


def without_ids(records: tuple[object, ...] | list[object]) -> list[object]:
    from dataclasses import replace

    return [replace(r, id=None) for r in records]  # type: ignore[type-var]


def fail_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Make every statement at the database connection raise a real sqlite3 error with the
    result `code` (e.g. sqlite3.SQLITE_FULL), as the disk or file would; monkeypatch.undo()
    heals."""
    from diary.store.writes import Tx

    error = real_error(code)

    def refuse(*_a: object, **_k: object) -> None:
        raise error

    monkeypatch.setattr(Tx, "execute", refuse)
    monkeypatch.setattr(Tx, "execute_many", refuse)


def real_error(code: int) -> sqlite3.Error:
    """The sqlite3 error SQLite itself raises for the result `code`, provoked for real in a
    scratch database. SQLITE_PERM and SQLITE_IOERR come from the operating system's refusal,
    which no test can provoke portably: those are made as sqlite3 makes them (type, code, name)."""
    if code in (sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR):
        error = sqlite3.OperationalError(
            "access permission denied" if code == sqlite3.SQLITE_PERM else "disk I/O error"
        )
        error.sqlite_errorcode = code
        error.sqlite_errorname = "SQLITE_PERM" if code == sqlite3.SQLITE_PERM else "SQLITE_IOERR"
        return error
    opened: list[sqlite3.Connection] = []

    def connect(target: object, **kwargs: object) -> sqlite3.Connection:
        conn = sqlite3.connect(target, **kwargs)  # type: ignore[arg-type]
        opened.append(conn)
        return conn

    with tempfile.TemporaryDirectory() as tmp:
        try:
            _provoke(code, Path(tmp), connect)
        except sqlite3.Error as exc:
            return exc
        finally:
            for conn in opened:
                conn.close()
    raise AssertionError(f"SQLite raised nothing for code {code}")


def _provoke(code: int, folder: Path, connect: Callable[..., sqlite3.Connection]) -> None:
    memory = connect(":memory:", isolation_level=None)
    memory.execute("CREATE TABLE t(x CHECK (x <> 42))")
    if code == sqlite3.SQLITE_FULL:
        memory.execute("PRAGMA max_page_count=2")
        memory.executemany("INSERT INTO t VALUES (?)", [("x" * 2000,)] * 10)
    elif code == sqlite3.SQLITE_READONLY:
        memory.execute("PRAGMA query_only=1")
        memory.execute("INSERT INTO t VALUES (1)")
    elif code == sqlite3.SQLITE_CONSTRAINT:
        memory.execute("INSERT INTO t VALUES (42)")
    elif code == sqlite3.SQLITE_LOCKED:  # a table dropped under its own open read
        memory.executemany("INSERT INTO t VALUES (?)", [(1,), (2,)])
        reading = memory.execute("SELECT * FROM t")
        reading.fetchone()
        memory.execute("DROP TABLE t")
    elif code == sqlite3.SQLITE_BUSY:  # another connection holds the file's write lock
        path = folder / "busy.sqlite"
        holder = connect(path, isolation_level=None)
        holder.execute("CREATE TABLE t(x)")
        holder.execute("BEGIN EXCLUSIVE")
        connect(path, timeout=0).execute("SELECT * FROM t")
    elif code == sqlite3.SQLITE_CANTOPEN:
        connect(folder / "no such folder" / "diary.sqlite")
    elif code == sqlite3.SQLITE_NOTADB:
        path = folder / "text.sqlite"
        path.write_bytes(b"not a database at all, " * 100)
        connect(path).execute("SELECT * FROM sqlite_master")
    elif code == sqlite3.SQLITE_CORRUPT:  # a page of the table overwritten
        path = folder / "damaged.sqlite"
        conn = connect(path)
        conn.execute("CREATE TABLE t(x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("y" * 500,)] * 50)
        conn.commit()
        data = bytearray(path.read_bytes())
        data[4096:8192] = b"\xff" * 4096
        path.write_bytes(bytes(data))
        connect(path).execute("SELECT count(*), max(x) FROM t").fetchall()
