"""Writing a report or bundle file whole or not at all, with a plain message when it cannot be."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from diary.errors import KnownError
from diary.paths import atomic_file


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
    started = False
    try:
        with atomic_file(dest) as tmp:
            started = True
            yield tmp
    except OSError as exc:
        raise KnownError(
            f"Could not write {what} to {dest}: {exc.strerror or exc}.",
            "Nothing was written. Free some disk space or choose another place."
            if started
            else "Choose another place.",
        ) from exc
