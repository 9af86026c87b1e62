"""The app's own preferences (window geometry, text size, recent diaries, the evening
reminder), never in a diary: one object over one ini file."""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from diary.paths import ENV_HOME, create_private_file, data_home, ensure_private_dir, make_private

MAX_RECENT = 8
TEXT_SIZES = (100, 125, 150, 200)
DEFAULT_TIME = time(21, 0)
KEY_ENABLED = "reminder/enabled"
KEY_TIME = "reminder/time"
KEY_AT_LOGIN = "reminder/at_login"


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _make_private_file(path: Path) -> None:
    """The settings file names the diaries used: create it 0600 before Qt writes it (Qt
    keeps an existing file's permissions when it rewrites it), or make an old one 0600."""
    if path.exists():
        make_private(path)
        return
    try:
        ensure_private_dir(path.parent)
        create_private_file(path)
    except OSError:
        pass  # Qt reports an unwritable settings place itself; the app works without it


class AppSettings:
    """A thin, typed wrapper over one QSettings store (an ini file): the window's choices
    and the evening reminder's."""

    def __init__(self, store: QSettings) -> None:
        self._s = store
        _make_private_file(Path(store.fileName()))

    @classmethod
    def default(cls) -> AppSettings:
        """$RLS_DIARY_HOME/settings.ini when that is set (tests, portable use), else the
        platform's user settings place, in ini format."""
        if os.environ.get(ENV_HOME):
            return cls.at(data_home() / "settings.ini")
        return cls(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "rls-diary"))

    @classmethod
    def at(cls, path: Path) -> AppSettings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @property
    def file_name(self) -> str:
        return self._s.fileName()

    def sync(self) -> None:
        self._s.sync()
        make_private(Path(self._s.fileName()))

    # -- text size -----------------------------------------------------------------------

    def text_size(self) -> int:
        """The remembered text size in percent; 100 when unset or not one of TEXT_SIZES."""
        try:
            value = int(str(self._s.value("view/text_size", 100)))
        except ValueError:
            return 100
        return value if value in TEXT_SIZES else 100

    def set_text_size(self, percent: int) -> None:
        if percent not in TEXT_SIZES:
            raise ValueError(f"text size must be one of {TEXT_SIZES}")
        self._s.setValue("view/text_size", percent)
        self.sync()

    # -- recent diaries ------------------------------------------------------------------

    def recent_diaries(self) -> list[Path]:
        raw = self._s.value("files/recent", [])
        items: list[str] = [raw] if isinstance(raw, str) else [str(p) for p in raw or []]  # type: ignore[attr-defined]
        return [Path(p) for p in items if p][:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        path = Path(path).absolute()
        others = [p for p in self.recent_diaries() if p != path]
        self._s.setValue("files/recent", [str(p) for p in [path, *others][:MAX_RECENT]])
        self.sync()

    def remove_recent(self, path: Path) -> None:
        kept = [str(p) for p in self.recent_diaries() if p != Path(path).absolute()]
        self._s.setValue("files/recent", kept)
        self.sync()

    # -- window geometry -----------------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self.sync()

    # -- evening reminder ----------------------------------------------------------------

    def reminder_enabled(self) -> bool:
        """Whether the evening reminder is on (off by default)."""
        return _truthy(self._s.value(KEY_ENABLED, False))

    def set_reminder_enabled(self, on: bool) -> None:
        self._s.setValue(KEY_ENABLED, bool(on))
        self.sync()

    def reminder_time(self) -> time:
        """The reminder's time of day; 21:00 when unset or unreadable."""
        try:
            return time.fromisoformat(str(self._s.value(KEY_TIME, "")))
        except ValueError:
            return DEFAULT_TIME

    def set_reminder_time(self, at: time) -> None:
        self._s.setValue(KEY_TIME, at.replace(second=0, microsecond=0).strftime("%H:%M"))
        self.sync()

    def reminder_at_login(self) -> bool:
        return _truthy(self._s.value(KEY_AT_LOGIN, False))

    def set_reminder_at_login(self, on: bool) -> None:
        self._s.setValue(KEY_AT_LOGIN, bool(on))
        self.sync()
