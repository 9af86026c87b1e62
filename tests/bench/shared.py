"""What the benchmarks share: one 20-year demo diary per run, and a timer."""

from __future__ import annotations

import functools
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

BENCH_TODAY = date(2026, 11, 1)


@functools.cache
def work_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="rls-bench-"))


@functools.cache
def demo_diary(years: int = 20) -> Path:
    """A demo diary of `years` years, written once per benchmark run."""
    from diary.demo import write_demo

    path = work_dir() / f"demo-{years}y.sqlite"
    # the last night is the one before BENCH_TODAY: its sleep is known by that morning
    write_demo(path, seed=1, years=years, end=BENCH_TODAY - timedelta(days=1))
    return path


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
