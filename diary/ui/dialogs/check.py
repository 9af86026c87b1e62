"""File → Check diary: the integrity check's verdict and counts, in plain words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from diary.store import recovery
from diary.ui.dialogs.ask import Ask


def check_and_show(parent: QWidget | None, ask: Ask, diary_path: Path) -> recovery.CheckReport:
    """Run the full check (it changes nothing) and show its result."""
    report = recovery.check(diary_path)
    if report.ok:
        text = "The diary is in good order: the whole file passed the integrity check."
    else:
        text = "The diary has problems. Nothing was changed; see below for what to do."
    ask.show_report(parent, "Check diary", text, report.lines()[1:])
    return report
