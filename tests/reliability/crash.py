"""Crash safety: SIGKILL a process working on a diary, then prove nothing it reported is lost.

After every kill the file must pass `PRAGMA integrity_check`, open with `Diary.open`, and hold
every night the child reported committed, exactly as saved (with its doses, supplements and
tags). An operation under way when the kill came (a save, an undo, a restore) is either
wholly there or wholly absent; every backup the folder lists passes its integrity check.

Where the kill lands is chosen by a phase (`PHASES`): after N reported saves plus a random
delay, in start-up, during the first save, during a backup, a restore or an undo. Another
phase is one more `Phase` in that list; a phase that needs its own child or its own check
subclasses `Phase` and overrides `kill_once`.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tests.reliability.crash_child import TODAY, payload

REPO = Path(__file__).resolve().parents[2]

State = dict[date, int]  # the version of each night the diary should hold


@dataclass
class CrashTally:
    kills: int = 0
    kills_mid_save: int = 0  # an operation had begun and not yet returned
    kills_while_opening: int = 0
    nights_checked: int = 0  # summed over every check after a kill
    saves_reported: int = 0
    backups_checked: int = 0
    by_phase: Counter[str] = field(default_factory=Counter)
    mid: Counter[str] = field(default_factory=Counter)  # kills inside each kind of operation
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


def wait_for_cue(child: subprocess.Popen[str], cue: str, count: int, seen: list[str]) -> None:
    """Read the child's lines into `seen` until the `count`-th line whose first word is `cue`;
    fail with its stderr if it dies first."""
    assert child.stdout is not None
    found = 0
    while True:
        line = child.stdout.readline()
        if not line:
            child.wait()
            err = child.stderr.read() if child.stderr else ""
            raise RuntimeError(f"the crash child ended (code {child.returncode}): {err[-2000:]}")
        if line.endswith("\n"):
            seen.append(line.rstrip("\n"))
        if line.split()[:1] == [cue]:
            found += 1
            if found >= count:
                return


def wait_for(child: subprocess.Popen[str], word: str, seen: list[str]) -> None:
    """Read the child's lines into `seen` until the line `word`."""
    wait_for_cue(child, word, 1, seen)


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


def _differences(stored: dict[date, tuple[Any, ...]], want: State) -> list[str]:
    found = [
        f"night {day} (version {version}) is "
        + ("missing" if day not in stored else "not as saved")
        for day, version in sorted(want.items())
        if stored.get(day) != expected(day, version)
    ]
    extra = sorted(set(stored) - set(want))
    if extra:
        found.append(f"nights nobody saved: {extra[:3]}")
    return found


def _versions_in(path: Path) -> State:
    """What the file holds, read back from each night's `v<version>` tag."""
    from diary.store.gateway import Diary

    with Diary.open(path, auto_backup=False, today=lambda: TODAY) as diary:
        return {
            n.date: int(next(t for t in n.tags if t.startswith("v"))[1:]) for n in diary.nights()
        }


def verify(path: Path, acked: State, alternatives: list[State] | None, tally: CrashTally) -> State:
    """Check the file after a kill: it holds `acked` exactly, or one of `alternatives` (what
    the diary holds if the operation under way when the kill came had finished). Returns the
    state found, from which the next round goes on."""
    status = integrity(path)
    if status != "ok":
        tally.problems.append(f"kill {tally.kills}: integrity_check says {status}")
        return acked
    stored = stored_fingerprints(path)
    candidates = [acked, *(alternatives or [])]
    for state in candidates:
        if not _differences(stored, state):
            tally.nights_checked += len(state)
            return state
    closest = min((_differences(stored, s) for s in candidates), key=len)
    torn = " (an interrupted operation is torn)" if alternatives else ""
    tally.problems += [f"kill {tally.kills}: {d}{torn}" for d in closest]
    return _versions_in(path)


