"""Starting the window: the QApplication, the remembered text size, and the first diary."""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from diary.errors import KnownError
from diary.logs import hold_records, log_bug, setup_logging
from diary.paths import log_dir, resolve_diary_path

# The window's modules are imported inside the functions below, so that `run_app` can start
# opening the diary first (see OpenAhead).
if TYPE_CHECKING:
    from diary.store.gateway import Diary
    from diary.ui.dialogs.ask import Ask
    from diary.ui.first_run import FirstRunResult
    from diary.ui.main_window import MainWindow
    from diary.ui.reminder import EveningReminder
    from diary.ui.settings import AppSettings

log = logging.getLogger(__name__)


class NoDiaryOpened(KnownError):
    """The user declined every way to open a diary (damaged, locked ...)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"No diary was opened ({path}).")


def ensure_app() -> QApplication:
    """The one QApplication of this process (created here when there is none yet)."""
    from diary.ui.desktop import apply_identity
    from diary.ui.theme import apply_theme

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1] or ["rls-diary"])
    assert isinstance(app, QApplication)
    apply_identity(app)
    use_english_widgets()
    apply_theme(app)
    return app


def use_english_widgets() -> None:
    """Qt's own widgets (date fields, their calendars) write month names in English under any
    system locale, as the app's text does (words.py). Qt widgets made after this follow it;
    QLocale.system() still tells the user's date order."""
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def build_window(
    path: Path | str,
    *,
    settings: AppSettings | None = None,
    ask: Ask | None = None,
    today: Callable[[], date] | None = None,
    demo: bool = False,
    opening: OpenAhead | None = None,
) -> MainWindow:
    """The main window, shown, on the diary at `path`, without starting the event loop.

    Problems opening the diary are put to the user through `ask` (dialogs by default);
    raises NoDiaryOpened when no diary could be opened. `opening`: the same diary's
    opening, already started (by `run_app`).
    """
    from diary.ui.dialogs.ask import Ask
    from diary.ui.dialogs.open_diary import open_diary
    from diary.ui.diary_model import DiaryModel
    from diary.ui.main_window import MainWindow
    from diary.ui.settings import AppSettings
    from diary.ui.text_size import apply_text_size

    app = ensure_app()
    settings = settings or AppSettings.default()
    apply_text_size(app, settings.text_size())
    ask = ask or Ask()
    if opening is not None:  # the first page's module loads while the diary is being opened
        importlib.import_module("diary.ui.night_entry_page")
    diary = open_diary(Path(path), ask, None, today=today, first_attempt=opening)
    if diary is None:
        raise NoDiaryOpened(Path(path))
    window = MainWindow(DiaryModel(diary), settings, ask, today=today, demo=demo)
    window.show()
    return window


class OpenAhead:
    """`Diary.open(path)` on a worker thread, started before the window's modules load.

    Opening includes the full integrity check (issue 13) and, once a day, a backup. Most of
    that is SQLite, which runs without the GIL, so it overlaps loading and building the
    window instead of coming before it. Nothing is given up: calling the object waits for
    the opening to end, and the window gets the diary (or the problem, raised here on the
    main thread for open_diary to put to the user) only then, so the diary is shown and
    written only after a passed check, as before.
    """

    def __init__(self, path: Path) -> None:
        self._diary: Diary | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._open, args=(path,), name="open-diary")
        self._thread.start()

    def _open(self, path: Path) -> None:
        # The check first: it needs only the small `opening` module, and SQLite runs it
        # beside the window's loading. The gateway's many modules load after it.
        from diary.store import opening

        try:
            prepared = opening.prepare(path, create=True, read_only=False, start_empty=False)
            from diary.store.gateway import Diary

            self._diary = Diary.open_prepared(prepared)
        except BaseException as exc:  # handed to the main thread, which reports it
            self._error = exc

    def __call__(self) -> Diary:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._diary is not None
        return self._diary


# The welcome, the reminder and the autostart entry are loaded only when needed: what the
# window does not need before it accepts input waits (start-up time, see `make bench`).
def needs_first_run(path: Path) -> bool:
    """True when there is no diary at `path` yet (see first_run.needs_first_run)."""
    if path.exists():
        return False  # the usual start, decided without loading the welcome
    from diary.ui import first_run

    return first_run.needs_first_run(path)


def run_first_run(parent: QWidget | None, path: Path) -> FirstRunResult | None:
    """The welcome (first_run.run_first_run)."""
    from diary.ui import first_run

    return first_run.run_first_run(parent, path)


