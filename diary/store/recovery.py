"""Check Diary and Restore from a backup: what the window's File menu and the CLI call."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from diary.errors import KnownError
from diary.paths import fsync_folder
from diary.store import backup, database, reads
from diary.store.lock import WriterLock
from diary.store.sqlite_uri import ro_uri


@dataclass(frozen=True, slots=True)
class CheckReport:
    ok: bool
    schema: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    backups: int = 0
    moved_to: Path | None = None
    too_new: bool = False  # made by a newer version: not checked, not damaged, not changed

    def lines(self) -> list[str]:
        if self.too_new:
            return [
                "The diary was made by a newer version of RLS Diary "
                f"(schema {self.schema}); this version cannot check it.",
                "Nothing in it was changed. Update RLS Diary to open or check it.",
                f"Backups: {self.backups}",
            ]
        head = "The diary is healthy." if self.ok else "The diary is DAMAGED."
        out = [head, f"Schema version: {self.schema or 'unknown'}"]
        out += [f"{kind.capitalize()}: {n}" for kind, n in self.counts.items()]
        out.append(f"Backups: {self.backups}")
        out += [f"Problem: {p}" for p in self.problems]
        return out


def check(path: Path, *, move_damaged: bool = False) -> CheckReport:
    """Full integrity check, schema version and record counts.

    Changes nothing, except that with `move_damaged` a damaged file is moved aside (never
    deleted) and the report says where.
    """
    path = Path(path)
    n_backups = len(backup.list_backups(path))
    if not path.exists():
        return CheckReport(False, "", problems=[f"there is no file at {path}"], backups=n_backups)
    try:
        database.check_file(path, full=True)
    except database.Damage as exc:
        problems = [str(exc)]
        moved = None
        if move_damaged:
            moved = database.move_aside(path)
            problems.append(f"the damaged file was moved to {moved}; nothing was overwritten")
        good = backup.newest_good_backup(path)
        if good is not None:
            problems.append(
                f"the newest good backup is {good.path} "
                f"({backup.when(good)}, "
                f"{backup.night_count(good.path)} nights)"
            )
        return CheckReport(False, "", problems=problems, backups=n_backups, moved_to=moved)
    revision = database.read_revision(path) or ""
    if revision not in database.KNOWN_REVISIONS:
        return CheckReport(False, revision, backups=n_backups, too_new=True)
    problems = []
    conn = sqlite3.connect(ro_uri(path), uri=True)
    try:
        counts = reads.counts(conn)
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    if fk:
        problems.append(f"{len(fk)} tag(s) point at nights that are gone")
    return CheckReport(not problems, revision, counts, problems, n_backups)


def restore(diary_path: Path, backup_path: Path) -> Path | None:
    """Put `backup_path` in place of the diary. The current file (if any) is moved aside,
    never deleted, and its path returned; every backup is kept.

    The copy is built and verified before the current file is touched, so a restore that
    fails (a full disk) changes nothing. The current file is named `.damaged-` only when it
    is damaged; a healthy one is kept as `.replaced-`.
    """
    diary_path = Path(os.path.realpath(Path(diary_path).absolute()))
    backup_path = Path(backup_path)
    if not backup.integrity_ok(backup_path):
        raise KnownError(
            f"The backup {backup_path.name} is damaged and cannot be restored.",
            "Choose an older backup.",
        )
    lock = WriterLock(diary_path)
    lock.acquire()
    try:
        # what a restore killed part-way left (we hold the lock: none is running now)
        for stale in diary_path.parent.glob(f"{database.glob_escape(diary_path.name)}.restoring-*"):
            stale.unlink(missing_ok=True)
        tmp = diary_path.with_name(f"{diary_path.name}.restoring-{os.getpid()}")
        backup.verified_copy(backup_path, tmp, where=diary_path.parent)
        try:
            moved = _keep_aside(diary_path) if diary_path.exists() else None
            tmp.replace(diary_path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise KnownError(f"Could not put the backup in place: {exc.strerror}.") from exc
        fsync_folder(diary_path.parent)
    finally:
        lock.release()
    return moved


def _keep_aside(path: Path) -> Path:
    try:
        database.check_file(path, full=True)
    except (database.Damage, KnownError):
        return database.move_aside(path, "damaged")
    return database.move_aside(path, "replaced")
