"""Before a diary file is opened: find the real file, create it, or check, lock and (when
older) migrate it; every refusal is a known error and leaves the file as it was."""

from __future__ import annotations

import os
from pathlib import Path

from diary.errors import DiaryMissing, DiaryTooNew, KnownError, NotFound
from diary.paths import ensure_private_dir
from diary.store import backup, database
from diary.store.lock import WriterLock

# The real path, the writer lock held (None when read-only), and whether it was just created.
Prepared = tuple[Path, WriterLock | None, bool]


def prepare(path: Path | str, *, create: bool, read_only: bool, start_empty: bool) -> Prepared:
    """The real path, the writer lock now held (None when read-only), and whether the
    diary was just created. The caller releases the lock if opening fails after this.

    Raises DiaryDamaged (the file was moved aside), DiaryLocked (open elsewhere for
    writing), DiaryMissing, DiaryNotWritable, DiaryTooNew (left untouched), NotADiary, or
    NotFound.
    """
    # The real file, whatever symlinks lead to it: one lock, one -wal, one backups folder.
    path = Path(os.path.realpath(Path(path).absolute()))
    if not path.exists():
        if not create or read_only:
            raise NotFound(f"There is no diary at {path}.")
        if not start_empty:
            backups, moved = backup.list_backups(path), database.moved_aside(path)
            if backups or moved:
                raise DiaryMissing(path, len(backups), moved)
        ensure_private_dir(path.parent)
        new_lock = WriterLock(path)
        new_lock.acquire()
        try:
            from diary.store import migrate  # Alembic and the schema: only to create

            migrate.create_new(path)
        except BaseException:
            new_lock.release()
            raise
        return path, new_lock, True

    if not read_only:
        database.require_writable(path)
        database.refuse_hard_links(path)
    lock = None if read_only else WriterLock(path)
    if lock:
        lock.acquire()
    try:
        _check_and_migrate(path, read_only)
    except BaseException:
        if lock:
            lock.release()
        raise
    return path, lock, False


def _check_and_migrate(path: Path, read_only: bool) -> None:
    try:
        # Writers get the full check (about 40 ms on a 20-year diary, see `make bench`):
        # damage quick_check misses is found before anything is written.
        database.check_file(path, full=not read_only)
    except database.Damage as exc:
        if read_only:
            raise KnownError(
                f"The diary {path} is damaged ({exc}).",
                "Open it normally to move it aside and restore a backup.",
            ) from None
        raise database.damaged(path, str(exc)) from None
    revision = database.read_revision(path)
    if revision not in database.KNOWN_REVISIONS:
        raise DiaryTooNew(path, str(revision))
    if revision != database.HEAD_REVISION:
        if read_only:
            raise KnownError(
                f"The diary {path} needs updating to this version.",
                "Open it normally (not read-only) first.",
            )
        from diary.store.migrate import migrate_file  # Alembic, only for an older diary

        migrate_file(path)
