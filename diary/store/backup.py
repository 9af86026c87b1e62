"""Rolling backups made with SQLite's backup API, verified, listed and thinned."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from diary import words
from diary.errors import KnownError
from diary.paths import backup_dir_for, create_private_file, ensure_private_dir
from diary.store.sqlite_errors import primary_code
from diary.store.sqlite_uri import ro_uri

# Anki keeps 12 daily, 10 weekly and 9 monthly backups; so do we.
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
KEEP_LABELLED = 5
PARTIAL = ".partial"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?(?:-(?P<label>[a-z0-9-]+))?"
    r"\.sqlite$"
)


class BackupInfo(NamedTuple):
    path: Path
    taken: datetime  # UTC
    label: str
    sequence: int = 1  # several backups within one second are numbered

    def local_time(self) -> datetime:
        return self.taken.astimezone()


def when(info: BackupInfo) -> str:
    """'Mon 2 Mar 2026, 14:05' in local time, in English whatever the locale."""
    taken = info.local_time()
    return f"{words.weekday_short_date(taken)}, {taken:%H:%M}"


class BackupFailed(KnownError):
    pass


def integrity_ok(path: Path) -> bool:
    """True when `path` passes SQLite's full integrity_check and every stored date is a
    real date (damage that keeps the pages consistent still breaks those)."""
    from diary.store.database import bad_values

    try:
        conn = sqlite3.connect(ro_uri(path), uri=True)
        try:
            row = conn.execute("PRAGMA integrity_check").fetchone()
            return bool(row) and row[0] == "ok" and not bad_values(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def night_count(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(ro_uri(path), uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM nights").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def _target(folder: Path, stem: str, now: datetime, label: str) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    suffix = f"-{label}" if label else ""
    # Numbered above every copy of the same second, even if a lower number is free again
    # (thinned): otherwise the newest copy would sort below an older one and be thinned.
    n = 1 + max(
        (
            int(m["n"] or 1)
            for p in folder.glob(f"{stem}-{stamp}*.sqlite")
            if (m := _NAME.match(p.name)) and m["stem"] == stem and m["stamp"] == stamp
        ),
        default=0,
    )
    return folder / (
        f"{stem}-{stamp}{suffix}.sqlite" if n == 1 else f"{stem}-{stamp}-{n}{suffix}.sqlite"
    )


def make_backup(diary_path: Path, *, label: str = "", now: datetime | None = None) -> Path:
    """Copy the diary with SQLite's backup API, check the copy, return its path."""
    folder = backup_dir_for(diary_path)
    ensure_private_dir(folder)
    remove_leftovers(diary_path)
    target = _target(folder, diary_path.stem, now or datetime.now(UTC), label)
    partial = target.with_name(target.name + PARTIAL)
    verified_copy(diary_path, partial, where=folder)
    try:
        partial.rename(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"Could not make a backup in {folder}: {exc.strerror}.") from exc
    return target


def verified_copy(source: Path, dest: Path, *, where: Path) -> None:
    """Copy the database `source` to the new file `dest` (0600 from its first byte) with
    SQLite's backup API, flushed to disk, and accept it only if it passes `integrity_check`
    and holds only values the schema allows. On any failure nothing of `dest` is left and
    BackupFailed says why in plain words (`where` is the folder named in the message)."""
    try:
        create_private_file(dest)  # SQLite gives its -journal the same mode
        src = sqlite3.connect(ro_uri(source), uri=True)
        try:
            out = sqlite3.connect(str(dest))
            try:
                src.backup(out)
                out.execute("PRAGMA journal_mode=DELETE")
            finally:
                out.close()
        finally:
            src.close()
        with open(dest, "rb+") as handle:
            os.fsync(handle.fileno())
        if not integrity_ok(dest):
            raise BackupFailed(
                f"The copy of {source.name} failed its integrity check and was discarded: "
                "the file it was copied from is damaged.",
                "Run `rls-diary check` (File → Check diary) and restore a good backup.",
            )
    except BaseException as exc:
        for leftover in (dest, dest.with_name(dest.name + "-journal")):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, KnownError) or not isinstance(exc, sqlite3.Error | OSError):
            raise
        raise BackupFailed(
            f"Could not write a copy in {where}: {plain_reason(exc)}.",
            "Nothing was changed. Free some disk space and try again.",
        ) from exc


