"""A 100,000-night import: refused whole for one bad row, cancellable, then imported whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from diary.errors import ImportCancelled
from diary.store.csv_exchange import CsvImportError, read_import
from diary.store.gateway import Diary
from tests.reliability.hostile import TODAY, base_contents, big_doses_csv


@dataclass
class BigTally:
    tried: int = 0
    rows: int = 0
    problems: list[str] = field(default_factory=list)


def run(folder: Path, rows: int = 100_000) -> BigTally:
    tally = BigTally()
    src = folder / "doses.csv"
    with Diary.open(folder / "big.sqlite", auto_backup=False, today=lambda: TODAY) as d:
        d.import_contents(base_contents())
        before = d.contents()
        tally.tried += 1
        src.write_bytes(big_doses_csv(rows, bad_row=rows - 5))
        try:
            read_import(src, today=TODAY)
            tally.problems.append("a file with a bad row was read")
        except CsvImportError as exc:
            if len(exc.problems) != 1:
                tally.problems.append(f"expected one problem, got {len(exc.problems)}")
        src.write_bytes(big_doses_csv(rows))
        contents = read_import(src, today=TODAY)
        tally.tried += 1
        try:
            d.import_contents(contents, progress=lambda done, total: done < total * 0.9)
            tally.problems.append("the cancel was ignored")
        except ImportCancelled:
            pass
        if d.contents() != before:
            tally.problems.append("a cancelled import changed the diary")
        tally.tried += 1
        report = d.import_contents(contents, progress=lambda done, total: True)
        if report.added.get("doses") != rows or d.counts()["doses"] != rows + len(before.doses):
            tally.problems.append(f"the whole import added {report.added.get('doses')} doses")
        tally.rows = rows * 3
    return tally
