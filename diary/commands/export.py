"""`rls-diary export DEST`: write the diary as CSV files into a folder or a .zip."""

from __future__ import annotations

import argparse
from pathlib import Path

from diary.commands._common import add_diary_option, diary_path
from diary.commands.import_ import listed
from diary.store.csv_exchange import write_export
from diary.store.gateway import Diary


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the diary as CSV files (a folder, or a .zip)",
        description="Write every night, lab result, dose, supplement, infusion and "
        "venesection as CSV files (docs/csv-format.md) into DEST: a new or empty folder, or "
        "a file ending in .zip. Lab names, 'for my doctor' marks and the profile are not "
        "part of the CSV; to move a diary to another machine, copy a backup instead.",
    )
    add_diary_option(parser)
    parser.add_argument("dest", metavar="DEST", help="a folder, or a file name ending in .zip")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with Diary.open(diary_path(args), create=False, read_only=True) as diary:
        contents = diary.contents()
    written = write_export(contents, Path(args.dest).expanduser())
    print(f"Exported {listed(contents.counts(), zeros=True)}.")
    for path in written:
        print(path)
    return 0
