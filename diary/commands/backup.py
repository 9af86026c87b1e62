"""`rls-diary backup`: a verified copy of the diary in its backups folder."""

from __future__ import annotations

import argparse

from diary.commands._common import add_diary_option, diary_path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("backup", help="make a verified backup of the diary now")
    add_diary_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: building the command line must not load the database layer.
    from diary.store.gateway import Diary

    with Diary.open(diary_path(args), create=False, auto_backup=False) as diary:
        made = diary.backup_now()
    print(f"Backup written and checked: {made}")
    return 0
