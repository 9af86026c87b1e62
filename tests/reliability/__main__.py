"""`make reliability`: every durability scenario at full count, then one table.

Counts can be lowered for a quick look: RLS_RELIABILITY_KILLS=20 make reliability.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def _count(name: str, default: int) -> int:
    return int(os.environ.get(f"RLS_RELIABILITY_{name}", default))


def _pytest_checks() -> tuple[int, int, list[str]]:
    """The environment, privacy and migration tests (they need fixtures and mounts)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            "tests/unit/reliability/test_hostile_environment.py",
            "tests/unit/reliability/test_privacy.py",
            "tests/unit/reliability/test_fixture_migrations.py",
            "tests/unit/reliability/test_undo_one_transaction.py",
            "tests/unit/reliability/test_restore_safety.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    passed = int(m[1]) if (m := re.search(r"(\d+) passed", tail)) else 0
    skipped = int(m[1]) if (m := re.search(r"(\d+) skipped", tail)) else 0
    failed = [] if done.returncode == 0 else [tail]
    return passed, skipped, failed


def main() -> int:
    import pytest_socket

    pytest_socket.disable_socket(allow_unix_socket=True)  # the app must need no network

    from tests.reliability import big_import, crash, damage, hostile, kills_more, wal

    rows: list[tuple[str, str, str, int, float]] = []
    problems: list[str] = []

    def scenario(
        name: str,
        fn: Callable[[Path], Any],
        show: Callable[[Any], tuple[str, str]],
        proof: Callable[[Any], int],
    ) -> None:
        """Run one scenario; `proof` is how many things it checked (none is a failure)."""
        start = time.perf_counter()
        print(f"running: {name} …", flush=True)
        with tempfile.TemporaryDirectory(prefix="rls-reliability-") as tmp:
            tally = fn(Path(tmp))
        tried, checked = show(tally)
        found = list(tally.problems)
        if proof(tally) <= 0:
            found.append("it checked nothing, so it proved nothing")
        rows.append((name, tried, checked, len(found), time.perf_counter() - start))
        problems.extend(f"{name}: {p}" for p in found)

    kills = _count("KILLS", 200)
    crash_tally: list[crash.CrashTally] = []

    def run_crash(folder: Path) -> crash.CrashTally:
        crash_tally.append(crash.run(folder, kills=kills))
        return crash_tally[-1]

    scenario(
        "crash: SIGKILL while saving, backing up, restoring, undoing",
        run_crash,
        lambda t: (
            f"{t.kills} kills ({t.kills_mid_save} mid-operation, {t.kills_while_opening} opening)",
            f"{t.nights_checked:,} nights, {t.saves_reported:,} saves, "
            f"{t.backups_checked:,} backups",
        ),
        lambda t: t.nights_checked,
    )
    # A killed creation leaves an empty diary at most, so what it proves is the files it
    # opened and checked after each kill; the others prove the nights they checked.
    for name, run, count, proof in (
        (
            "crash: SIGKILL creating a new diary",
            kills_more.run_create,
            _count("CREATE", 40),
            lambda t: t.kills - len(t.problems),
        ),
        (
            "crash: SIGKILL during Undo/Redo",
            kills_more.run_undo,
            _count("UNDO", 40),
            lambda t: t.nights_checked,
        ),
        (
            "crash: SIGKILL mid-restore",
            kills_more.run_restore,
            _count("RESTORE", 30),
            lambda t: t.nights_checked,
        ),
    ):
        scenario(
            name,
            lambda d, run=run, count=count: run(d, count),
            lambda t: (
                f"{t.kills} kills ({t.kills_mid_step} mid-step)",
                f"{t.kills} diaries reopened, {t.nights_checked:,} nights",
            ),
            proof,
        )
    scenario(
        "deleted -wal after a kill",
        lambda d: wal.run(d, trials=_count("WAL", 20)),
        lambda t: (f"{t.trials} files", f"{t.nights_checked:,} nights"),
        lambda t: t.nights_checked,
    )
    scenario(
        "damaged files",
        lambda d: damage.run(d, rounds=_count("DAMAGE_ROUNDS", 40)),
        lambda t: (
            f"{t.tried} files ({len(damage.DAMAGES)} kinds)",
            f"{t.recovered} recovered, {t.harmless} harmless, {t.nights_checked:,} nights",
        ),
        lambda t: t.tried,
    )
    scenario(
        "hostile CSV imports",
        lambda d: hostile.run_import_fuzz(d, examples=_count("HOSTILE", 1000)),
        lambda t: (f"{t.tried} inputs", f"{t.refused} refused plainly, {t.imported} imported"),
        lambda t: t.tried,
    )
    scenario(
        "export: formulas, 10k Unicode notes",
        lambda d: hostile.run_export_fuzz(d, examples=_count("EXPORT", 150)),
        lambda t: (f"{t.tried} diaries", f"{t.imported} round trips byte-identical"),
        lambda t: t.imported,
    )
    scenario(
        "100,000-row import, cancel",
        lambda d: big_import.run(d),
        lambda t: (f"{t.tried} imports", f"{t.rows:,} rows"),
        lambda t: t.rows,
    )
    start = time.perf_counter()
    print("running: environment, privacy, migrations (pytest) …", flush=True)
    passed, skipped, failed = _pytest_checks()
    rows.append(
        (
            "read-only, full disk, 2 windows, privacy, fixtures",
            f"{passed + skipped} tests",
            f"{passed} passed, {skipped} skipped",
            len(failed),
            time.perf_counter() - start,
        )
    )
    problems += failed
    if passed == 0:
        problems.append("environment, privacy, migrations: no test passed, so none proved anything")

    print()
    print(
        f"RLS Diary reliability — {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}"
    )
    head = ("scenario", "tried", "checked", "lost/failed", "time")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(3)]
    print(
        f"{head[0]:<{widths[0]}}  {head[1]:<{widths[1]}}  {head[2]:<{widths[2]}}  "
        f"{head[3]:>11}  {head[4]:>7}"
    )
    for name, tried, checked, lost, secs in rows:
        print(
            f"{name:<{widths[0]}}  {tried:<{widths[1]}}  {checked:<{widths[2]}}  "
            f"{lost:>11}  {secs:>6.1f}s"
        )
    if crash_tally:
        t = crash_tally[0]
        phases = ", ".join(f"{name} {n}" for name, n in sorted(t.by_phase.items()))
        inside = ", ".join(f"{kind} {n}" for kind, n in sorted(t.mid.items())) or "none"
        print(f"crash kills by phase: {phases}; landed inside an operation: {inside}")
    print()
    if problems:
        print(f"DATA LOST OR PROTECTION FAILED ({len(problems)}):")
        for p in problems[:50]:
            print(f"  {p}")
        return 1
    nights = sum(t.nights_checked for t in crash_tally)
    print(
        f"Zero data lost: {nights:,} nights checked after {kills} kills, and every scenario above."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
