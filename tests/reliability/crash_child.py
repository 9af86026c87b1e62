"""The process the crash test kills: saves nights one by one and reports each as it lands.

`python -m tests.reliability.crash_child PATH SEED [--idle-after N]`

Protocol on stdout, one flushed line each:
  `READY`                 the diary is open
  `B <date> <version>`    a save_night of that payload is about to start
  `C <date> <version>`    save_night returned: the night is committed
  `IDLE`                  (with --idle-after) N nights saved; now waiting to be killed
Every payload is `payload(date, version)`, so the parent can tell exactly which version of a
night (and its doses and tags) is stored.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from diary.records import Dose, Night, Supplement

TODAY = date(2026, 3, 1)
FIRST_DAY = date(2010, 1, 1)
DAY_SPAN = (TODAY - FIRST_DAY).days  # nights are saved on dates in [FIRST_DAY, TODAY)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("seed", type=int)
    parser.add_argument("--idle-after", type=int, default=0)
    args = parser.parse_args(argv)

    from diary.store.gateway import Diary

    rng = random.Random(args.seed)
    diary = Diary.open(args.path, today=lambda: TODAY)
    _say("READY")
    saved = 0
    while True:
        if args.idle_after and saved >= args.idle_after:
            _say("IDLE")
            time.sleep(3600)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAY_SPAN))
        version = rng.randrange(1_000_000)
        _say(f"B {day.isoformat()} {version}")
        diary.save_night(*payload(day, version))
        _say(f"C {day.isoformat()} {version}")
        saved += 1


if __name__ == "__main__":
    sys.exit(main())
