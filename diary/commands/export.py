"""`rls-diary export DEST`: write the diary as CSV files into a folder or a .zip."""

from __future__ import annotations

import argparse
from pathlib import Path

from diary.commands._common import add_diary_option, diary_path
from diary.commands.import_ import listed


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
    parser.add_argument(
        "dest", metavar="DEST", nargs="?", help="a folder, or a file name ending in .zip"
    )
    parser.add_argument(
        "--fhir",
        metavar="FILE",
        help="instead of CSV, write an HL7 FHIR R4 collection Bundle (JSON) to FILE",
    )
    parser.set_defaults(func=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    # Imported here: building the command line must not load the database layer.
    from diary.store.csv_exchange import write_export
    from diary.store.gateway import Diary

    if args.fhir is None and args.dest is None:
        args.parser.error("give DEST (a folder or a .zip), or --fhir FILE")
    if args.fhir is not None and args.dest is not None:
        args.parser.error("give either DEST or --fhir FILE, not both")
    with Diary.open(diary_path(args), create=False, read_only=True) as diary:
        contents = diary.contents()
        today = diary.today()
    if args.fhir is not None:
        from diary.fhir import build_bundle, write_bundle

        path = write_bundle(build_bundle(contents, today), Path(args.fhir))
        print(f"Exported {listed(contents.counts(), zeros=True)} as a FHIR bundle.")
        print(path)
        return 0
    written = write_export(contents, Path(args.dest).expanduser())
    print(f"Exported {listed(contents.counts(), zeros=True)}.")
    for path in written:
        print(path)
    return 0
