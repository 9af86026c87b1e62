"""GUI test helpers: private app settings, a scripted `Ask`, and a window factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from diary.errors import KnownError
from diary.store.gateway import Diary
from diary.ui.app import use_english_widgets
from diary.ui.dialogs.ask import Ask
from diary.ui.diary_model import DiaryModel
from diary.ui.settings import AppSettings
from diary.ui.text_size import apply_text_size

TODAY = date(2026, 3, 5)


def fixed_today() -> date:
    return TODAY


@dataclass
class Shown:
    """One message the user was shown (or asked)."""

    kind: str
    title: str
    text: str
    detail: str = ""
    options: list[str] = field(default_factory=list)


class ScriptedAsk(Ask):
    """Answers the window's questions from a script and records everything it was shown.

    `answers` is consumed in order by choose/confirm/open_path/save_path/pick_backup; an
    unexpected question fails the test instead of blocking on a modal dialog.
    """

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.shown: list[Shown] = []

    def _next(self, kind: str) -> Any:
        if not self.answers:
            raise AssertionError(f"unexpected {kind} question; shown so far: {self.shown}")
        return self.answers.pop(0)

    def info(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        self.shown.append(Shown("info", title, text, detail))

    def error(self, parent: QWidget | None, title: str, exc: KnownError) -> None:
        problems = [str(p) for p in getattr(exc, "problems", [])]
        self.shown.append(Shown("error", title, exc.message, exc.hint, problems))

    def confirm(self, parent: QWidget | None, title: str, text: str, yes: str) -> bool:
        self.shown.append(Shown("confirm", title, text, options=[yes]))
        return bool(self._next("confirm"))

    def choose(
        self, parent: QWidget | None, title: str, text: str, options: list[str], detail: str = ""
    ) -> str | None:
        self.shown.append(Shown("choose", title, text, detail, list(options)))
        answer = self._next("choose")
        assert answer is None or answer in options, f"{answer!r} is not among {options}"
        return answer  # type: ignore[no-any-return]

    def open_path(
        self, parent: QWidget | None, title: str, start: Path, filters: str
    ) -> Path | None:
        self.shown.append(Shown("open_path", title, str(start)))
        return self._next("open_path")  # type: ignore[no-any-return]

    def save_path(
        self, parent: QWidget | None, title: str, start: Path, filters: str
    ) -> Path | None:
        self.shown.append(Shown("save_path", title, str(start)))
        return self._next("save_path")  # type: ignore[no-any-return]

    def pick_backup(self, parent: QWidget | None, backups: list[Any]) -> Any:
        self.shown.append(Shown("pick_backup", "", "", options=[str(b.path) for b in backups]))
        pick = self._next("pick_backup")
        return pick(backups) if callable(pick) else pick

    def show_report(self, parent: QWidget | None, title: str, text: str, lines: list[str]) -> None:
        self.shown.append(Shown("report", title, text, "\n".join(lines), list(lines)))

    def last(self, kind: str | None = None) -> Shown:
        matching = [s for s in self.shown if kind is None or s.kind == kind]
        assert matching, f"nothing of kind {kind!r} was shown: {self.shown}"
        return matching[-1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform says what it cannot do (size hints, raising a window, grabbing
    # the keyboard); harmless here, and only these exact notices are let through.
    for item in items:
        item.add_marker(
            pytest.mark.qt_log_ignore(
                "does not support propagateSizeHints",
                "This plugin does not support raise",
                "does not support grabbing the keyboard",
            )
        )


# How long a GUI test waits for a condition before failing. It is only an upper bound: a right
# answer ends the wait as soon as it is there, so it can be generous, and a busy machine (two
# CPU-burning processes beside the suite) never turns a slow redraw into a failure.
PATIENCE_MS = 30_000


@pytest.fixture(autouse=True)
def _patient_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every qtbot wait gets at least PATIENCE_MS, whatever timeout a test wrote."""
    from pytestqt.qtbot import QtBot

    for name in ("waitUntil", "waitSignal", "waitSignals", "waitExposed", "waitActive"):
        original = getattr(QtBot, name)

        def patient(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            timeout = kwargs.get("timeout")
            if timeout is None or 0 < timeout < PATIENCE_MS:
                kwargs["timeout"] = PATIENCE_MS
            return _original(*args, **kwargs)

        monkeypatch.setattr(QtBot, name, patient)


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path: Path) -> None:
    """Any QSettings made without a file name lands under tmp_path, never in the user's."""
    folder = str(tmp_path / "qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


@pytest.fixture(autouse=True, scope="session")
def _english_widgets(qapp: QApplication) -> None:
    """Qt's widgets write English month names, as in the app (ensure_app)."""
    use_english_widgets()


@pytest.fixture(autouse=True)
def _reset_text_size(qapp: QApplication) -> Iterator[None]:
    """The text size scales the whole application; put it back after each test."""
    yield
    apply_text_size(qapp, 100)


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings.at(tmp_path / "settings.ini")


@pytest.fixture
def ask() -> ScriptedAsk:
    return ScriptedAsk()


@pytest.fixture
def model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DiaryModel]:
    """What a page works on: a new diary in tmp_path (today fixed, no automatic backups)."""
    monkeypatch.setenv("RLS_DIARY_HOME", str(tmp_path / "home"))
    diary = Diary.open(tmp_path / "diary.sqlite", today=fixed_today, auto_backup=False)
    yield DiaryModel(diary)
    diary.close()


@pytest.fixture
def make_window(qtbot: Any, settings: AppSettings, ask: ScriptedAsk) -> Callable[..., Any]:
    """build_window on a path with the scripted ask, private settings and a fixed today."""
    from diary.ui import build_window

    def make(path: Path, **kwargs: Any) -> Any:
        kwargs.setdefault("settings", settings)
        kwargs.setdefault("ask", ask)
        kwargs.setdefault("today", fixed_today)
        window = build_window(path, **kwargs)
        qtbot.addWidget(window)
        window.activateWindow()  # window shortcuts (Ctrl+1 ...) need an active window
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        return window

    return make
