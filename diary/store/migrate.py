"""Schema migrations with Alembic (loaded only to create a diary or migrate an older one)."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from diary.errors import KnownError
from diary.paths import create_private_file, fsync_folder
from diary.store import backup, database

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

log = logging.getLogger(__name__)


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "diary.store:migrations")
    return cfg


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def script_revisions() -> list[str]:
    """Every revision in the migrations folder, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def migrate_file(path: Path) -> None:
    """Back up, then bring the file to the newest schema; on failure put the backup back."""
    saved = backup.make_backup(path, label="before-migration")
    engine = database.make_engine(path)
    try:
        upgrade_to_head(engine)
    except Exception as exc:
        engine.dispose()
        log.error("migration failed; restoring the backup", exc_info=True)
        restore_file(saved, path)
        raise KnownError(
            "The diary could not be updated to this version; it was put back exactly as it was.",
            f"A copy is kept at {saved}.",
        ) from exc
    engine.dispose()


def restore_file(source: Path, diary_path: Path) -> None:
    """Replace the diary file with a copy of `source` (a backup), via SQLite's backup API.

    The copy is made and verified beside the diary first; only then are the diary's -wal
    and -shm removed and the copy renamed over it. A failure (a full disk) leaves the diary
    as it was and nothing else behind. The caller keeps the current file if it wants it.
    """
    tmp = diary_path.with_name(f"{diary_path.name}.restoring-{os.getpid()}")
    backup.verified_copy(source, tmp, where=diary_path.parent)
    put_in_place(tmp, diary_path)


def put_in_place(tmp: Path, diary_path: Path) -> None:
    """Rename the finished copy `tmp` over the diary in one step. The diary's -wal and -shm
    go first, or SQLite would replay them onto the copy; on a failure `tmp` is removed."""
    try:
        for suffix in database.SIDE_FILES:
            diary_path.with_name(diary_path.name + suffix).unlink(missing_ok=True)
        tmp.replace(diary_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KnownError(f"Could not put the backup in place: {exc.strerror}.") from exc
    fsync_folder(diary_path.parent)


CREATING = ".creating-"


def create_new(path: Path) -> None:
    """Create an empty diary at the newest schema, readable by its owner only.

    It is built in a temporary file beside `path` and renamed into place only when whole,
    so a kill or an error part-way never leaves a half-made diary (which would later look
    damaged). A temporary file left by an earlier kill is removed first; the caller holds
    the writer lock, so no other process is building one.
    """
    import secrets  # here, not at the top: OpenSSL's hashing is not loaded on every start

    for stale in path.parent.glob(f"{database.glob_escape(path.name)}{CREATING}*"):
        stale.unlink(missing_ok=True)
    tmp = path.with_name(f"{path.name}{CREATING}{secrets.token_hex(4)}")
    try:
        create_private_file(tmp)
        conn = sqlite3.connect(str(tmp))
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA application_id={database.APPLICATION_ID}")
            conn.commit()
        finally:
            conn.close()
        engine = database.make_engine(tmp)
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
        for leftover in (
            tmp,
            *(tmp.with_name(tmp.name + s) for s in (*database.SIDE_FILES, "-journal")),
        ):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, KnownError):
            raise
        raise KnownError(
            f"The new diary {path} could not be created ({type(exc).__name__}: "
            f"{getattr(exc, 'orig', None) or exc}).",
            "Nothing was left behind. Check the free disk space and the folder's permissions.",
        ) from exc
