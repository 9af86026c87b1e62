"""Crash safety: SIGKILL a process that is saving nights, then prove nothing it reported is lost.

After every kill the file must pass `PRAGMA integrity_check`, open with `Diary.open`, and hold
every night the child reported committed, exactly as saved (with its doses, supplements and
tags). A save that was under way when the kill came is either wholly there or wholly absent.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tests.reliability.crash_child import TODAY, payload

REPO = Path(__file__).resolve().parents[2]


@dataclass
class CrashTally:
    kills: int = 0
    kills_mid_save: int = 0  # a save had begun and not yet returned
    kills_while_opening: int = 0
    nights_checked: int = 0  # summed over every check after a kill
    saves_reported: int = 0
    problems: list[str] = field(default_factory=list)


def spawn_child(path: Path, seed: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_child", str(path), str(seed), *extra],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def wait_for(child: subprocess.Popen[str], word: str, seen: list[str]) -> None:
    """Read the child's lines into `seen` until `word`; fail with its stderr if it dies."""
    assert child.stdout is not None
    while True:
        line = child.stdout.readline()
        if not line:
            child.wait()
            err = child.stderr.read() if child.stderr else ""
            raise RuntimeError(f"the crash child ended (code {child.returncode}): {err[-2000:]}")
        if line.endswith("\n"):
            seen.append(line.rstrip("\n"))
        if line.rstrip("\n") == word:
            return


def kill(child: subprocess.Popen[str], seen: list[str]) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.stdout is not None
    # only whole lines count: a line cut by the kill was never reported
    seen += [
        ln.rstrip("\n") for ln in child.stdout.read().splitlines(keepends=True) if ln.endswith("\n")
    ]
    for stream in (child.stdout, child.stderr):
        if stream:
            stream.close()


def integrity(path: Path) -> str:
    """`PRAGMA integrity_check` as a fresh writer would see it (the -wal is replayed)."""
    conn = sqlite3.connect(path)
    try:
        return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check").fetchmany(5))
    finally:
        conn.close()


def fingerprint(night: Any, doses: list[Any], sups: list[Any]) -> tuple[Any, ...]:
    """What a night's save stored, comparable between the payload and the diary."""
    return (
        night.rls_severity,
        night.sleep_hours,
        tuple(night.tags),
        night.notes,
        tuple(sorted(d.amount for d in doses)),
        tuple(sorted(s.product for s in sups)),
    )


def stored_fingerprints(path: Path) -> dict[date, tuple[Any, ...]]:
    from diary.store.gateway import Diary

    with Diary.open(path, auto_backup=False, today=lambda: TODAY) as diary:
        doses: dict[date, list[Any]] = {}
        sups: dict[date, list[Any]] = {}
        for d in diary.doses():
            doses.setdefault(d.date, []).append(d)
        for s in diary.supplements():
            sups.setdefault(s.date, []).append(s)
        return {
            n.date: fingerprint(n, doses.get(n.date, []), sups.get(n.date, []))
            for n in diary.nights()
        }


def expected(day: date, version: int) -> tuple[Any, ...]:
    from diary.store import validation

    night, doses, sups = payload(day, version)
    night = validation.normalise_night(night, TODAY)
    return fingerprint(night, doses, sups)


def parse(lines: list[str]) -> tuple[list[tuple[date, int]], tuple[date, int] | None]:
    """The saves the child reported done, and the one under way when it died (if any)."""
    done: list[tuple[date, int]] = []
    begun: tuple[date, int] | None = None
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0] in ("B", "C"):
            item = (date.fromisoformat(parts[1]), int(parts[2]))
            if parts[0] == "B":
                begun = item
            else:
                done.append(item)
                begun = None
    return done, begun


def verify(
    path: Path, acked: dict[date, int], inflight: tuple[date, int] | None, tally: CrashTally
) -> None:
    """Check the file after a kill; `acked` gains the in-flight save if it landed."""
    status = integrity(path)
    if status != "ok":
        tally.problems.append(f"kill {tally.kills}: integrity_check says {status}")
        return
    stored = stored_fingerprints(path)
    for day, version in acked.items():
        want = {expected(day, version)}
        if inflight and inflight[0] == day:
            want.add(expected(*inflight))
        if stored.get(day) not in want:
            tally.problems.append(
                f"kill {tally.kills}: night {day} (version {version}) is "
                + ("missing" if day not in stored else "not as saved")
            )
    extra = set(stored) - set(acked) - ({inflight[0]} if inflight else set())
    if extra:
        tally.problems.append(f"kill {tally.kills}: nights nobody saved: {sorted(extra)[:3]}")
    if inflight and inflight[0] in stored:
        if stored[inflight[0]] == expected(*inflight):
            acked[inflight[0]] = inflight[1]
        elif inflight[0] not in acked:
            tally.problems.append(f"kill {tally.kills}: the interrupted save {inflight} is torn")
    tally.nights_checked += len(acked)


def run(folder: Path, kills: int, seed: int = 7, max_delay: float = 0.15) -> CrashTally:
    """Kill a saving child `kills` times at random moments, checking the diary after each."""
    from diary.store.gateway import Diary

    rng = random.Random(seed)
    path = folder / "crash.sqlite"
    Diary.open(path, auto_backup=False, today=lambda: TODAY).close()
    tally = CrashTally()
    acked: dict[date, int] = {}
    for k in range(kills):
        child = spawn_child(path, seed * 100_003 + k)
        seen: list[str] = []
        if rng.random() < 0.1:
            time.sleep(rng.uniform(0.0, 0.6))  # somewhere in start-up and opening the diary
        else:
            wait_for(child, "READY", seen)
            time.sleep(rng.uniform(0.0, max_delay))
        kill(child, seen)
        tally.kills += 1
        if "READY" not in seen:
            tally.kills_while_opening += 1
        done, inflight = parse(seen)
        tally.saves_reported += len(done)
        if inflight:
            tally.kills_mid_save += 1
        for day, version in done:
            acked[day] = version
        verify(path, acked, inflight, tally)
    return tally
