"""A realistic, fictional RLS patient for first runs, screenshots, tests and benchmarks."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from diary.demo.model import (
    TAG_EFFECTS,
    TRUE_BEST_RESPONSE_FERRITIN,
    TRUE_BEST_RESPONSE_RANGE,
    TRUE_TRANSITION,
)
from diary.demo.nights import NightLog, simulate_nights
from diary.demo.timeline import Timeline, simulate_timeline
from diary.errors import KnownError
from diary.records import DiaryContents, Profile

__all__ = [
    "MAX_YEARS",
    "TAG_EFFECTS",
    "TRUE_BEST_RESPONSE_FERRITIN",
    "TRUE_BEST_RESPONSE_RANGE",
    "TRUE_TRANSITION",
    "Simulation",
    "demo_profile",
    "generate_contents",
    "simulate",
    "write_demo",
]

MAX_YEARS = 30


@dataclass(frozen=True)
class Simulation:
    """The generated records together with the hidden truth behind them (for tests)."""

    contents: DiaryContents
    timeline: Timeline
    log: NightLog


def demo_profile(end: date) -> Profile:
    return Profile(
        name="Demo Patient",
        birth_year=end.year - 58,
        clinician="Dr Example (fictional neurologist)",
    )


def first_day(years: int, end: date) -> date:
    """The day `years` years before `end`, plus one: the diary covers exactly that span."""
    try:
        back = end.replace(year=end.year - years)
    except ValueError:  # 29 February in a year without one
        back = end.replace(year=end.year - years, day=28)
    return back + timedelta(days=1)


def simulate(seed: int = 1, years: int = 2, end: date | None = None) -> Simulation:
    """The demo patient over `years` years ending on `end` (default yesterday)."""
    if not 1 <= years <= MAX_YEARS:
        raise ValueError(f"years must be 1 to {MAX_YEARS}, not {years}")
    end = end or date.today() - timedelta(days=1)
    start = first_day(years, end)
    days = (end - start).days + 1
    rng = random.Random(seed)
    timeline = simulate_timeline(rng, start, days)
    log = simulate_nights(rng, timeline)
    contents = DiaryContents(
        nights=tuple(log.nights),
        labs=tuple(timeline.labs),
        doses=tuple(log.doses),
        supplements=tuple(log.supplements),
        infusions=tuple(timeline.infusions),
        venesections=(),
        profile=demo_profile(end),
    )
    return Simulation(contents, timeline, log)


def generate_contents(seed: int = 1, years: int = 2, end: date | None = None) -> DiaryContents:
    """Every record of the demo diary; the same arguments always give the same records."""
    return simulate(seed, years, end).contents


def write_demo(path: Path, seed: int = 1, years: int = 2, end: date | None = None) -> DiaryContents:
    """Create a new diary at `path` holding the demo patient; never overwrites a file."""
    from diary.store.gateway import Diary

    path = Path(path)
    if path.exists():
        raise KnownError(
            f"{path} already exists; the demo never overwrites a file.",
            "Choose a new file name for the demo diary.",
        )
    contents = generate_contents(seed, years, end)
    diary = Diary.open(path, create=True)
    try:
        diary.import_contents(contents)
        diary.set_profile(contents.profile)
    except BaseException:
        diary.close()
        # The file is the one just created here, so nothing of the user's is lost.
        for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    diary.close()
    return contents