@dataclass
class Harness:
    """One diary that child after child works on, and what it must hold after each kill."""

    path: Path
    tally: CrashTally
    acked: State = field(default_factory=dict)
    # what each backup holds, by file name, inode and time written (a thinned name comes back)
    backups: dict[tuple[str, int, int], State] = field(default_factory=dict)
    reported: dict[str, State] = field(default_factory=dict)  # the latest backup of each name

    def _key(self, name: str) -> tuple[str, int, int] | None:
        from diary.paths import backup_dir_for

        try:
            st = (backup_dir_for(self.path) / name).stat()
            return name, st.st_ino, st.st_mtime_ns
        except FileNotFoundError:
            return None  # thinned away since

    def follow(self, lines: list[str]) -> tuple[str, list[State]] | None:
        """Replay the child's report; returns the operation under way at the kill (if any)
        and what the diary holds if it finished."""
        pending: tuple[str, list[State]] | None = None
        before_last_save: tuple[date, int | None] | None = None
        for line in lines:
            word, *rest = line.split()
            if word == "B":
                day, version = date.fromisoformat(rest[0]), int(rest[1])
                pending = ("save", [{**self.acked, day: version}])
            elif word == "C":
                day, version = date.fromisoformat(rest[0]), int(rest[1])
                before_last_save = (day, self.acked.get(day))
                self.acked[day] = version
                self.tally.saves_reported += 1
                pending = None
            elif word == "K":
                pending = ("backup", [])
            elif word in ("KD", "KO") and rest[1:] == ["gone"]:
                self.tally.problems.append(
                    f"kill {self.tally.kills}: backup_now returned {rest[0]}, "
                    "which is not there (thinning deleted the copy just made)"
                )
                pending = None if word == "KD" else pending
            elif word in ("KD", "KO"):
                self.reported[rest[0]] = dict(self.acked)
                self.backups[(rest[0], int(rest[1]), int(rest[2]))] = dict(self.acked)
                pending = None if word == "KD" else pending
            elif word == "R":
                pending = ("restore", [dict(self.reported[rest[0]])])
            elif word == "RD":
                assert pending is not None
                assert pending[0] == "restore"
                self.acked = pending[1][0]
                pending = None
            elif word == "U":
                assert before_last_save is not None
                pending = ("undo", [_undone(self.acked, *before_last_save)])
            elif word == "UD":
                assert pending is not None
                assert pending[0] == "undo"
                self.acked = pending[1][0]
                pending = None
        return pending

    def check_backups(self) -> None:
        from diary.store import backup

        for info in backup.list_backups(self.path):
            self.tally.backups_checked += 1
            if not backup.integrity_ok(info.path):
                self.tally.problems.append(
                    f"kill {self.tally.kills}: the backup {info.path.name} is damaged"
                )
            elif (want := self.backups.get(self._key(info.path.name))) is not None and (
                backup.night_count(info.path) != len(want)
            ):
                self.tally.problems.append(
                    f"kill {self.tally.kills}: the backup {info.path.name} holds "
                    f"{backup.night_count(info.path)} nights, not {len(want)}"
                )

    def backup_keys(self) -> set[tuple[str, int, int]]:
        return {k for b in _list_backups(self.path) if (k := self._key(b.path.name))}

    def check_after_kill(self, seen: list[str], before: set[tuple[str, int, int]]) -> None:
        """Check the diary and its backups; `before` are the backups there when the child
        started."""
        pending = self.follow(seen)
        if pending:
            self.tally.kills_mid_save += 1
            self.tally.mid[pending[0]] += 1
        if not self.path.exists():
            aside = sorted(self.path.parent.glob(self.path.name + ".damaged-*[0-9]"))
            self.tally.problems.append(
                f"kill {self.tally.kills}: the diary file is gone"
                + (f" during a {pending[0]}" if pending else "")
                + (f"; the previous file is at {aside[-1].name}" if aside else "")
            )
            if not aside:
                return
            for suffix in ("", "-wal", "-shm"):  # put it back, so the next round goes on
                moved = aside[-1].with_name(aside[-1].name + suffix)
                if moved.exists():
                    moved.rename(self.path.with_name(self.path.name + suffix))
        # A backup made but never reported (the kill came first) was made during the backup
        # under way, or while opening: either way from the diary as it stood.
        for key in self.backup_keys() - before - set(self.backups):
            self.backups[key] = dict(self.acked)
        self.acked = verify(self.path, self.acked, pending[1] if pending else None, self.tally)
        self.check_backups()


