"""`make validate`: the simulation study of the best-response estimator (docs/analysis.md).

python -m tests.validation [--patients N] [--workers W] [--quick] [--markdown]
    [--first-seed S]
Prints one row per cell: patients, values given, median bias, coverage of the 90 % range,
false-value rate, verdict. Seeds are fixed, so every run prints the same table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

# Two worker processes share the machine: one BLAS thread each, or they fight for the cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from tests.validation.study import Row, grid, run, trend_failures


def _fmt(v: float | None, pct: bool = False) -> str:
    if v is None:
        return "–"
    return f"{v:.0%}" if pct else f"{v:+.1f}"


def table(rows: list[Row], markdown: bool) -> str:
    head = ("cell", "patients", "values", "median bias (ng/mL)", "90 % range covers", "false")
    lines = []
    cells = [
        (
            r.cell.name,
            str(r.n),
            str(r.given),
            _fmt(r.bias),
            _fmt(r.coverage, pct=True),
            _fmt(r.false_rate, pct=True),
            r.verdict,
        )
        for r in rows
    ]
    head = (*head, "verdict")
    if markdown:
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join("---" for _ in head) + "|")
        lines += ["| " + " | ".join(c) + " |" for c in cells]
    else:
        widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(head)]
        lines.append("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
        lines += ["  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)) for c in cells]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.validation")
    parser.add_argument("--patients", type=int, default=100, help="patients per cell")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="a smaller grid")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--first-seed", type=int, default=1000, help="other patients: seeds from this one"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = run(grid(args.patients, args.quick, args.first_seed), args.workers)
    print(table(rows, args.markdown))
    falling = trend_failures(rows)
    failed = [r.cell.name for r in rows if "FAIL" in r.verdict]
    print()
    for line in falling:
        print(f"coverage falls with diary length: {line}")
    print(
        f"{sum(r.n for r in rows)} patients in {len(rows)} cells, "
        f"{time.perf_counter() - started:.0f} s; "
        + ("all cells pass" if not failed and not falling else f"{len(failed)} cells fail")
    )
    return 1 if failed or falling else 0


if __name__ == "__main__":
    sys.exit(main())
