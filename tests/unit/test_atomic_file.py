"""The one atomic file write: the file is whole and private, or as it was, and nothing is left."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from diary.paths import atomic_file


def test_the_written_file_replaces_the_old_one_whole_and_private(tmp_path: Path) -> None:
    dest = tmp_path / "report.pdf"
    dest.write_bytes(b"old")
    dest.chmod(0o644)
    with atomic_file(dest) as tmp:
        assert tmp.parent == tmp_path
        assert tmp != dest
        tmp.write_bytes(b"new contents")
        assert dest.read_bytes() == b"old"  # not yet in place
    assert dest.read_bytes() == b"new contents"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def _write_half_then_fail(dest: Path) -> None:
    with atomic_file(dest) as tmp:
        tmp.write_bytes(b"half")
        raise OSError(28, "disk full")


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "bundle.json"
    dest.write_bytes(b"old")
    with pytest.raises(OSError, match="disk full"):
        _write_half_then_fail(dest)
    assert dest.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.json"]
