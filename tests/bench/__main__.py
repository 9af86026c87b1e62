"""`make bench`: run every tests/bench/bench_*.py and print one table of figures.

Each module has `bench()` returning rows `(name, seconds, target)`, or
`(name, value, target, unit)` for a figure that is not a time (e.g. MiB).
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import traceback
from pathlib import Path

# As the app does (diary/cli.py): one BLAS thread, set before numpy loads.
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")


def main() -> int:
    here = Path(__file__).parent
    rows: list[tuple] = []
    failed: list[str] = []
    for path in sorted(here.glob("bench_*.py")):
        module = importlib.import_module(f"tests.bench.{path.stem}")
        try:
            rows += module.bench()
        except Exception:
            failed.append(path.stem)
            traceback.print_exc()
    print()
    print(
        f"RLS Diary benchmarks — {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}"
    )
    width = max((len(row[0]) for row in rows), default=10)
    print(f"{'figure':<{width}}  {'measured':>12}  target")
    for name, value, target, *unit in rows:
        if unit:
            # a ratio to 2 decimals: 1.97 and 2.04 against a limit of 2.0 both round to "2.0"
            places = 2 if unit[0] == "×" else 1
            shown = (
                f"{value:.{places}f} {unit[0]}"
                if isinstance(value, float)
                else f"{value} {unit[0]}"
            )
        else:
            shown = f"{value * 1000:.1f} ms" if value < 10 else f"{value:.1f} s"
        print(f"{name:<{width}}  {shown:>12}  {target}")
    if failed:
        print(f"benchmarks that failed to run: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
