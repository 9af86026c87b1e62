"""SQLite failures told apart by their result code, never their message: the user's problems
(a full disk, a read-only file, a busy diary) from bugs, as qutebrowser's misc/sql.py does."""

from __future__ import annotations

import sqlite3

from diary.logs import KnownName

# Primary result codes whose cause lies outside the program, with what the user is told.
KNOWN: dict[int, str] = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the diary file cannot be written (it is read-only)",
    sqlite3.SQLITE_PERM: "the diary file cannot be written (no permission)",
    sqlite3.SQLITE_BUSY: "the diary is busy in another program",
    sqlite3.SQLITE_LOCKED: "the diary is busy in another program",
    sqlite3.SQLITE_IOERR: "the disk reported an error",
    sqlite3.SQLITE_CANTOPEN: "the diary file cannot be opened",
    sqlite3.SQLITE_CORRUPT: "the diary file is damaged",
    sqlite3.SQLITE_NOTADB: "the diary file is not a database",
    # The schema's CHECKs are the last guard behind validation: a value it refuses.
    sqlite3.SQLITE_CONSTRAINT: "the database refused a value it does not allow",
}
DAMAGE = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def primary_code(exc: BaseException | None) -> int | None:
    """SQLite's primary result code of `exc` (the extended code's low byte), None if it has none."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def plain_reason(exc: BaseException | None) -> str | None:
    """What went wrong, in plain words, when `exc` is a known failure; None for a bug."""
    code = primary_code(exc)
    return None if code is None else KNOWN.get(code)


def log_args(exc: BaseException | None) -> tuple[KnownName, KnownName, int]:
    """The exception's type, SQLite error name and code: the log's clue, never its message."""
    name = getattr(exc, "sqlite_errorname", None) or "no SQLite code"
    return KnownName(type(exc).__name__), KnownName(name), getattr(exc, "sqlite_errorcode", -1)
