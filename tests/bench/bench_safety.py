"""Safety figures: the full integrity check on opening, and refusing a zip bomb."""

from __future__ import annotations

import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

from diary.store import database
from diary.store.csv_exchange import CsvImportError, read_import
from tests.bench.shared import best_of, demo_diary, work_dir

MIB = 1024 * 1024


def _bomb(path: Path, entries: int = 6, size: int = 250 * MIB) -> Path:
    """The attack's bomb: six entries of 250 MiB each, about 1.5 MB packed."""
    names = ["nights.csv", "labs.csv", "doses.csv", "supplements.csv", "infusions.csv"]
    block = b"\0" * MIB
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for i in range(entries):
            name = names[i] if i < len(names) else f"x{i}/venesections.csv"
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(size // MIB):
                    member.write(block)
    return path


def _refuse(bomb: Path) -> str:
    try:
        read_import(bomb, today=date(2026, 11, 1))
    except CsvImportError as exc:
        return exc.problems[0]
    raise AssertionError("the zip bomb was not refused")


def bench() -> list[tuple]:
    diary = demo_diary(20)
    quick = best_of(lambda: database.check_file(diary))
    full = best_of(lambda: database.check_file(diary, full=True))
    bomb = _bomb(work_dir() / "bomb.zip")
    refusing = best_of(lambda: _refuse(bomb), repeat=3)
    tracemalloc.start()
    _refuse(bomb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return [
        ("quick_check of the 20-year diary (opening read-only)", quick, "—"),
        (
            "full integrity_check + date check, 20-year diary (opening to write)",
            full,
            "≤ 150 ms of the ≤ 300 ms open",
        ),
        (f"refuse a {bomb.stat().st_size / MIB:.1f} MB zip bomb (6 × 250 MiB)", refusing, "≤ 2 s"),
        ("memory allocated while refusing the zip bomb", peak / MIB, "≤ 100 MB", "MiB"),
    ]
