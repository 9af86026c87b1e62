"""Demo patient figure: generating 20 years of records (the benchmarks' own fixture)."""

from __future__ import annotations

from diary.demo import generate_contents
from tests.bench.shared import BENCH_TODAY, best_of


def bench() -> list[tuple[str, float, str]]:
    contents = generate_contents(seed=1, years=20, end=BENCH_TODAY)
    took = best_of(lambda: generate_contents(seed=1, years=20, end=BENCH_TODAY), repeat=3)
    records = sum(contents.counts().values())
    return [(f"generate the 20-year demo ({records} records)", took, "(no target)")]
