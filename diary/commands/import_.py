"""`rls-diary import SRC`: add the records of a CSV export (folder, .zip or file) to the diary."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from diary.commands._common import add_diary_option, diary_path
from diary.errors import NightConflict

if TYPE_CHECKING:
    from diary.store.importing import ImportReport

_WORDS = {
    "nights": ("night", "nights"),
    "labs": ("lab result", "lab results"),
    "doses": ("dose", "doses"),
    "supplements": ("supplement", "supplements"),
    "infusions": ("infusion", "infusions"),
    "venesections": ("venesection", "venesections"),
}


def listed(numbers: dict[str, int], *, zeros: bool = False) -> str:
    """`{"nights": 2, "labs": 1}` as "2 nights, 1 lab result"; "nothing" when all are 0."""
    parts = [
        f"{numbers.get(kind, 0)} {one if numbers.get(kind, 0) == 1 else many}"
        for kind, (one, many) in _WORDS.items()
        if zeros or numbers.get(kind)
    ]
    return ", ".join(parts) if parts else "nothing"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="add the records of CSV files (a folder, a .zip, or one file) to the diary",
        description="Read CSV files in the format of docs/csv-format.md and add their "
        "records to the diary, all or nothing. Records already in the diary are skipped. "
        "A night whose date is already in the diary with other values stops the import, "
        "unless --replace is given.",
    )
    add_diary_option(parser)
    parser.add_argument("src", metavar="SRC", help="an export folder, a .zip, or one CSV file")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="replace nights already in the diary with the imported ones of the same date",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: building the command line must not load the database layer.
    from diary.store.csv_exchange import CsvImportError, read_import
    from diary.store.gateway import Diary

    today = date.today()
    try:
        contents = read_import(Path(args.src).expanduser(), today=today)
    except CsvImportError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"rls-diary: {exc}", file=sys.stderr)
        return 1
    with Diary.open(diary_path(args), create=True, today=lambda: today) as diary:
        try:
            report = diary.import_contents(contents, replace_nights=args.replace)
        except NightConflict as exc:
            for day in exc.dates:
                print(
                    f"nights.csv: date: the night of {day} is already in the diary with "
                    "different values",
                    file=sys.stderr,
                )
            print(f"rls-diary: {exc.message}", file=sys.stderr)
            print("Nothing was imported. Use --replace to overwrite those nights.", file=sys.stderr)
            return 1
    print(describe(report))
    return 0


def describe(report: ImportReport) -> str:
    """What an import did, in words: added, skipped as already there, replaced."""
    lines = [f"Added {listed(report.added)}."]
    if any(report.skipped.values()):
        lines.append(f"Skipped (already in the diary): {listed(report.skipped)}.")
    if report.replaced_nights:
        lines.append(f"Replaced {listed({'nights': report.replaced_nights})}.")
    return "\n".join(lines)
