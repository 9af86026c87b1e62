"""Shared test set-up: no screen needed, and nothing touches the real user's files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before any QApplication exists: draw offscreen, so the suite runs without a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default diary, logs and app settings at a fresh folder for every test."""
    home = tmp_path / "rls-home"
    monkeypatch.setenv("RLS_DIARY_HOME", str(home))
    return home


@pytest.fixture
def diary_path(tmp_path: Path) -> Path:
    """Where a test's diary lives (not created yet)."""
    return tmp_path / "diary.sqlite"
