"""Opening a diary from the window: every way it can fail becomes a clear question or message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from diary import words
from diary.errors import DiaryDamaged, DiaryLocked, DiaryMissing, KnownError
from diary.store import backup
from diary.store.gateway import Diary
from diary.ui.dialogs.ask import Ask
from diary.words import short_date

OPEN_READ_ONLY = "Open read-only"
RESTORE_NEWEST = "Restore newest backup"
START_EMPTY = "Start an empty diary"


def nights_text(count: int | None) -> str:
    """'1 night', '3 nights'; an unreadable count says so."""
    if count is None:
        return "an unreadable number of nights"
    return words.count(count, "night")


def open_diary(
    path: Path,
    ask: Ask,
    parent: QWidget | None = None,
    *,
    create: bool = True,
    today: Callable[[], date] | None = None,
    first_attempt: Callable[[], Diary] | None = None,
) -> Diary | None:
    """Open `path` for writing (creating it if missing); None when the user gives up.

    `first_attempt`: an opening of `path` already under way (app.OpenAhead), used instead
    of the first Diary.open; what it raises is answered as Diary.open's would be."""
    open_kwargs: dict[str, Any] = {"today": today} if today else {}
    try:
        if first_attempt is not None:
            return first_attempt()
        return Diary.open(path, create=create, **open_kwargs)
    except DiaryLocked as exc:
        answer = ask.choose(parent, "Diary open elsewhere", exc.message, [OPEN_READ_ONLY], exc.hint)
        if answer != OPEN_READ_ONLY:
            return None
        try:
            return Diary.open(path, read_only=True, **open_kwargs)
        except KnownError as again:
            ask.error(parent, "Cannot open the diary", again)
            return None
    except DiaryDamaged as exc:
        return _after_damage(path, exc, ask, parent, open_kwargs)
    except DiaryMissing as exc:
        return _after_loss(path, exc, ask, parent, open_kwargs)
    except KnownError as exc:
        ask.error(parent, "Cannot open the diary", exc)
        return None


def _after_damage(
    path: Path, exc: DiaryDamaged, ask: Ask, parent: QWidget | None, open_kwargs: dict[str, Any]
) -> Diary | None:
    from diary.store import recovery

    newest = backup.newest_good_backup(path)
    if newest is None:
        detail = "There is no good backup of it. You can start an empty diary in its place."
        options = [START_EMPTY]
    else:
        count = backup.night_count(newest.path)
        detail = f"The newest good backup is from {backup.when(newest)} with {nights_text(count)}."
        options = [RESTORE_NEWEST, START_EMPTY]
    answer = ask.choose(parent, "The diary is damaged", exc.message, options, detail)
    try:
        if answer == RESTORE_NEWEST and newest is not None:
            recovery.restore(path, newest.path)
            diary = Diary.open(path, **open_kwargs)
            kept = f" The damaged file is kept at {exc.moved_to}." if exc.moved_to else ""
            ask.info(
                parent,
                "Backup restored",
                f"Restored the backup from {backup.when(newest)}."
                f" The diary now holds {nights_text(diary.counts().get('nights', 0))}.{kept}",
                "Nights logged after that backup are not in it; add them again if you can.",
            )
            return diary
        if answer == START_EMPTY:
            return Diary.open(path, create=True, start_empty=True, **open_kwargs)
    except KnownError as again:
        ask.error(parent, "Cannot open the diary", again)
    return None


def _after_loss(
    path: Path, exc: DiaryMissing, ask: Ask, parent: QWidget | None, open_kwargs: dict[str, Any]
) -> Diary | None:
    """No diary, but backups or a moved-aside file: offer them before an empty diary."""
    from diary.store import recovery

    newest = backup.newest_good_backup(path)
    options = [START_EMPTY]
    detail = "None of the backups passes its check."
    if newest is not None:
        options.insert(0, RESTORE_NEWEST)
        taken = newest.local_time()
        detail = (
            f"The newest good backup is from {short_date(taken.date())}, {taken:%H:%M}"
            f" with {nights_text(backup.night_count(newest.path))}."
        )
    if exc.moved:
        detail += f" The earlier file is kept at {exc.moved[0]}."
    answer = ask.choose(parent, "The diary is missing", exc.message, options, detail)
    try:
        if answer == RESTORE_NEWEST and newest is not None:
            recovery.restore(path, newest.path)
            return Diary.open(path, create=False, **open_kwargs)
        if answer == START_EMPTY:
            return Diary.open(path, create=True, start_empty=True, **open_kwargs)
    except KnownError as again:
        ask.error(parent, "Cannot open the diary", again)
    return None
