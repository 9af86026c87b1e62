"""One writer per diary: an OS file lock beside the diary, released even if the app dies."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from diary.errors import DiaryLocked, DiaryNotWritable
from diary.paths import make_private


def lock_path_for(diary_path: Path) -> Path:
    return diary_path.with_name(diary_path.name + ".lock")


class WriterLock:
    """An exclusive, non-blocking lock held for as long as the diary is open for writing."""

    def __init__(self, diary_path: Path) -> None:
        self.diary_path = diary_path
        # Beside the real file, so a symlink to the diary or its folder finds the same lock.
        self.path = lock_path_for(Path(os.path.realpath(diary_path)))
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        except OSError as exc:
            raise DiaryNotWritable(
                self.diary_path, f"its folder cannot be written ({exc.strerror or exc})"
            ) from None
        make_private(self.path)
        try:
            if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise DiaryLocked(self.diary_path) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode())
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            if sys.platform == "win32":  # pragma: no cover
                import msvcrt

                self._handle.seek(0)
                msvcrt.locking(self._handle.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        finally:
            self._handle.close()
            self._handle = None
