"""The `rls-diary` command line; with no subcommand it opens the window."""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from diary import __version__

# The analysis multiplies small matrices: more than one BLAS thread only adds overhead and
# competes with the window (and other programs) for the cores. Set before numpy loads.
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

# Each subcommand lives in diary/commands/<name>.py with `register(subparsers)` that adds
# its parser and sets `func=run`, where `run(args) -> int` is the exit code.
COMMANDS = ("demo", "check", "backup", "restore", "export", "import_", "analyze", "report")

if TYPE_CHECKING:
    import argparse

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    import argparse  # here: opening the window needs no parser

    parser = argparse.ArgumentParser(
        prog="rls-diary",
        description="A private diary for restless legs syndrome. With no command, opens the "
        "window.",
    )
    parser.add_argument("--version", action="version", version=f"rls-diary {__version__}")
    parser.add_argument(
        "--diary",
        metavar="PATH",
        help="the diary file to open (default: "
        "$RLS_DIARY_HOME/diary.sqlite, else your user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"diary.commands.{name}")
        module.register(sub)
    return parser


def window_only(argv: Sequence[str]) -> tuple[bool, str | None]:
    """(True, the --diary value) when `argv` only opens the window: nothing, `--diary PATH`
    or `--diary=PATH`. The window then starts without loading every subcommand's module
    (a noticeable part of start-up); anything else goes through the full parser."""
    args = list(argv)
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--diary" and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--diary="):
        return True, args[0].removeprefix("--diary=")
    return False, None


def open_window(diary: str | None) -> int:
    """The window (ui.app.run_app) on `diary`, or on the default diary when None."""
    # From here to the window's first frame the start only adds objects that live on
    # (modules, classes, enums, widgets): collections would find nothing to free, and the
    # window's modules load with it off. run_app turns it back on after the first frame
    # (and for as long as the welcome waits for a person).
    gc.disable()
    try:
        from diary.ui.app import run_app

        return run_app(diary)
    finally:
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    window, diary = window_only(sys.argv[1:] if argv is None else argv)
    if window:
        return open_window(diary)
    from diary.errors import KnownError

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return open_window(args.diary)
    try:
        return int(args.func(args))
    except KnownError as exc:
        print(f"rls-diary: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): stop quietly, as command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
