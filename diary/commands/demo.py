"""`rls-diary demo PATH`: write a new diary holding a fictional patient, to try the app on."""

from __future__ import annotations

import argparse
from pathlib import Path

from diary.commands._common import add_diary_option
from diary.demo import MAX_YEARS, write_demo
from diary.errors import KnownError


def _years(text: str) -> int:
    try:
        years = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of years") from None
    if not 1 <= years <= MAX_YEARS:
        raise argparse.ArgumentTypeError(f"years must be from 1 to {MAX_YEARS}, not {years}")
    return years


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a new diary holding a fictional demo patient",
        description="Create a new diary file holding a realistic but fictional patient "
        "(nights, blood tests, medicines, iron infusions). An existing file is never "
        "overwritten.",
    )
    parser.add_argument("path", nargs="?", metavar="PATH", help="the new diary file to write")
    parser.add_argument(
        "--seed", type=int, default=1, help="which demo patient (same seed, same records)"
    )
    parser.add_argument(
        "--years",
        type=_years,
        default=2,
        help=f"how many years the diary covers, 1 to {MAX_YEARS} (default 2)",
    )
    add_diary_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = args.path or getattr(args, "diary", None)
    if not target:
        raise KnownError(
            "Say where to write the demo diary.", "For example: rls-diary demo demo.sqlite"
        )
    path = Path(target).expanduser().absolute()
    contents = write_demo(path, seed=args.seed, years=args.years)
    counts = contents.counts()
    first, last = contents.nights[0].date, contents.nights[-1].date
    print(f"Wrote a {args.years}-year demo diary (seed {args.seed}) to {path}")
    print(f"  {first.isoformat()} to {last.isoformat()}")
    for kind, count in counts.items():
        print(f"  {kind}: {count}")
    return 0
