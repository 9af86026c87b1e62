"""Pieces every subcommand shares: the --diary option and opening the diary."""

from __future__ import annotations

import argparse
from pathlib import Path

from diary.paths import resolve_diary_path


def add_diary_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--diary",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the diary file (default: $RLS_DIARY_HOME/diary.sqlite, else your user data folder)",
    )


def diary_path(args: argparse.Namespace) -> Path:
    return resolve_diary_path(getattr(args, "diary", None))
