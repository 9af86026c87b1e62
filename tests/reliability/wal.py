"""A deleted -wal: the app is killed, then the write-ahead log beside the diary is deleted
(a cleaning tool, a sync program, a user copying only `diary.sqlite` to a new computer).

SQLite then sees the main file as it was at its last checkpoint. The store checkpoints after
every save (`PRAGMA wal_autocheckpoint=1`), so every night already reported saved is in the
main file: deleting the -wal must lose nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tests.reliability.crash import (
    expected,
    kill,
    parse,
    spawn_child,
    stored_fingerprints,
    wait_for,
)
from tests.reliability.crash_child import TODAY


@dataclass
class WalTally:
    trials: int = 0
    nights_checked: int = 0
    problems: list[str] = field(default_factory=list)


def run(folder: Path, trials: int, nights: int = 30) -> WalTally:
    from diary.store.gateway import Diary

    tally = WalTally()
    for t in range(trials):
        path = folder / f"wal-{t}.sqlite"
        Diary.open(path, auto_backup=False, today=lambda: TODAY).close()
        child = spawn_child(path, 500 + t, "--idle-after", str(nights + t))
        seen: list[str] = []
        wait_for(child, "IDLE", seen)
        wal = path.with_name(path.name + "-wal")
        kill(child, seen)
        tally.trials += 1
        if not wal.exists():
            tally.problems.append(f"trial {t}: no -wal after the kill; nothing was tested")
            continue
        wal.unlink()
        done, _ = parse(seen)
        latest: dict[date, int] = dict(done)
        stored = stored_fingerprints(path)
        for day, version in latest.items():
            if stored.get(day) != expected(day, version):
                tally.problems.append(f"trial {t}: night {day} was lost with the -wal")
        tally.nights_checked += len(latest)
    return tally
