"""`rls-diary report`: write the report for the clinician as a PDF (A4 or US Letter)."""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from diary.commands._common import add_diary_option, diary_path
from diary.errors import KnownError
from diary.records import DiaryContents
from diary.report.sizes import TEXT_SIZES
from diary.words import count


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-01") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the report to take to your doctor, as a PDF",
        description="Write the printable report: page 1 is a summary (key numbers, the "
        "timeline and symptoms-against-ferritin charts, what you take now); the pages after "
        "it list every blood test, infusion, medicine change and the night notes you marked "
        "'for my doctor'. The period defaults to the whole diary. It informs; it does not "
        "replace your clinician's advice.",
    )
    add_diary_option(parser)
    parser.add_argument("--out", metavar="FILE", required=True, help="the PDF file to write")
    parser.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        type=_day,
        help="first day of the period (YYYY-MM-DD; default: the diary's first)",
    )
    parser.add_argument(
        "--to",
        dest="end",
        metavar="DATE",
        type=_day,
        help="last day of the period (YYYY-MM-DD; default: the diary's last)",
    )
    parser.add_argument(
        "--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)"
    )
    parser.add_argument(
        "--sleep-diary",
        dest="sleep_diary",
        metavar="WEEKS",
        type=int,
        choices=(2, 4),
        default=0,
        help="add a printed sleep diary of the last 2 or 4 weeks (two weeks a page, in the "
        "layout of the Consensus Sleep Diary)",
    )
    parser.add_argument(
        "--text-size",
        dest="text_size",
        metavar="PERCENT",
        type=int,
        choices=TEXT_SIZES,
        default=100,
        help="size of the report's text in percent: 100, 125 or 150 (default: 100)",
    )
    parser.set_defaults(func=run)


def _qt_app() -> object:
    """The Qt application fonts and painting need; offscreen unless a platform is chosen.

    A QApplication (not just a QGuiApplication), so a window opened later in the same
    process, as in the test suite, can still use it.
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        argv = ["rls-diary"]
        if not os.environ.get("QT_QPA_PLATFORM"):
            argv += ["-platform", "offscreen"]
        app = QApplication(argv)
    return app


def _from_1900(contents: DiaryContents) -> tuple[DiaryContents, list[str]]:
    """The records dated 1900-01-01 or later, and a note for each kind left out: version
    0.1 let an import store any date, and the charts cannot place one before 1900."""
    from diary.store.validation import EARLIEST

    kept: dict[str, Any] = {}
    notes = []
    for kind, noun in _KINDS:
        records = getattr(contents, kind)
        kept[kind] = tuple(r for r in records if r.date >= EARLIEST)
        if gone := len(records) - len(kept[kind]):
            verb = "is" if gone == 1 else "are"
            notes.append(
                f"{count(gone, noun)} dated before {EARLIEST.isoformat()} {verb} left out of "
                "the report; correct or delete them in the window."
            )
    return replace(contents, **kept), notes


_KINDS = (
    ("nights", "night"),
    ("labs", "blood test"),
    ("doses", "dose"),
    ("supplements", "supplement"),
    ("infusions", "infusion"),
    ("venesections", "venesection"),
)


def run(args: argparse.Namespace) -> int:
    from diary.report.document import Paper, ReportDocument, default_period, write_pdf
    from diary.report.layout import Typeface
    from diary.store.gateway import Diary

    with Diary.open(diary_path(args), create=False, read_only=True) as diary:
        contents, left_out = _from_1900(diary.contents())
        today = diary.today()
    for line in left_out:
        print(line)
    whole = default_period(contents, today)
    start = args.start or whole.start
    end = args.end or whole.end
    if end < start:
        raise KnownError(
            f"The period ends ({end}) before it starts ({start}).", "Swap --from and --to."
        )
    app = _qt_app()
    document = ReportDocument(
        contents,
        start,
        end,
        today,
        sleep_diary_weeks=args.sleep_diary,
        face=Typeface(percent=args.text_size),
    )
    out = Path(args.out).expanduser()
    pages = write_pdf(document, out, Paper(args.paper))
    del app
    print(
        f"Wrote the report for {document.content.period_line}: {pages} pages "
        f"({Paper(args.paper).label})."
    )
    print(out)
    return 0
