"""`rls-diary check`: integrity, schema version and counts; a damaged file is moved aside."""

from __future__ import annotations

import argparse

from diary.commands._common import add_diary_option, diary_path

# Exit codes: 0 healthy, 1 damaged (moved aside), 3 made by a newer version (not changed).
EXIT_TOO_NEW = 3


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check",
        help="check the diary for damage (a damaged file is moved aside, never overwritten)",
        description="Run SQLite's full integrity check and check every stored date. Exit "
        "status: 0 healthy; 1 damaged (the file was moved aside, never overwritten); 3 made "
        "by a newer version of RLS Diary (not checked, not changed).",
    )
    add_diary_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: building the command line must not load the database layer.
    from diary.store.recovery import check

    path = diary_path(args)
    report = check(path, move_damaged=True)
    print(f"Diary: {path}")
    for line in report.lines():
        print(line)
    if report.too_new:
        return EXIT_TOO_NEW
    return 0 if report.ok else 1