def run_app(diary_arg: str | None) -> int:
    """`rls-diary` with no subcommand: open the window and run until it is closed."""
    # Until the first frame, the start only adds objects that live on (modules, classes,
    # widgets): garbage collections would find nothing to free and only slow it down.
    # (cli.open_window turns them off already before this module loads.)
    gc.disable()
    try:
        return _open_and_run(diary_arg)
    finally:
        gc.enable()  # also when no window opened, or it closed before its first frame


def _open_and_run(diary_arg: str | None) -> int:
    """run_app's work; garbage collection is off until the window's first frame."""
    hold_records()  # the support log's file is opened once the window takes input
    path = resolve_diary_path(diary_arg)
    welcome = diary_arg is None and needs_first_run(path)
    opening = None if welcome else OpenAhead(path)
    _show_bugs_to_the_user()
    demo = None
    if welcome:
        # the welcome waits for a person: nothing to gain by holding anything back
        gc.enable()
        setup_logging()
        ensure_app()
        demo = run_first_run(None, path)
        if demo is None:
            return 0  # closed the welcome without choosing: nothing was created
        path = demo.path
        gc.disable()
    try:
        window = build_window(path, demo=bool(demo and demo.demo), opening=opening)
    except NoDiaryOpened:
        setup_logging()  # what went wrong opening it is in the log
        return 1
    app = QApplication.instance()  # made ready by build_window
    assert isinstance(app, QApplication)
    window.fit_to_screen()
    if demo is not None and demo.demo:
        app.aboutToQuit.connect(window.model.diary.close)
        app.aboutToQuit.connect(demo.cleanup)
    from diary.autostart import started_for_reminder

    if started_for_reminder():  # started at login: wait in the tray if there is one
        reminder = _start_reminder(app, window)
        if reminder.enabled and reminder.tray_available:
            app.setQuitOnLastWindowClosed(False)
            window.hide()
        else:
            window.raise_()
    else:
        window.raise_()
        AfterFirstFrame(window, lambda: _start_reminder(app, window))
    app.aboutToQuit.connect(setup_logging)  # held records are written even then
    AfterFirstFrame(
        window,
        gc.enable,
        setup_logging,
        # the write machinery, off the main thread
        lambda: _in_background(window.model.diary.prepare_writes),
    )
    QTimer.singleShot(1000, _preload_charts)
    return int(app.exec())


class AfterFirstFrame(QObject):
    """Runs `work` once the window's first frame is drawn (at once for a hidden window), so
    what can wait does not hold back the first sight of the window nor the first key."""

    LATEST_MS = 2000  # a window never drawn (e.g. on another workspace) still gets it

    def __init__(self, window: QWidget, *work: Callable[[], object]) -> None:
        super().__init__(window)
        self._work = list(work)
        if window.isVisible():
            window.installEventFilter(self)
            QTimer.singleShot(self.LATEST_MS, self, self._run)
        else:
            QTimer.singleShot(0, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # after the whole frame
        return False

    def _run(self) -> None:
        window = self.parent()
        if window is not None:
            window.removeEventFilter(self)
        work, self._work = self._work, []
        for job in work:
            job()


def _preload_charts() -> None:
    from diary.ui.insights_page import preload_charts  # the page itself: on first show

    preload_charts()


def _in_background(work: Callable[[], object]) -> None:
    threading.Thread(target=work, name="warm-up", daemon=True).start()


def _start_reminder(app: QApplication, window: MainWindow) -> EveningReminder:
    from diary.autostart import Autostart
    from diary.ui.reminder import EveningReminder

    reminder = EveningReminder(
        window.settings,
        app.windowIcon(),  # apply_identity's
        window,
        autostart=Autostart(),
    )
    window.attach_reminder(reminder)
    reminder.due.connect(lambda: _remind_in_window(window, reminder))
    app.aboutToQuit.connect(reminder.shutdown)
    reminder.start()
    return reminder


def _remind_in_window(window: MainWindow, reminder: EveningReminder) -> None:
    if not reminder.tray_available:  # no tray to show the message: say it in the window
        window.statusBar().showMessage("Time to log tonight's night.", 60_000)


def _show_bugs_to_the_user() -> None:
    """Anything unexpected is a bug: log it (no health data) and tell the user where."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        from PySide6.QtWidgets import QMessageBox

        if isinstance(exc, KnownError):
            QMessageBox.warning(None, "RLS Diary", str(exc))
            return
        setup_logging()  # open now if the start had not yet (writes what was held first)
        log_bug(kind, exc, tb)
        QMessageBox.critical(
            None,
            "RLS Diary: unexpected error",
            "Something went wrong inside RLS Diary (a bug). What was already saved is safe.\n\n"
            f"The details were written to the log in {log_dir()} (Help → Open log folder).",
        )

    sys.excepthook = hook
