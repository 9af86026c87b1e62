"""`make test-stress`: the whole suite three times, on a machine made awkward three ways.

1. with two CPU-burning processes beside it (a busy, slow machine),
2. under LC_ALL=de_DE.UTF-8 (a foreign locale: month names, decimal commas),
3. with QT_SCALE_FACTOR=1.5 (a high-DPI screen: fractional device pixels).

Every run must pass. Each prints one summary line (passed, failed, skipped, time); a failing
run's log is kept and its failures shown.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BURN = "while True: pass"


@contextmanager
def cpu_burners(n: int) -> Iterator[None]:
    """`n` processes spinning on a core each, stopped (by their own ids) afterwards."""
    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(n)]
    try:
        yield
    finally:
        for p in burners:
            p.kill()
            p.wait()


def counts(text: str) -> dict[str, int]:
    tail = text.strip().splitlines()[-1] if text.strip() else ""
    return {
        word: int(m[1]) if (m := re.search(rf"(\d+) {word}", tail)) else 0
        for word in ("passed", "failed", "errors", "skipped")
    }


def run_suite(name: str, env: dict[str, str], logs: Path) -> bool:
    log = logs / f"{name}.log"
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    seconds = time.perf_counter() - start
    text = log.read_text(encoding="utf-8", errors="replace")
    c = counts(text)
    ok = done.returncode == 0 and c["passed"] > 0
    skipped = next((ln for ln in text.splitlines() if ln.startswith("skipped: ")), "")
    print(
        f"{'PASS' if ok else 'FAIL'}  {name:<28} {c['passed']:>4} passed  {c['failed']:>3} failed"
        f"  {c['errors']:>3} errors  {c['skipped']:>3} skipped  {seconds:>6.0f} s"
        + (f"   ({skipped})" if c["skipped"] else ""),
        flush=True,
    )
    if not ok:
        failures = [ln for ln in text.splitlines() if ln.startswith(("FAILED", "ERROR"))]
        for line in failures[:30] or text.splitlines()[-30:]:
            print(f"      {line}")
        print(f"      full log: {log}")
    return ok


def main() -> int:
    from tests.tools import locale_available

    if not locale_available("de_DE.UTF-8"):
        print(
            "make test-stress needs the locale de_DE.UTF-8: sudo apt-get install locales && "
            "sudo sed -i 's/^# *de_DE.UTF-8/de_DE.UTF-8/' /etc/locale.gen && sudo locale-gen"
        )
        return 1
    logs = Path(tempfile.mkdtemp(prefix="rls-stress-"))
    print(f"make test-stress: the whole suite 3 times ({os.cpu_count()} cores)", flush=True)
    results = []
    with cpu_burners(2):
        results.append(run_suite("beside 2 CPU burners", {}, logs))
    results.append(
        run_suite("LC_ALL=de_DE.UTF-8", {"LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"}, logs)
    )
    results.append(run_suite("QT_SCALE_FACTOR=1.5", {"QT_SCALE_FACTOR": "1.5"}, logs))
    print(f"{sum(results)} of {len(results)} runs passed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
