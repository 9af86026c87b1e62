"""Analysis figures: `analyse()` on the 20-year demo diary, and `analyze --json` end to end."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.bench.shared import BENCH_TODAY, best_of, demo_diary, work_dir


def bench() -> list[tuple[str, float, str]]:
    from diary.analysis import analyse, to_json
    from diary.demo import generate_contents

    contents = generate_contents(seed=1, years=20, end=BENCH_TODAY)
    nights = len(contents.nights)
    analysing = best_of(lambda: analyse(contents, BENCH_TODAY), repeat=7)
    # The insights page keeps a cache of best-response results by content: analysing the
    # unchanged diary again (a redraw, an edit to a tag or a note) skips the bootstrap.
    cache: dict = {}
    analyse(contents, BENCH_TODAY, cache)
    again = best_of(lambda: analyse(contents, BENCH_TODAY, cache), repeat=7)
    to_json(analyse(contents, BENCH_TODAY))  # the JSON step must also work on it

    path = demo_diary(20)
    command = [sys.executable, "-m", "diary", "analyze", "--diary", str(path), "--json"]

    # `analyze` keeps the best-response result in the user cache dir: a private one here.
    home = work_dir() / "home"
    env = {**os.environ, "RLS_DIARY_HOME": str(home)}

    def run_cli() -> None:
        subprocess.run(command, check=True, capture_output=True, env=env)

    def run_cli_cold() -> None:
        shutil.rmtree(home / "cache", ignore_errors=True)
        run_cli()

    cold = best_of(run_cli_cold, repeat=3)
    run_cli()
    end_to_end = best_of(run_cli, repeat=3)
    return [
        (f"analyse() on {nights:,} nights", analysing, "≤ 100 ms"),
        (f"analyse() on {nights:,} nights again (cached best response)", again, "≤ 100 ms"),
        ("rls-diary analyze --json (20-year diary, first run)", cold, "≤ 0.5 s"),
        ("rls-diary analyze --json (20-year diary, unchanged since)", end_to_end, "≤ 0.5 s"),
    ]


if __name__ == "__main__":  # run alone: `make bench` sets one BLAS thread as the app does
    for name, seconds, target in bench():
        print(f"{name}: {seconds * 1000:.1f} ms (target {target})")
