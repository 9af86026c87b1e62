"""The process the crash test kills: saves nights one by one and reports each as it lands.

`python -m tests.reliability.crash_child PATH SEED [--mode MODE] [--idle-after N]`

Before READY the child has opened the diary and loaded its whole write path (SQLAlchemy,
the models, the engine's first connection, validation, the backup and restore code), so a
kill timed from READY lands in the work, not in start-up.

Protocol on stdout, one flushed line each:
  `KO <name> <ino> <ns>`  opening the diary made this (daily) backup (file name, inode and
                          modification time, so a name reused after thinning is told apart)
  `READY`                 the diary is open and the write path is loaded
  `B <date> <version>`    a save_night of that payload is about to start
  `C <date> <version>`    save_night returned: the night is committed
  `K`                     (mode backup, restore) a backup is about to start
  `KD <name> <ino> <ns>`  the backup is made and verified (`KD <name> gone`: backup_now
                          returned a file that is not there)
  `R <file name>`         (mode restore) restoring that backup is about to start
  `RD`                    the restore returned; the diary is open again
  `U <date>`              (mode undo) undoing the save just reported is about to start
  `UD <date>`             the undo returned
  `IDLE`                  (with --idle-after) N nights saved; now waiting to be killed
Every payload is `payload(date, version)`, so the parent can tell exactly which version of a
night (and its doses and tags) is stored.

Modes: `save` saves forever; `backup` makes a backup after every few saves; `restore` makes a
backup, saves a few more nights, then restores the backup; `undo` saves each night through
the window's model (`DiaryModel`) and undoes every other save, as Edit → Undo does.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from diary.records import Dose, Night, Supplement

TODAY = date(2026, 3, 1)
FIRST_DAY = date(2010, 1, 1)
DAY_SPAN = (TODAY - FIRST_DAY).days  # nights are saved on dates in [FIRST_DAY, TODAY)
MODES = ("save", "backup", "restore", "undo")


def payload(day: date, version: int) -> tuple[Night, list[Dose], list[Supplement]]:
    """The night, doses and supplements saved for `day` in its `version`-th save."""
    night = Night(
        day,
        version % 11,
        sleep_hours=4 + (version % 9) / 2,
        tags=(f"v{version}", "crash-test"),
        notes=f"saved as version {version} " + "ü" * (version % 40),
    )
    doses = [Dose(day, "gabapentin", 100 + 100 * k + version % 7, "mg") for k in range(version % 3)]
    sups = [Supplement(day, "ferrous_sulfate", 325)] if version % 2 else []
    return night, doses, sups


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _identity(made: Path) -> str:
    try:
        st = made.stat()
    except FileNotFoundError:
        return f"{made.name} gone"
    return f"{made.name} {st.st_ino} {st.st_mtime_ns}"


def _warm(opened: Any) -> None:
    """Load everything a save, a backup, a restore and an undo need, writing nothing."""
    import diary.store.recovery  # a restore
    import diary.store.validation  # noqa: F401 - every save validates first

    opened.prepare_writes()  # the writing connection and its pragmas
    with opened._write():  # a first transaction, committed empty
        pass
    opened.nights(TODAY, TODAY)  # the read path the model and the checks use


class Saver:
    """Saves random payloads, through the store or (mode undo) through the window's model."""

    def __init__(self, path: Path, rng: random.Random, mode: str) -> None:
        from diary.store.backup import list_backups
        from diary.store.gateway import Diary

        self.path, self.rng, self.mode = path, rng, mode
        before = {b.path for b in list_backups(path)}
        self.diary = Diary.open(path, today=lambda: TODAY)  # a daily backup, as the app does
        for made in {b.path for b in list_backups(path)} - before:
            _say(f"KO {_identity(made)}")
        self.model: Any = None
        if mode == "undo":
            from diary.ui.diary_model import DiaryModel

            self.model = DiaryModel(self.diary)
        _warm(self.diary)

    def save(self) -> date:
        day = FIRST_DAY + timedelta(days=self.rng.randrange(DAY_SPAN))
        version = self.rng.randrange(1_000_000)
        _say(f"B {day.isoformat()} {version}")
        (self.model or self.diary).save_night(*payload(day, version))
        _say(f"C {day.isoformat()} {version}")
        return day

    def backup(self) -> Path:
        _say("K")
        made = self.diary.backup_now()
        _say(f"KD {_identity(made)}")
        return made

    def restore(self, backup: Path) -> None:
        from diary.store import recovery
        from diary.store.gateway import Diary

        _say(f"R {backup.name}")
        self.diary.close()
        recovery.restore(self.path, backup)
        self.diary = Diary.open(self.path, today=lambda: TODAY)
        _say("RD")

    def undo(self, day: date) -> None:
        _say(f"U {day.isoformat()}")
        self.model.undo()
        _say(f"UD {day.isoformat()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("seed", type=int)
    parser.add_argument("--mode", choices=MODES, default="save")
    parser.add_argument("--idle-after", type=int, default=0)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    saver = Saver(args.path, rng, args.mode)
    _say("READY")
    saved = 0
    while True:
        if args.idle_after and saved >= args.idle_after:
            _say("IDLE")
            time.sleep(3600)  # the parent kills the child here; nothing is waited for
        if args.mode == "save":
            saver.save()
            saved += 1
        elif args.mode == "backup":
            for _ in range(rng.randint(1, 4)):
                saver.save()
            saver.backup()
        elif args.mode == "restore":
            saver.save()
            made = saver.backup()
            for _ in range(rng.randint(1, 3)):
                saver.save()
            if made.exists():  # (the parent reports a backup that vanished)
                saver.restore(made)
        else:
            day = saver.save()
            if rng.random() < 0.5:
                saver.undo(day)


if __name__ == "__main__":
    sys.exit(main())
