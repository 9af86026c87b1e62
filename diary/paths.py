"""Where the diary and its backups live: resolved once, overridable for tests and users."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import platformdirs

APP_DIR_NAME = "rls-diary"
ENV_HOME = "RLS_DIARY_HOME"
DIARY_FILE_NAME = "diary.sqlite"


def data_home() -> Path:
    """The folder holding the default diary: $RLS_DIARY_HOME, else the user data dir."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def default_diary_path() -> Path:
    return data_home() / DIARY_FILE_NAME


def resolve_diary_path(explicit: str | os.PathLike[str] | None) -> Path:
    """`--diary PATH` when given, else the default diary."""
    if explicit:
        return Path(explicit).expanduser().absolute()
    return default_diary_path()


def backup_dir_for(diary_path: Path) -> Path:
    """Backups sit in a folder beside the diary, named after it."""
    return diary_path.parent / f"{diary_path.stem}-backups"


def log_dir() -> Path:
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser() / "logs"
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def cache_dir() -> Path:
    """Where results worked out from a diary are kept to save time (safe to delete)."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser() / "cache"
    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False))


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` and any missing parents, readable by the owner only. A folder that
    already exists (say ~/Documents) is left exactly as it is: only what the app creates
    is made private."""
    missing = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for created in missing:  # mkdir's parents get the umask's mode; fix them too
        with contextlib.suppress(OSError):
            created.chmod(0o700)


def create_private_file(path: Path) -> None:
    """Create `path` empty, readable by its owner only from its first moment (SQLite then
    gives its -journal and -wal files the same mode); an existing file is an error."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def make_private(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_file(dest: Path) -> Iterator[Path]:
    """Yield a new private temporary path beside `dest`; once the body has written it, it is
    fsynced, made 0600 and renamed over `dest`, and the folder fsynced: `dest` is then whole
    or as it was. On any error the temporary file is removed and the error passes on."""
    handle, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        make_private(tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_folder(dest.parent)
