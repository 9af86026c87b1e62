"""Errors the user's environment or input causes, each with a plain message and a way forward."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from diary.words import count


class KnownError(Exception):
    """An expected failure: shown to the user as it is, never as a traceback."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class Problem(NamedTuple):
    """One thing wrong with one field of one record; `field` is the CSV column name."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(KnownError):
    """A record was refused; `problems` names every field at fault."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class DiaryDamaged(KnownError):
    """The diary file is not a readable diary; it has been moved aside."""

    def __init__(self, path: Path, moved_to: Path | None, detail: str) -> None:
        self.path = path
        self.moved_to = moved_to
        self.detail = detail
        where = f" It was moved to {moved_to} so nothing is overwritten." if moved_to else ""
        super().__init__(
            f"The diary {path} is damaged ({detail}).{where}",
            "You can restore the newest good backup.",
        )


class DiaryMissing(KnownError):
    """No diary at the path, but backups of it or files moved aside from it exist: an empty
    diary is not created over them (the user is offered them instead)."""

    def __init__(self, path: Path, backups: int, moved: list[Path]) -> None:
        self.path = path
        self.backups = backups
        self.moved = moved
        found = []
        if backups:
            found.append(f"{count(backups, 'backup')} of it")
        if moved:
            found.append(f"the earlier file, moved aside as {moved[0]}")
        super().__init__(
            f"There is no diary at {path}, but there are {' and '.join(found)}. "
            "No empty diary was created in its place.",
            "Restore the newest good backup (`rls-diary restore newest`, or in the window), "
            "or move the earlier file back to this name.",
        )


class DamageFound(KnownError):
    """A read met damage the opening checks did not see (a value the schema forbids, or
    SQLite reporting corruption). The open diary takes no more writes."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"The diary {path} is damaged ({detail}). Nothing more will be written to it.",
            "Use File → Check diary (`rls-diary check`), then File → Restore from a backup "
            "(`rls-diary restore newest`).",
        )


class DiaryLocked(KnownError):
    """Another window or program has the diary open for writing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"The diary {path} is already open in another window.",
            "Close it there, or open this one read-only.",
        )


class DiaryTooNew(KnownError):
    """The file was written by a newer version of the app."""

    def __init__(self, path: Path, found: str) -> None:
        self.path = path
        super().__init__(
            f"The diary {path} was made by a newer version of RLS Diary (schema {found}).",
            "Update RLS Diary to open it; the file has not been changed.",
        )


class ReadOnlyDiary(KnownError):
    def __init__(self) -> None:
        super().__init__("This diary is open read-only; nothing can be changed.")


class SaveFailed(KnownError):
    """A write did not reach the disk; the diary is as it was before."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"Could not save: {reason}. Nothing was changed in the diary.",
            "Free some disk space or check the file's permissions, then try again.",
        )


class NotFound(KnownError):
    pass


class Conflict(KnownError):
    pass


class NightConflict(Conflict):
    """Imported nights whose dates are already in the diary with other values."""

    def __init__(self, dates: list[str]) -> None:
        self.dates = dates
        shown = ", ".join(dates[:10]) + (f" and {len(dates) - 10} more" if len(dates) > 10 else "")
        super().__init__(
            f"{len(dates)} night(s) are already in the diary with different values: {shown}.",
            "Nothing was imported. Import again with replace to overwrite those nights.",
        )


class ImportCancelled(KnownError):
    """The user stopped an import part-way; nothing of it was stored."""

    def __init__(self) -> None:
        super().__init__(
            "The import was cancelled.", "Nothing was imported; the diary has not been changed."
        )


class DiaryNotWritable(KnownError):
    """The diary file or its folder cannot be written (read-only media or permissions)."""

    def __init__(self, path: Path, why: str) -> None:
        self.path = path
        super().__init__(
            f"The diary {path} cannot be changed: {why}.",
            "Open it read-only to read it, or copy it to a folder you can write to.",
        )
