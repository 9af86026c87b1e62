"""SIGKILL while a new diary is created, while Undo/Redo rewrite a night, and mid-restore.

Each phase runs a child (`python -m tests.reliability.kills_more PHASE PATH`) that reports
every step it finished on stdout, kills it at a random moment, then checks the file:

- create: the diary is either absent or whole (it opens, with no "damaged" and no half-made
  file left once the next creation has run);
- undo: the night of DAY is always there, as one of the two versions saved, never gone;
- restore: the diary is always there, healthy, holding the nights of one of the two
  versions (the current file or the backup); a healthy file is never called damaged.
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
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 5)
DAY = date(2026, 3, 1)
LONG = "legs jumped all night; " * 400
SHORT = "better"


@dataclass
class KillTally:
    kills: int = 0
    kills_mid_step: int = 0  # the child had begun a step it had not reported finished
    nights_checked: int = 0
    problems: list[str] = field(default_factory=list)


# -- the child ----------------------------------------------------------------------------


def _say(word: str) -> None:
    print(word, flush=True)


def _child(phase: str, path: Path) -> None:
    from diary.records import Night
    from diary.store.gateway import Diary
    from diary.store.recovery import restore

    if phase == "create":
        _say("go")
        Diary.open(path, auto_backup=False, today=lambda: TODAY).close()
        _say("done")
        return
    if phase == "undo":
        from PySide6.QtCore import QCoreApplication

        from diary.ui.diary_model import DiaryModel

        QCoreApplication.instance() or QCoreApplication([])
        model = DiaryModel(Diary.open(path, auto_backup=False, today=lambda: TODAY))
        model.save_night(Night(DAY, 7, notes=LONG))
        model.save_night(Night(DAY, 3, notes=SHORT))
        _say("go")
        while True:
            model.undo()
            _say("step")
            model.redo()
            _say("step")
    if phase == "restore":
        from diary.store.backup import newest_good_backup

        _say("go")
        while True:
            good = newest_good_backup(path)
            assert good is not None
            restore(path, good.path)
            _say("step")
            for moved in path.parent.glob(f"{path.name}.replaced-*"):
                moved.unlink()  # keep the folder small; the check looks at the diary
    raise SystemExit(f"unknown phase {phase}")


# -- the parent ---------------------------------------------------------------------------


def _spawn(phase: str, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.kills_more", phase, str(path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def _wait_for_go(child: subprocess.Popen[str]) -> None:
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "go":
        child.wait()
        err = child.stderr.read() if child.stderr else ""
        raise RuntimeError(f"the {child.args} child did not start: {line!r} {err[-1500:]}")


def _kill_after(child: subprocess.Popen[str], delay: float) -> list[str]:
    """Kill `child` `delay` seconds from now; the lines it printed after "go"."""
    time.sleep(delay)  # the moment of the kill is what is being varied
    os.kill(child.pid, signal.SIGKILL)
    out, _ = child.communicate()
    return out.split()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _creation_time(path: Path) -> float:
    """How long a child takes from "go" to a created diary on this machine."""
    child = _spawn("create", path)
    _wait_for_go(child)
    start = time.perf_counter()
    out, err = child.communicate()
    if "done" not in out:
        raise RuntimeError(f"creating a diary failed: {err[-1500:]}")
    return time.perf_counter() - start


def run_create(folder: Path, kills: int, seed: int = 11) -> KillTally:
    from diary.errors import KnownError
    from diary.store.gateway import Diary

    rng = random.Random(seed)
    tally = KillTally()
    span = _creation_time(folder / "calibrate" / "diary.sqlite")
    for i in range(kills):
        path = folder / f"c{i}" / "diary.sqlite"
        child = _spawn("create", path)
        _wait_for_go(child)
        said = _kill_after(child, rng.uniform(0, span * 1.2))
        tally.kills += 1
        tally.kills_mid_step += "done" not in said
        if "done" in said and not path.exists():
            tally.problems.append(f"kill {i}: the child created the diary but it is gone")
        try:
            with Diary.open(path, auto_backup=False, today=lambda: TODAY) as d:
                tally.nights_checked += d.counts()["nights"]
        except KnownError as exc:
            tally.problems.append(f"kill {i}: the next opening failed: {exc.message}")
            continue
        left = [p.name for p in path.parent.iterdir() if ".creating-" in p.name]
        left += [p.name for p in path.parent.iterdir() if ".damaged-" in p.name]
        if left:
            tally.problems.append(f"kill {i}: left behind {left}")
    return tally


def run_undo(folder: Path, kills: int, seed: int = 12) -> KillTally:
    from diary.store.gateway import Diary

    rng = random.Random(seed)
    tally = KillTally()
    path = folder / "undo" / "diary.sqlite"
    for i in range(kills):
        child = _spawn("undo", path)
        _wait_for_go(child)
        _kill_after(child, rng.uniform(0, 0.3))
        tally.kills += 1
        tally.kills_mid_step += 1  # it never stops undoing and redoing
        if (result := _integrity(path)) != "ok":
            tally.problems.append(f"kill {i}: integrity_check says {result}")
            continue
        with Diary.open(path, read_only=True) as d:
            night = d.night_on(DAY)
            tally.nights_checked += d.counts()["nights"]
        if night is None:
            tally.problems.append(f"kill {i}: the night of {DAY} is gone")
        elif night.notes not in (LONG, SHORT):
            tally.problems.append(f"kill {i}: the night holds neither version")
    return tally


def run_restore(folder: Path, kills: int, seed: int = 13) -> KillTally:
    from diary.records import Night
    from diary.store import backup
    from diary.store.gateway import Diary

    rng = random.Random(seed)
    tally = KillTally()
    path = folder / "restore" / "diary.sqlite"
    with Diary.open(path, auto_backup=False, today=lambda: TODAY) as d:
        for n in range(40):
            d.save_night(Night(DAY - timedelta(days=n), n % 11, notes="restless " * 50))
        d.backup_now()
    for i in range(kills):
        child = _spawn("restore", path)
        _wait_for_go(child)
        _kill_after(child, rng.uniform(0, 0.3))
        tally.kills += 1
        tally.kills_mid_step += 1
        if not path.exists():
            tally.problems.append(f"kill {i}: the diary is missing after a killed restore")
            continue
        if (result := _integrity(path)) != "ok":
            tally.problems.append(f"kill {i}: integrity_check says {result}")
            continue
        with Diary.open(path, read_only=True) as d:
            nights = d.counts()["nights"]
        tally.nights_checked += nights
        if nights != 40:
            tally.problems.append(f"kill {i}: {nights} nights instead of 40")
        if list(path.parent.glob("*.damaged-*")):
            tally.problems.append(f"kill {i}: a healthy diary was moved aside as damaged")
    left = [p.name for p in path.parent.iterdir() if ".restoring-" in p.name]
    good = backup.newest_good_backup(path)
    assert good is not None
    from diary.store.recovery import restore

    restore(path, good.path)  # the next restore cleans what killed ones left
    still = [p.name for p in path.parent.iterdir() if ".restoring-" in p.name]
    if still:
        tally.problems.append(f"restore leftovers not cleaned up: {still} (were {left})")
    return tally


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]))
