"""Small real filesystems for the full-disk and read-only tests (tmpfs; needs mount rights)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path


def why_no_mount() -> str | None:
    """None when tmpfs can be mounted here, else the reason (shown when a test is skipped)."""
    if os.name != "posix" or not shutil.which("mount"):
        return "no mount command on this system"
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root; this run is not root"
    return None


@contextlib.contextmanager
def tmpfs(folder: Path, size_kb: int) -> Iterator[Path]:
    """Mount a tmpfs of `size_kb` KiB on `folder` (created) for the `with` block."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise OSError(f"mount failed: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def fill(folder: Path) -> Path:
    """Write a filler file until the filesystem is full; returns it (delete it to free space)."""
    filler = folder / "filler.bin"
    chunk = b"\0" * 4096
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(chunk)
        except OSError:
            pass
    return filler
