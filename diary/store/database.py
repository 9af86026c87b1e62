"""Opening the diary file safely: recognising damage, the schema version, and the engine."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from diary.errors import DiaryDamaged, DiaryNotWritable, KnownError

if TYPE_CHECKING:
    from sqlalchemy import Engine
from diary.paths import make_private
from diary.store.sqlite_uri import ro_uri

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks the file as an RLS Diary ("RLSD").
APPLICATION_ID = 0x524C5344
# The newest migration this app knows, and every earlier one, oldest first. A test keeps
# this in step with diary/store/migrations/versions (alembic is loaded only to migrate).
KNOWN_REVISIONS: tuple[str, ...] = ("0001_baseline", "0002_lab_limit_usual_intake")
HEAD_REVISION = KNOWN_REVISIONS[-1]
SIDE_FILES = ("-wal", "-shm")


class NotADiary(KnownError):
    """A healthy SQLite file made by some other program: refused, left untouched."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is a database of some other program, not an RLS Diary.",
            "Nothing in it was changed. Choose a diary file, or create a new diary.",
        )


class Damage(Exception):
    """Internal: what is wrong with a file, before it is moved aside."""


def require_writable(path: Path) -> None:
    """Raise DiaryNotWritable when the diary or its folder (where SQLite keeps its -wal and
    -shm) cannot be written, before anything is opened for writing."""
    if not os.access(path, os.W_OK):
        raise DiaryNotWritable(path, "the file is read-only")
    if not os.access(path.parent, os.W_OK):
        raise DiaryNotWritable(path, "its folder is read-only")


def check_file(path: Path, *, full: bool = False) -> None:
    """Raise Damage when `path` is not a readable diary; NotADiary for a foreign database."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise KnownError(f"Cannot read {path}: {exc.strerror}.") from exc
    if size == 0:
        raise Damage("the file is empty")
    if not header.startswith(SQLITE_HEADER):
        raise Damage("it is not a diary file: its contents are not a database")
    if size < 512 or size % 512 != 0:
        raise Damage(f"the file is cut short ({size} bytes)")
    try:
        conn = sqlite3.connect(ro_uri(path), uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check")
            result = [r[0] for r in rows.fetchmany(5)]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "unable to open" in str(exc):  # no access, not damage: never move it aside
            raise KnownError(f"Cannot open {path}: {exc}.", "Check its permissions.") from exc
        raise Damage(f"the database cannot be read: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise Damage(f"the database cannot be read: {exc}") from exc
    if result != ["ok"]:
        raise Damage("the database failed its integrity check: " + "; ".join(result))
    if app_id != APPLICATION_ID:
        if "nights" in tables and "alembic_version" in tables:
            return  # a diary whose mark was lost (e.g. rebuilt by a tool): still ours
        raise NotADiary(path)
    if "alembic_version" not in tables or "nights" not in tables:
        raise Damage("the diary's tables are missing")


def move_aside(path: Path) -> Path:
    """Rename a damaged file (and its -wal/-shm) out of the way; never deletes anything."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    path.rename(target)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def damaged(path: Path, detail: str) -> DiaryDamaged:
    return DiaryDamaged(path, move_aside(path), detail)


def read_revision(path: Path) -> str | None:
    conn = sqlite3.connect(ro_uri(path), uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return row[0] if row else None


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(ro_uri(path), uri=True, check_same_thread=False)
    return sqlite3.connect(str(path), check_same_thread=False)


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    # The URL names no file (the creator opens it), so SQLAlchemy would pick the pool meant
    # for in-memory databases, which shares one connection per thread; a file wants a
    # proper pool so a read never ends a write's transaction.
    # hide_parameters: an error's text (and so a logged traceback) never carries a note,
    # a tag or a value of the patient's, only the SQL.
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: _connect(path, read_only),
        poolclass=QueuePool,
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        cur = dbapi_conn.cursor()
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
            # Fold every commit into the main file at once (about 0.7 ms a save): a -wal
            # deleted after a crash, or a main file copied alone, then loses no saved night.
            cur.execute("PRAGMA wal_autocheckpoint=1")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.close()

    return engine


def create_new(path: Path) -> None:
    """Create an empty diary at the newest schema, readable by its owner only."""
    from diary.store.migrate import upgrade_to_head

    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.commit()
    finally:
        conn.close()
    make_private(path)
    engine = make_engine(path)
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            make_private(side)


def copy_file(src: Path, dest: Path) -> None:
    shutil.copy2(src, dest)
    make_private(dest)
