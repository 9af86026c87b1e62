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
from diary.store.sqlite_errors import DAMAGE, primary_code
from diary.store.sqlite_uri import ro_uri

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks the file as an RLS Diary ("RLSD").
APPLICATION_ID = 0x524C5344
# Every migration this app knows, oldest first, the last the newest: the files of
# migrations/versions, each named after its revision (a test keeps this equal to Alembic's
# own list), so opening a file needs no Alembic import. (Listed by name, "NNNN_*.py": a
# glob pattern would compile a regular expression at every start.)
_VERSIONS = Path(__file__).with_name("migrations") / "versions"
KNOWN_REVISIONS: tuple[str, ...] = tuple(
    sorted(
        name.removesuffix(".py")
        for name in os.listdir(_VERSIONS)
        if name.endswith(".py") and name[:4].isdigit() and name[4:5] == "_"
    )
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
SIDE_FILES = ("-wal", "-shm")
# The tables each migration adds (one that only adds columns or rewrites values adds none).
TABLES_ADDED: dict[str, frozenset[str]] = {
    "0001_baseline": frozenset(
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
    ),
    "0003_lab_limit_usual_intake": frozenset({"usual_intake"}),
}


def tables_of(revision: str) -> frozenset[str]:
    """The tables a diary at `revision` has; none for a revision this app does not know."""
    if revision not in KNOWN_REVISIONS:
        return frozenset()
    upto = KNOWN_REVISIONS[: KNOWN_REVISIONS.index(revision) + 1]
    return frozenset().union(*(TABLES_ADDED.get(r, frozenset()) for r in upto))


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
    missing = sorted(tables_of(str(revision)) - tables)
    if missing:  # a schema this app knows, with tables gone (renamed or dropped)
        raise Damage(f"the table {', '.join(missing)} is missing")


def bad_values(conn: sqlite3.Connection) -> list[str]:
    """Problems with stored values the schema forbids (dates or times that are not)."""
    # every record table's date and time columns: a value SQLite cannot read as one is
    # damage (bits flipped inside a row leave the pages consistent, so integrity_check passes)
    from diary.store.kinds import RECORD_KINDS
    from diary.store.rows import layout

    present: dict[str, set[str]] = {}
    for pair in _one_row(
        conn,
        "SELECT group_concat(m.name || char(31) || c.name, char(30))"
        " FROM sqlite_master AS m, pragma_table_info(m.name) AS c WHERE m.type = 'table'",
    ):
        table, column = pair.split("\x1f")
        present.setdefault(table, set()).add(column)
    counts: list[tuple[str, str, str]] = []  # (table, column, the count of its wrong values)
    for kind in RECORD_KINDS:
        has = present.get(kind.table)
        if has is None:
            continue  # a missing table is reported by whoever needs it
        columns = layout(kind.record)
        for column in (c for c in (*columns.dates, *columns.times) if c in has):
            if column in columns.dates:
                wrong = f"date({column}) IS NULL OR substr({column}, 1, 10) <> date({column})"
            else:
                # 'HH:MM' (the app's format), or 'HH:MM:SS' with anything after it (the
                # 'HH:MM:SS.ffffff' written before migration 0004)
                wrong = (
                    f"time({column}) IS NULL OR NOT ({column} GLOB '[0-2][0-9]:[0-5][0-9]'"
                    f" OR substr({column}, 1, 8) = time({column}))"
                )
            counts.append(
                (
                    kind.table,
                    column,
                    f"SELECT count(*) FROM {kind.table} WHERE {column} IS NOT NULL AND ({wrong})"
                    + (f" OR {column} IS NULL" if column == "date" else ""),  # every record has one
                )
            )
    if not counts:
        return []
    # One statement for every count: SQLite works them all out without coming back to Python
    # in between (at start-up this runs beside the window's loading, which holds the GIL).
    found = conn.execute("SELECT " + ", ".join(f"({sql})" for *_, sql in counts)).fetchone()
    return [
        f"{n} row(s) of {table} hold a {column} that is not one"
        for (table, column, _), n in zip(counts, found, strict=True)
        if n
    ]


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
    sql = "SELECT group_concat(name, char(30)) FROM sqlite_master WHERE type = 'table'"
    return set(_one_row(conn, sql))


def _one_row(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The items that `sql` joins into one text, apart by char(30)."""
    # One row, not one per item: at start-up this runs beside the window's loading, and each
    # row handed back to Python would wait for the GIL the window's thread holds.
    (joined,) = conn.execute(sql).fetchone()
    return joined.split("\x1e") if joined else []


def move_aside(path: Path, tag: str = "damaged") -> Path:
    """Rename a file (and its -wal/-shm) out of the way as `<name>.<tag>-<time>`: "damaged",
    or "replaced" by a restore. Never deletes anything."""
    target = aside_path(path, tag)
    path.rename(target)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def aside_path(path: Path, tag: str) -> Path:
    """A free name for the file at `path` set aside: `<name>.<tag>-<time>`."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{tag}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{tag}-{stamp}-{n}")
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


def _set_pragmas(conn: sqlite3.Connection, read_only: bool) -> None:
    if not read_only:
        conn.execute("PRAGMA journal_mode=WAL")
        # Fold every commit into the main file at once (about 0.7 ms a save): a -wal
        # deleted after a crash, or a main file copied alone, then loses no saved night.
        conn.execute("PRAGMA wal_autocheckpoint=1")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")


def connect_writer(path: Path) -> sqlite3.Connection:
    """The gateway's writing connection: transactions are begun and ended explicitly."""
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        _set_pragmas(conn, read_only=False)
    except BaseException:
        conn.close()
        raise
    return conn


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
        _set_pragmas(dbapi_conn, read_only)

    return engine


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
