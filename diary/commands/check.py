"""`rls-diary check`: integrity, schema version and counts; a damaged file is moved aside."""

from __future__ import annotations

import argparse

from diary.commands._common import add_diary_option, diary_path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check",
        help="check the diary for damage (a damaged file is moved aside, never overwritten)",
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
    return 0 if report.ok else 1
