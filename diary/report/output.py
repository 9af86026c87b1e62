"""Writing a report or bundle file whole or not at all: a private temporary file renamed in."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from diary.errors import KnownError
from diary.paths import make_private


@contextlib.contextmanager
def atomic_target(dest: Path, what: str) -> Iterator[Path]:
    """Yield a temporary path beside `dest`; once the body has written it, move it to `dest`.

    `what` names the file for messages ("the report", "the FHIR bundle"). Problems the disk
    or the chosen place cause become a KnownError; nothing half-written is left behind.
    """
    dest = Path(dest).expanduser()
    if not dest.parent.is_dir():
        raise KnownError(
            f"Cannot write {what} to {dest}: the folder {dest.parent} does not exist.",
            "Choose a folder that exists.",
        )
    if dest.is_dir():
        raise KnownError(f"Cannot write {what} to {dest}: it is a folder.", "Give a file name.")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        os.close(handle)
    except OSError as exc:
        raise KnownError(
            f"Could not write {what} to {dest}: {exc.strerror or exc}.",
            "Choose another place.",
        ) from exc
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        make_private(tmp)
        os.replace(tmp, dest)
    except OSError as exc:
        raise KnownError(
            f"Could not write {what} to {dest}: {exc.strerror or exc}.",
            "Nothing was written. Free some disk space or choose another place.",
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
