"""Opening the diary file safely: recognising damage, the schema version, and the engine."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from diary.errors import DiaryDamaged, DiaryNotWritable, KnownError

if TYPE_CHECKING:
    from sqlalchemy import Engine
from diary.paths import create_private_file, fsync_folder
from diary.store.sqlite_errors import DAMAGE, primary_code
from diary.store.sqlite_uri import ro_uri

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks the file as an RLS Diary ("RLSD").
APPLICATION_ID = 0x524C5344
# The newest migration this app knows, and every earlier one, oldest first. A test keeps
# this in step with diary/store/migrations/versions (alembic is loaded only to migrate).
KNOWN_REVISIONS: tuple[str, ...] = ("0001_baseline", "0002_as_typed", "0003_lab_limit_usual_intake")
HEAD_REVISION = KNOWN_REVISIONS[-1]
SIDE_FILES = ("-wal", "-shm")
# The tables a diary of each known schema version has (a test keeps this in step).
_BASELINE_TABLES = frozenset(
    {
        "alembic_version",
        "nights",
        "night_tags",
        "lab_results",
        "doses",
        "supplements",
        "infusions",
        "venesections",
        "profile",
    }
)
TABLES_OF: dict[str, frozenset[str]] = {
    "0001_baseline": _BASELINE_TABLES,
    "0002_as_typed": _BASELINE_TABLES,  # a column added, no table
    "0003_lab_limit_usual_intake": _BASELINE_TABLES | {"usual_intake"},
}


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


class HardLinked(KnownError):
    """The diary file has another name (a hard link): two names would mean two locks and two
    write-ahead logs, which can corrupt it."""

    def __init__(self, path: Path, links: int) -> None:
        super().__init__(
            f"The diary {path} has {links} names on disk (hard links), so it cannot be opened "
            "for writing safely: changes made under one name could damage it under another.",
            "Open it read-only, or make a copy of it (a copy is a separate file) and open "
            "the copy; then remove the other names.",
        )


def refuse_hard_links(path: Path) -> None:
    links = path.stat().st_nlink
    if links > 1:
        raise HardLinked(path, links)


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
            if full and result == ["ok"]:
                result = bad_values(conn) or result
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = _tables(conn)
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if primary_code(exc) in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
            # no access, not damage: never move it aside
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
    missing = sorted(TABLES_OF.get(str(revision), frozenset()) - tables)
    if missing:  # a schema this app knows, with tables gone (renamed or dropped)
        raise Damage(f"the table {', '.join(missing)} is missing")


# The date and time columns of every table: a value SQLite cannot read as one is damage
# (bits flipped inside a row leave the pages consistent, so integrity_check passes).
_DATED = {
    "nights": ("date", "bedtime", "wake_time", "symptom_onset"),
    "lab_results": ("date",),
    "doses": ("date", "time"),
    "supplements": ("date", "time"),
    "infusions": ("date",),
    "venesections": ("date",),
}


def bad_values(conn: sqlite3.Connection) -> list[str]:
    """Problems with stored values the schema forbids (dates or times that are not)."""
    problems = []
    present = _tables(conn)
    for table, all_columns in _DATED.items():
        if table not in present:
            continue  # a missing table is reported by whoever needs it
        has = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for column in (c for c in all_columns if c in has):
            fn = "date" if column == "date" else "time"
            wrong = f"{column} IS NULL" if column == "date" else "0"
            (n,) = conn.execute(
                f"SELECT count(*) FROM {table} WHERE {wrong} OR ({column} IS NOT NULL AND "
                f"({fn}({column}) IS NULL OR substr({column}, 1, length({fn}({column})))"
                f" <> {fn}({column})))"
            ).fetchone()
            if n:
                problems.append(f"{n} row(s) of {table} hold a {column} that is not one")
    return problems


MOVED_TAGS = ("damaged", "replaced")


def damage_detail(exc: BaseException) -> str | None:
    """What is damaged, when `exc` (met reading or writing a diary) means damage; None for
    errors that are not (a busy or full disk, a locked file)."""
    if isinstance(exc, ValueError | OverflowError):
        return "a stored value is not one the diary allows"
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    code = primary_code(exc)
    if code in DAMAGE:
        return f"SQLite reports: {exc}"
    if code == sqlite3.SQLITE_ERROR and str(exc).startswith(("no such table", "no such column")):
        return f"part of it is missing: {exc}"
    return None


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def move_aside(path: Path, tag: str = "damaged") -> Path:
    """Rename a file (and its -wal/-shm) out of the way as `<name>.<tag>-<time>`: "damaged",
    or "replaced" by a restore. Never deletes anything."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{tag}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{tag}-{stamp}-{n}")
    path.rename(target)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def moved_aside(path: Path) -> list[Path]:
    """Files that once were the diary at `path`, moved aside (damaged, or replaced by a
    restore), newest first."""
    found = [
        p
        for tag in MOVED_TAGS
        for p in path.parent.glob(f"{glob_escape(path.name)}.{tag}-*")
        if not p.name.endswith(SIDE_FILES)
    ]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


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


CREATING = ".creating-"


def create_new(path: Path) -> None:
    """Create an empty diary at the newest schema, readable by its owner only.

    It is built in a temporary file beside `path` and renamed into place only when whole,
    so a kill or an error part-way never leaves a half-made diary (which would later look
    damaged). A temporary file left by an earlier kill is removed first; the caller holds
    the writer lock, so no other process is building one.
    """
    import secrets  # here, not at the top: OpenSSL's hashing is not loaded on every start

    from diary.store.migrate import upgrade_to_head

    for stale in path.parent.glob(f"{glob_escape(path.name)}{CREATING}*"):
        stale.unlink(missing_ok=True)
    tmp = path.with_name(f"{path.name}{CREATING}{secrets.token_hex(4)}")
    try:
        create_private_file(tmp)
        conn = sqlite3.connect(str(tmp))
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.commit()
        finally:
            conn.close()
        engine = make_engine(tmp)
        try:
            upgrade_to_head(engine)
        finally:
            engine.dispose()
        conn = sqlite3.connect(str(tmp))
        try:  # everything in the main file, so the rename carries the whole diary
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        if path.exists():
            raise KnownError(f"There is already a file at {path}; it was left as it is.")
        tmp.replace(path)
        fsync_folder(path.parent)
    except Exception as exc:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in (*SIDE_FILES, "-journal"))):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, KnownError):
            raise
        raise KnownError(
            f"The new diary {path} could not be created ({type(exc).__name__}: "
            f"{getattr(exc, 'orig', None) or exc}).",
            "Nothing was left behind. Check the free disk space and the folder's permissions.",
        ) from exc


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
