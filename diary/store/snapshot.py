"""Reading a whole diary file for the command line, without opening it for writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from diary.errors import DiaryTooNew, KnownError
from diary.records import DiaryContents
from diary.store.reads import read_contents
from diary.store.sqlite_uri import ro_uri


def read_diary(path: Path) -> DiaryContents:
    """Everything in the diary at `path`, read-only, after the same checks as opening it."""
    from diary.store import database

    path = Path(path).absolute()
    if not path.exists():
        raise KnownError(f"There is no diary at {path}.")
    try:
        database.check_file(path)
    except database.Damage as exc:
        raise KnownError(
            f"The diary {path} is damaged ({exc}).",
            "Run `rls-diary check` to move it aside and see the newest good backup.",
        ) from None
    revision = database.read_revision(path)
    if revision not in database.KNOWN_REVISIONS:
        raise DiaryTooNew(path, str(revision))
    if revision != database.HEAD_REVISION:
        raise KnownError(
            f"The diary {path} needs updating to this version.", "Open it in the window once first."
        )
    conn = sqlite3.connect(ro_uri(path), uri=True)
    try:
        return read_contents(conn)
    except (sqlite3.DatabaseError, ValueError, OverflowError) as exc:
        detail = database.damage_detail(exc)
        if detail is None:
            raise
        raise KnownError(
            f"The diary {path} is damaged ({detail}).",
            "Run `rls-diary check` to move it aside and see the newest good backup.",
        ) from exc
    finally:
        conn.close()
