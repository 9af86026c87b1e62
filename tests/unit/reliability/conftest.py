"""A real small filesystem for the full-disk tests: skipped visibly where it cannot be had."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability import mounts


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs (needs root). Without one the test is skipped with the reason, and
    fails instead when RLS_DIARY_REQUIRE_TOOLS is set (CI that must run it)."""
    reason = mounts.why_no_mount()
    if reason is None:
        try:
            with mounts.tmpfs(tmp_path / "mnt", size_kb=2048) as folder:
                yield folder
            return
        except OSError as exc:
            reason = f"cannot mount a tmpfs here ({exc})"
    if os.environ.get("RLS_DIARY_REQUIRE_TOOLS"):
        pytest.fail(f"RLS_DIARY_REQUIRE_TOOLS is set but {reason}")
    pytest.skip(f"no real full disk: {reason}")
