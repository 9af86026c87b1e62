"""Starting the window: the QApplication, the remembered text size, and the first diary."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from diary.errors import KnownError
from diary.paths import ensure_private_dir, log_dir, resolve_diary_path
from diary.ui.dialogs.ask import Ask
from diary.ui.dialogs.open_diary import open_diary
from diary.ui.main_window import MainWindow
from diary.ui.settings import AppSettings
from diary.ui.text_size import apply_text_size

log = logging.getLogger(__name__)


class NoDiaryOpened(KnownError):
    """The user declined every way to open a diary (damaged, locked ...)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"No diary was opened ({path}).")


def ensure_app() -> QApplication:
    """The one QApplication of this process (created here when there is none yet)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1] or ["rls-diary"])
    assert isinstance(app, QApplication)
    app.setApplicationName("RLS Diary")
    app.setOrganizationName("rls-diary")
    app.setDesktopFileName("rls-diary")
    return app


def build_window(
    path: Path | str,
    *,
    settings: AppSettings | None = None,
    ask: Ask | None = None,
    today: Callable[[], date] | None = None,
) -> MainWindow:
    """The main window, shown, on the diary at `path`, without starting the event loop.

    Problems opening the diary are put to the user through `ask` (dialogs by default);
    raises NoDiaryOpened when no diary could be opened.
    """
    from diary.ui.diary_model import DiaryModel

    app = ensure_app()
    settings = settings or AppSettings.default()
    apply_text_size(app, settings.text_size())
    ask = ask or Ask()
    diary = open_diary(Path(path), ask, None, today=today)
    if diary is None:
        raise NoDiaryOpened(Path(path))
    window = MainWindow(DiaryModel(diary), settings, ask, today=today)
    window.show()
    return window


def run_app(diary_arg: str | None) -> int:
    """`rls-diary` with no subcommand: open the window and run until it is closed."""
    app = ensure_app()
    _log_bugs_to_file()
    try:
        window = build_window(resolve_diary_path(diary_arg))
    except NoDiaryOpened:
        return 1
    window.raise_()
    from diary.ui.insights_page import preload_charts

    QTimer.singleShot(1000, preload_charts)  # matplotlib loads after the window is shown
    return int(app.exec())


def _log_bugs_to_file() -> None:
    """Anything unexpected is a bug: log its traceback and tell the user where it is."""
    folder = log_dir()
    try:
        ensure_private_dir(folder)
        handler: logging.Handler = logging.FileHandler(folder / "rls-diary.log", encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, KnownError):
            QMessageBox.warning(None, "RLS Diary", str(exc))
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        QMessageBox.critical(
            None,
            "RLS Diary: unexpected error",
            "Something went wrong inside RLS Diary (a bug). What was already saved is safe.\n\n"
            f"The details were written to {folder / 'rls-diary.log'}.",
        )

    sys.excepthook = hook
