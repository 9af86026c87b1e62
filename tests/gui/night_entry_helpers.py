"""Night-entry test helpers: a night already logged, and the night page open on screen."""

from __future__ import annotations

from datetime import date
from datetime import time as clock
from typing import Any

from diary.records import Dose, Night, Supplement
from diary.ui.diary_model import DiaryModel
from diary.ui.night_entry_page import NightEntryPage
from tests.gui.conftest import ScriptedAsk
from tests.gui.pages_helpers import show


def usual_intake(day: date) -> tuple[list[Dose], list[Supplement]]:
    return (
        [Dose(day, "gabapentin", 300, "mg", clock(21, 0))],
        [Supplement(day, "ferrous_sulfate", 325)],
    )


def log(model: DiaryModel, day: date, severity: int = 5, **kw: Any) -> None:
    doses, sups = usual_intake(day)
    model.diary.save_night(Night(day, severity, sleep_hours=6.0, **kw), doses, sups)


def open_page(qtbot: Any, model: DiaryModel, ask: ScriptedAsk | None = None) -> NightEntryPage:
    # An unexpected question fails the test instead of waiting on a dialog.
    page = show(qtbot, NightEntryPage(model, ask=ask or ScriptedAsk()))
    qtbot.waitUntil(lambda: page.severity.hasFocus())
    return page
