"""`rls-diary restore`: list the diary's backups, or put one back in place of the diary."""

from __future__ import annotations

import argparse
from pathlib import Path

from diary.commands._common import add_diary_option, diary_path
from diary.errors import KnownError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "restore",
        help="list backups, or restore one (the current file is moved aside, never deleted)",
    )
    add_diary_option(parser)
    parser.add_argument(
        "backup",
        nargs="?",
        help="the backup file to restore; 'newest' for "
        "the newest good one; omit to list the backups",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: building the command line must not load the database layer.
    from diary.store import backup
    from diary.store.recovery import restore

    path = diary_path(args)
    if not args.backup:
        backups = backup.list_backups(path)
        if not backups:
            print(f"No backups of {path} yet.")
        for info in backups:
            state = "ok" if backup.integrity_ok(info.path) else "DAMAGED"
            label = f" ({info.label})" if info.label else ""
            print(
                f"{info.local_time():%Y-%m-%d %H:%M}  {backup.night_count(info.path) or 0:>6} "
                f"nights  {state}  {info.path}{label}"
            )
        return 0
    if args.backup == "newest":
        good = backup.newest_good_backup(path)
        if good is None:
            raise KnownError(f"There is no good backup of {path} to restore.")
        chosen = good.path
    else:
        chosen = Path(args.backup)
    moved = restore(path, chosen)
    print(f"Restored {chosen} as {path}.")
    if moved:
        print(f"The file that was there is kept at {moved}.")
    return 0
