"""Schema migrations with Alembic (loaded only to create a diary or migrate an older one)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from diary.errors import KnownError
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
    try:
        for suffix in database.SIDE_FILES:
            diary_path.with_name(diary_path.name + suffix).unlink(missing_ok=True)
        tmp.replace(diary_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KnownError(f"Could not put the backup in place: {exc.strerror}.") from exc
    database.fsync_folder(diary_path.parent)
