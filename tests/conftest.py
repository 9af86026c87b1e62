"""Shared test set-up: no screen needed, and nothing touches the real user's files."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.tools import require_locale, require_tool

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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs_tool(*names): the programs a test runs (see tests/tools.py)"
    )
    config.addinivalue_line("markers", "needs_locale(name): a locale the test switches to")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("needs_tool"):
        require_tool(*mark.args)
    for mark in item.iter_markers("needs_locale"):
        require_locale(*mark.args)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line: what was skipped and why (a skip must never pass unnoticed)."""
    reasons: Counter[str] = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    if not reasons:
        terminalreporter.write_line("skipped: none")
        return
    parts = "; ".join(f"{n} × {reason}" for reason, n in reasons.most_common())
    terminalreporter.write_line(f"skipped: {sum(reasons.values())} ({parts})")
