"""Damaged files: truncated, garbled pages, a zeroed header, random bytes, a file that is not
a diary, an empty file. Opening must say so, move the file aside untouched (never overwrite or
recreate it), point at the newest good backup with its date, and restoring it must keep every
other backup and give back the backed-up nights.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from diary.errors import DiaryDamaged, KnownError
from diary.records import DiaryContents, Night
from diary.store import backup
from diary.store.gateway import Diary
from diary.store.recovery import restore

TODAY = date(2026, 3, 1)
PAGE = 4096


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(100, len(data) - PAGE)]


def _garble_page(data: bytes, rng: random.Random) -> bytes:
    page = rng.randrange(1, len(data) // PAGE)
    junk = bytes(rng.randrange(256) for _ in range(PAGE))
    return data[: page * PAGE] + junk + data[(page + 1) * PAGE :]


def _zero_header(data: bytes, rng: random.Random) -> bytes:
    return b"\0" * 100 + data[100:]


def _random_bytes(data: bytes, rng: random.Random) -> bytes:
    return rng.randbytes(len(data))


def _not_a_diary(data: bytes, rng: random.Random) -> bytes:
    return b"date,rls_severity\r\n2026-01-01,5\r\n" * rng.randrange(1, 200)


def _empty(data: bytes, rng: random.Random) -> bytes:
    return b""


DAMAGES: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncated": _truncate,
    "garbled page": _garble_page,
    "zeroed header": _zero_header,
    "random bytes": _random_bytes,
    "not a diary": _not_a_diary,
    "empty": _empty,
}


@dataclass
class DamageTally:
    tried: int = 0
    recovered: int = 0  # refused, moved aside, newest backup restored with every night
    harmless: int = 0  # the garbling hit no structure SQLite checks: opened, nothing lost
    nights_checked: int = 0
    problems: list[str] = field(default_factory=list)


def make_template(folder: Path, nights: int = 600) -> tuple[Path, int]:
    """A diary with a verified backup of all its `nights` nights; returns (path, nights)."""
    path = folder / "template" / "diary.sqlite"
    first = TODAY - timedelta(days=nights + 10)
    contents = DiaryContents(
        nights=tuple(
            Night(first + timedelta(days=i), i % 11, notes="n" * (i % 300), tags=(f"t{i % 7}",))
            for i in range(nights)
        )
    )
    with Diary.open(path, auto_backup=False, today=lambda: TODAY) as d:
        d.import_contents(contents)
        d.backup_now()
    return path, nights


def one_trial(template: Path, nights: int, work: Path, kind: str, rng: random.Random) -> str:
    """Damage a copy of the template; returns 'recovered' or 'harmless', or a problem."""
    shutil.copytree(template.parent, work)
    path = work / template.name
    backups = sorted(b.path.name for b in backup.list_backups(path))
    bad = DAMAGES[kind](path.read_bytes(), rng)
    path.write_bytes(bad)
    try:
        with Diary.open(path, today=lambda: TODAY) as d:
            count = d.counts()["nights"]
        return "harmless" if count == nights else f"opened with {count} of {nights} nights"
    except DiaryDamaged as exc:
        moved = exc.moved_to
        if moved is None or moved.read_bytes() != bad:
            return "the damaged file was not kept as it was"
        if path.exists():
            return "a file was recreated in place of the damaged one"
        if "damaged" not in exc.message or "restore" not in exc.hint.lower():
            return f"unclear message: {exc}"
    except KnownError as exc:
        return f"refused without moving it aside: {exc}"
    good = backup.newest_good_backup(path)
    if good is None or backup.night_count(good.path) != nights:
        return "no good backup offered"
    if good.local_time().date() != good.taken.astimezone().date():
        return "the backup's date is unknown"
    restore(path, good.path)
    if sorted(b.path.name for b in backup.list_backups(path)) != backups:
        return "restoring changed the other backups"
    with Diary.open(path, auto_backup=False, today=lambda: TODAY) as d:
        if d.counts()["nights"] != nights:
            return "the restored diary lacks nights"
    if not moved.exists():
        return "the damaged file vanished during the restore"
    return "recovered"


def run(folder: Path, rounds: int, seed: int = 3) -> DamageTally:
    """`rounds` trials of every kind of damage, each at random places."""
    rng = random.Random(seed)
    template, nights = make_template(folder)
    tally = DamageTally()
    for r in range(rounds):
        for kind in DAMAGES:
            tally.tried += 1
            outcome = one_trial(template, nights, folder / f"trial-{r}-{kind}", kind, rng)
            if outcome == "recovered":
                tally.recovered += 1
                tally.nights_checked += nights
            elif outcome == "harmless":
                tally.harmless += 1
                tally.nights_checked += nights
            else:
                tally.problems.append(f"{kind} (round {r}): {outcome}")
    return tally