def _list_backups(path: Path) -> list[Any]:
    from diary.store import backup

    return backup.list_backups(path)


def _undone(state: State, day: date, before: int | None) -> State:
    after = dict(state)
    if before is None:
        after.pop(day, None)
    else:
        after[day] = before
    return after


@dataclass(frozen=True)
class Phase:
    """Where a kill lands: start a child in `mode`, wait for its `count`-th `cue` line (none:
    kill somewhere in start-up), wait a random `delay` more, kill it, check the diary."""

    name: str
    weight: float
    mode: str = "save"
    cue: str | None = "C"
    count: Callable[[random.Random], int] = lambda rng: 1
    delay: float = 0.05  # the kill comes up to this many seconds after the cue

    def kill_once(self, h: Harness, rng: random.Random, seed: int) -> None:
        before = h.backup_keys()
        child = spawn_child(h.path, seed, "--mode", self.mode)
        seen: list[str] = []
        if self.cue is not None:
            wait_for_cue(child, self.cue, self.count(rng), seen)
        time.sleep(rng.uniform(0.0, self.delay))
        kill(child, seen)
        h.tally.kills += 1
        if "READY" not in seen:
            h.tally.kills_while_opening += 1
        known = len(h.tally.problems)
        h.check_after_kill(seen, before)
        tag = f"kill {h.tally.kills}:"
        h.tally.problems[known:] = [
            p.replace(tag, f"kill {h.tally.kills} ({self.name}):", 1)
            for p in h.tally.problems[known:]
        ]


PHASES: list[Phase] = [
    Phase("after N saves", 0.40, count=lambda rng: rng.randint(1, 8), delay=0.05),
    Phase("start-up", 0.05, cue=None, delay=0.5),
    Phase("first save", 0.10, cue="B", delay=0.003),
    Phase("backup", 0.15, "backup", "K", lambda rng: rng.randint(1, 3), delay=0.03),
    Phase("restore", 0.10, "restore", "R", delay=0.02),
    Phase("undo", 0.20, "undo", "U", lambda rng: rng.randint(1, 3), delay=0.004),
]


def schedule(phases: list[Phase], kills: int, rng: random.Random) -> list[Phase]:
    """Every phase once (in random order) while kills last, then phases by weight."""
    first = rng.sample(phases, len(phases))[:kills]
    rest = rng.choices(phases, weights=[p.weight for p in phases], k=max(0, kills - len(first)))
    return first + rest


def run(folder: Path, kills: int, seed: int = 7, phases: list[Phase] | None = None) -> CrashTally:
    """Kill children `kills` times at moments the phases choose, checking the diary after each.

    A run that checked no night at all reports that as a problem: it proved nothing."""
    from diary.store.gateway import Diary

    rng = random.Random(seed)
    path = folder / "crash.sqlite"
    Diary.open(path, auto_backup=False, today=lambda: TODAY).close()
    harness = Harness(path, CrashTally())
    for k, phase in enumerate(schedule(phases or PHASES, kills, rng)):
        harness.tally.by_phase[phase.name] += 1
        phase.kill_once(harness, rng, seed * 100_003 + k)
    if kills and harness.tally.nights_checked == 0:
        harness.tally.problems.append(f"{kills} kills checked no night: nothing was proved")
    return harness.tally