def plain_reason(exc: BaseException) -> str:
    """Why a file could not be written, in plain words ("the disk is full")."""
    if primary_code(exc) == sqlite3.SQLITE_FULL or getattr(exc, "errno", None) == errno.ENOSPC:
        return "the disk is full"
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)


def remove_leftovers(diary_path: Path) -> list[Path]:
    """Delete what a backup killed part-way left (`*.partial`, `*.partial-journal`).

    Only the writer makes backups, and it holds the diary's lock, so none is in progress.
    """
    folder = backup_dir_for(diary_path)
    if not folder.is_dir():
        return []
    removed = []
    for path in folder.iterdir():
        name = path.name
        if name.startswith(f"{diary_path.stem}-") and (
            name.endswith(PARTIAL) or name.endswith(PARTIAL + "-journal")
        ):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def list_backups(diary_path: Path) -> list[BackupInfo]:
    """The diary's backups, newest first."""
    folder = backup_dir_for(diary_path)
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or match["stem"] != diary_path.stem:
            continue
        taken = _stamp_time(match["stamp"])
        found.append(BackupInfo(path, taken, match["label"] or "", int(match["n"] or 1)))
    found.sort(key=lambda b: (b.taken, b.sequence), reverse=True)
    return found


def _stamp_time(stamp: str) -> datetime:
    """'20260301-221500' (as _NAME matched it) as UTC. Parsed by hand: strptime would load
    its locale machinery on every start (the daily backup check runs while the window loads)."""
    return datetime(
        int(stamp[0:4]),
        int(stamp[4:6]),
        int(stamp[6:8]),
        int(stamp[9:11]),
        int(stamp[11:13]),
        int(stamp[13:15]),
        tzinfo=UTC,
    )


def newest_backup_age(diary_path: Path, now: datetime | None = None) -> timedelta | None:
    regular = [b for b in list_backups(diary_path) if not b.label]
    if not regular:
        return None
    return (now or datetime.now(UTC)) - regular[0].taken


def to_keep(
    backups: list[BackupInfo], good: Callable[[BackupInfo], bool] = lambda b: True
) -> set[Path]:
    """The thinning policy, a pure function of the backups' dates: which of them to keep.

    `backups` is newest first (as `list_backups` gives them). The newest regular backup and
    the 5 newest labelled ones are kept, then 12 days, 10 weeks and 9 months, each by its
    newest backup that is `good` (asked only where a period holds more than one), so a
    damaged copy never pushes out a good one.
    """
    regular = [b for b in backups if not b.label]
    labelled = [b for b in backups if b.label]
    keep: set[Path] = {b.path for b in labelled[:KEEP_LABELLED]}
    if regular:
        keep.add(regular[0].path)
    for allowance, key in (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: d.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    ):
        periods: dict[object, list[BackupInfo]] = {}
        for b in regular:  # newest first, so each period's list is newest first too
            periods.setdefault(key(b.local_time()), []).append(b)
        for members in list(periods.values())[:allowance]:
            chosen = members[0]
            if len(members) > 1:
                chosen = next((b for b in members if good(b)), members[0])
            keep.add(chosen.path)
    return keep


def thin(diary_path: Path) -> list[Path]:
    """Delete backups beyond the daily/weekly/monthly allowance (`to_keep`); returns what was
    removed. Where a period holds more than one, its copies are checked with
    `integrity_check`, each at most once."""
    backups = list_backups(diary_path)
    checked: dict[Path, bool] = {}

    def good(b: BackupInfo) -> bool:
        if b.path not in checked:
            checked[b.path] = integrity_ok(b.path)
        return checked[b.path]

    keep = to_keep(backups, good)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def newest_good_backup(diary_path: Path) -> BackupInfo | None:
    for info in list_backups(diary_path):
        if integrity_ok(info.path):
            return info
    return None
