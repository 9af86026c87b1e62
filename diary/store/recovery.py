"""Check Diary and Restore from a backup: what the window's File menu and the CLI call."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from diary.errors import KnownError
from diary.paths import create_private_file
from diary.store import backup, database, migrate, reads
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
    """Put `backup_path` in place of the diary. The current file (if any) is copied aside,
    never deleted, and the copy's path returned; every backup is kept.

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
            kept = _copy_aside(diary_path) if diary_path.exists() else None
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise KnownError(
                "Could not keep a copy of the current diary before restoring: "
                f"{backup.plain_reason(exc)}.",
                "Nothing was changed. Free some disk space and try again.",
            ) from exc
        # The diary stays at its path until this replaces it in one step: a restore killed
        # at any point leaves the old diary or the restored one there, never no diary.
        migrate.put_in_place(tmp, diary_path)
    finally:
        lock.release()
    return kept


def _copy_aside(path: Path) -> Path:
    """Copy the diary a restore replaces (with its -wal) to `<name>.replaced-<time>`, or to
    `.damaged-` when it is damaged. The diary itself is left where it is."""
    try:
        database.check_file(path, full=True)
    except (database.Damage, KnownError):
        tag = "damaged"
    else:
        tag = "replaced"
        _checkpoint(path)  # everything into the main file, so the diary is whole without -wal
    target = database.aside_path(path, tag)
    part = path.with_name(f"{path.name}.restoring-aside-{os.getpid()}")
    wal, part_wal = (p.with_name(p.name + "-wal") for p in (path, part))
    try:
        if wal.exists() and wal.stat().st_size > 0:
            _copy_file(wal, part_wal)
        _copy_file(path, part)
        if part_wal.exists():
            part_wal.replace(target.with_name(target.name + "-wal"))
        part.replace(target)
    except BaseException:
        part.unlink(missing_ok=True)
        part_wal.unlink(missing_ok=True)
        raise
    return target


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _copy_file(source: Path, dest: Path) -> None:
    create_private_file(dest)
    shutil.copyfile(source, dest)
    with open(dest, "rb+") as handle:
        os.fsync(handle.fileno())
