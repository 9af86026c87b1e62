"""The support log: a rotating file in the platform's log folder that can carry no health data.

The rule, for everyone who writes `log.info(...)` in this project:

* The message is a fixed string naming an event ("diary opened", "import finished").
  Never build it with an f-string, `%` or `.format()` before the call.
* Arguments (`log.info("imported %d nights", n)`) may only be counts: `int` (and `bool`),
  or a `KnownName`: a name the program itself defines (an exception's type, an SQLite error
  name such as SQLITE_FULL), never text that came from the user or a file.
  Anything else (text, floats, dates, paths, records) is replaced by `<str withheld>` etc.
  before it is written, so a note, a tag, a ferritin value or a date can never reach the file.
  Never pass a record value that happens to be an int (a severity) as an argument.
* Exceptions are written as their type and the traceback's frames (file, line, function,
  source line); the exception's message is withheld, because messages can quote user input.
* Third-party loggers go through the same filter, and SQLAlchemy's are held at WARNING.

`setup_logging()` is called once by the app's start, never at import; the folder is 0700 and
every log file 0600. SafeFormatter applies the rule; tests/unit/test_logs.py checks it
against the whole package. The window's start calls `hold_records()` first and opens the
file once the window takes input: what is logged before is written then, in order.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from diary.paths import ensure_private_dir, log_dir

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

LOG_FILE_NAME = "rls-diary.log"
MAX_BYTES = 512 * 1024
BACKUP_COUNT = 4
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class KnownName(str):
    """A name from a closed set the program defines (an exception type, an SQLite error
    name): the only text a log argument may carry. Never wrap user text or a message in it."""


ALLOWED_ARG_TYPES = (bool, int, KnownName)
QUIET_LOGGERS = ("sqlalchemy", "alembic", "matplotlib", "PIL")


def _withheld(value: object) -> str:
    return f"<{type(value).__name__} withheld>"


def safe_args(args: Any) -> tuple[Any, ...] | dict[str, Any]:
    """The log call's arguments with everything but counts replaced by a placeholder."""
    if isinstance(args, dict):
        return {k: v if type(v) in ALLOWED_ARG_TYPES else _withheld(v) for k, v in args.items()}
    return tuple(a if type(a) in ALLOWED_ARG_TYPES else _withheld(a) for a in args or ())


def safe_traceback(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
) -> str:
    """Where a bug happened and what type it was, without the exception's message."""
    lines: list[str] = []
    exc: BaseException | None = exc_info[1]
    seen: set[int] = set()
    chain: list[BaseException] = []
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    for i, item in enumerate(reversed(chain)):
        if i:
            lines.append("During handling of the above, another exception was raised:")
        lines.append("Traceback (most recent call last):")
        frames = traceback.extract_tb(item.__traceback__)
        lines.extend(line.rstrip("\n") for line in frames.format())
        kind = type(item)
        lines.append(f"{kind.__module__}.{kind.__qualname__}: <message withheld>")
    return "\n".join(lines)


def make_safe(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of `record` holding only safe parts: counts-only arguments, no exception message.

    A copy, so that other handlers (a console, pytest's capture) still see the original.
    """
    safe = logging.makeLogRecord(record.__dict__)
    if not isinstance(record.msg, str):
        safe.msg, safe.args = _withheld(record.msg), None
    elif record.args:
        safe.args = safe_args(record.args)
    if record.exc_info and record.exc_info[1] is not None:
        safe.exc_text = safe_traceback(record.exc_info)
    else:
        safe.exc_text = None
    safe.exc_info = None
    safe.stack_info = None
    return safe


class SafeFormatter(logging.Formatter):
    """Formats the safe copy of each record (see the module's rule); never raises."""

    def format(self, record: logging.LogRecord) -> str:
        safe = make_safe(record)
        try:
            return super().format(safe)
        except (TypeError, ValueError):
            # e.g. "%.1f" given a withheld float: keep the event name, drop the arguments
            safe.msg, safe.args = f"{safe.msg} [arguments withheld]", None
            return super().format(safe)


@functools.cache
def _file_handler_class() -> type[RotatingFileHandler]:
    # logging.handlers (and the socket and pickle modules it loads) is imported by the first
    # setup_logging(), not with this module: the window's start does not wait for it.
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        """A RotatingFileHandler whose files are created readable by their owner only."""

        def _open(self) -> Any:
            path = Path(self.baseFilename)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.close(fd)
            with contextlib.suppress(OSError):
                path.chmod(0o600)
            return super()._open()

    return PrivateRotatingFileHandler


def _our_handler(root: logging.Logger) -> logging.FileHandler | None:
    for handler in root.handlers:
        if isinstance(handler, logging.FileHandler) and getattr(handler, "rls_diary", False):
            return handler
    return None


class _HeldRecords(logging.Handler):
    """What is logged before the file is open (hold_records), for setup_logging to write;
    from then on it passes records straight to the file's handler."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []
        self.target: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.target is not None:
            self.target.handle(record)
        else:
            self.records.append(record)

    def release_to(self, target: logging.Handler) -> None:
        self.acquire()
        try:
            self.target = target
            held, self.records = self.records, []
            for record in held:
                target.handle(record)
        finally:
            self.release()


def hold_records(level: int = logging.INFO) -> None:
    """Keep what is logged from now until setup_logging() opens the file (the window's start
    opens it once the window takes input). No-op once the file is open."""
    root = logging.getLogger()
    if _our_handler(root) is not None or any(isinstance(h, _HeldRecords) for h in root.handlers):
        return
    root.addHandler(_HeldRecords(level))
    _set_levels(root, level)


def _set_levels(root: logging.Logger, level: int) -> None:
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Start writing the support log in `folder` (default: the platform's log folder).

    Called once by the app's start; calling it again returns the file already in use.
    Returns the log file's path.
    """
    root = logging.getLogger()
    existing = _our_handler(root)
    if existing is not None:
        return Path(existing.baseFilename)
    folder = Path(folder) if folder is not None else log_dir()
    ensure_private_dir(folder)
    path = folder / LOG_FILE_NAME
    handler = _file_handler_class()(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False
    )
    handler.rls_diary = True  # type: ignore[attr-defined]
    handler.setFormatter(SafeFormatter(FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    held = [h for h in root.handlers if isinstance(h, _HeldRecords)]
    for early in held:
        root.removeHandler(early)
    _set_levels(root, level)
    logging.getLogger(__name__).info("log started")
    for early in held:  # written after "log started", each with the time it was logged
        early.release_to(handler)
    return path


def stop_logging() -> None:
    """Close the support log (app exit, and tests)."""
    root = logging.getLogger()
    for held in [h for h in root.handlers if isinstance(h, _HeldRecords)]:
        root.removeHandler(held)
    handler = _our_handler(root)
    if handler is not None:
        root.removeHandler(handler)
        handler.close()


def log_bug(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Write an unexpected exception (a bug) to the log: its type and traceback, no message."""
    logging.getLogger("diary.bug").error("unexpected error", exc_info=(kind, exc, tb))
