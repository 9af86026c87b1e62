"""CSV exchange figures: exporting and re-importing the 20-year demo diary."""

from __future__ import annotations

import itertools
import shutil

from diary.store.csv_exchange import read_import, write_export
from diary.store.gateway import Diary
from tests.bench.shared import BENCH_TODAY, best_of, demo_diary, work_dir


def bench() -> list[tuple[str, float, str]]:
    source = demo_diary(20)
    out = work_dir() / "csv-bench"
    out.mkdir(exist_ok=True)
    runs = itertools.count()

    def export() -> None:
        # What `rls-diary export` does: read every record, write six files atomically.
        with Diary.open(source, create=False, read_only=True) as diary:
            contents = diary.contents()
        write_export(contents, out / f"export-{next(runs)}")

    def export_zip() -> None:
        with Diary.open(source, create=False, read_only=True) as diary:
            contents = diary.contents()
        write_export(contents, out / f"export-{next(runs)}.zip")

    exporting = best_of(export, repeat=3)
    zipping = best_of(export_zip, repeat=3)
    folder = out / "export-0"
    rows = sum(p.read_bytes().count(b"\r\n") - 1 for p in folder.iterdir())

    def import_into_empty() -> None:
        # What `rls-diary import` does: read and check every row, then one transaction.
        target = out / f"import-{next(runs)}.sqlite"
        contents = read_import(folder, today=BENCH_TODAY)
        with Diary.open(target, create=True, auto_backup=False, today=lambda: BENCH_TODAY) as d:
            d.import_contents(contents)

    importing = best_of(import_into_empty, repeat=3)
    reading = best_of(lambda: read_import(folder, today=BENCH_TODAY), repeat=3)
    shutil.rmtree(out, ignore_errors=True)
    return [
        (f"export the 20-year diary as CSV ({rows} rows)", exporting, "≤ 2 s"),
        ("export the 20-year diary as a .zip", zipping, "≤ 2 s"),
        ("import that export into an empty diary", importing, "≤ 5 s"),
        ("  of which reading and checking the CSV", reading, "—"),
    ]


if __name__ == "__main__":
    for name, seconds, target in bench():
        print(f"{name:<50} {seconds * 1000:8.0f} ms  {target}")
