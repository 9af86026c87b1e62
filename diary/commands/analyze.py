"""`rls-diary analyze`: what the diary works out, as JSON (--json) or plain sentences."""

from __future__ import annotations

import argparse
import json
from datetime import date

from diary.commands._common import add_diary_option, diary_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="show what the diary works out (best-response ferritin, infusions, trends)",
        description="Read the diary (read-only) and print the analysis: the ferritin level "
        "at which your nights were best, each infusion's numbers, the iron trend, symptoms "
        "and sleep. With --json, one JSON object on standard output "
        "(how it is worked out: docs/analysis.md in the project). "
        "It informs; it does not replace your clinician's advice.",
    )
    add_diary_option(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that other commands do not pay for numpy.
    from diary import DISCLAIMER
    from diary.analysis import analyse, describe, to_json
    from diary.commands.best_response_cache import FileCache
    from diary.store.snapshot import read_diary

    # Read with plain sqlite3 (after the same safety checks as opening): no SQLAlchemy to load.
    contents = read_diary(diary_path(args))
    cache = FileCache()
    result = analyse(contents, date.today(), cache)
    cache.save()
    if args.json:
        print(json.dumps(to_json(result), indent=2))
    else:
        for sentence in describe(result):
            print(sentence)
        print()
        print(DISCLAIMER)
    return 0
