"""The optional evening reminder: a tray icon whose message opens the night entry.

Off by default. While the app runs, a QTimer wakes at the chosen time and the tray icon
shows a message; clicking the message (or the icon) emits `open_night_entry`. The tray
menu has a one-click "Turn off reminders". Where the desktop has no system tray, `due`
is still emitted so the window can show the reminder itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from diary import APP_NAME
from diary.autostart import Autostart
from diary.ui.settings import AppSettings

# The timer never sleeps longer than this, so a suspended laptop or a changed clock is
# noticed within minutes instead of firing hours late.
MAX_WAIT = timedelta(minutes=5)
# A reminder missed by more than this (the computer was off) is skipped, not shown late.
LATE_LIMIT = timedelta(hours=3)
TITLE = "Time for your RLS Diary"
MESSAGE = "How were your legs and your sleep? Click here to log your night."
MESSAGE_MS = 60_000


def next_due(now: datetime, at: time) -> datetime:
    """The next moment strictly after `now` (to the second) that is `at` o'clock."""
    today = datetime.combine(now.date(), at)
    return today if now < today else today + timedelta(days=1)


class EveningReminder(QObject):
    """Owns the timer and the tray icon; `start()` once the window exists."""

    open_night_entry = Signal()
    due = Signal()
    enabled_changed = Signal(bool)

    def __init__(
        self,
        settings: AppSettings,
        icon: QIcon | None = None,
        parent: QObject | None = None,
        *,
        autostart: Autostart | None = None,
        clock: Callable[[], datetime] = datetime.now,
        tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.autostart = autostart
        self._icon = icon or QIcon()
        self._clock = clock
        self._tray_available = tray_available
        self.next_at: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._check)
        self.tray: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None

    # -- state ---------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self.settings.reminder_enabled()

    @property
    def tray_available(self) -> bool:
        return bool(self._tray_available())

    def start(self) -> None:
        """Show the tray icon and arm the timer when reminders are on; otherwise neither."""
        if self.settings.reminder_enabled():
            self._show_tray()
            self._arm(next_due(self._clock(), self.settings.reminder_time()))
        else:
            self.timer.stop()
            self.next_at = None
            if self.tray is not None:
                self.tray.hide()

    def set_enabled(self, on: bool) -> None:
        if on == self.settings.reminder_enabled():
            return
        self.settings.set_reminder_enabled(on)
        if not on and self.autostart is not None and self.settings.reminder_at_login():
            self.set_at_login(False)
        self.start()
        self.enabled_changed.emit(on)

    def set_time(self, at: time) -> None:
        self.settings.set_reminder_time(at)
        self.start()

    def set_at_login(self, on: bool) -> None:
        """Start the app at login for the reminder (a no-op where that is not supported)."""
        if self.autostart is None or not self.autostart.supported:
            return
        if on:
            self.autostart.enable()
        else:
            self.autostart.disable()
        self.settings.set_reminder_at_login(on)

    def turn_off(self) -> None:
        """The tray menu's one-click "Turn off reminders" (also stops starting at login)."""
        self.set_enabled(False)

    # -- timing --------------------------------------------------------------------------

    def _arm(self, at: datetime) -> None:
        self.next_at = at
        wait = max(timedelta(0), min(at - self._clock(), MAX_WAIT))
        self.timer.start(int(wait.total_seconds() * 1000))

    def _check(self) -> None:
        if self.next_at is None or not self.settings.reminder_enabled():
            return
        now = self._clock()
        if now >= self.next_at:
            if now - self.next_at <= LATE_LIMIT:
                self.fire()
            self._arm(next_due(now, self.settings.reminder_time()))
        else:
            self._arm(self.next_at)

    def fire(self) -> None:
        """Remind now: a tray message where there is a tray, and `due` for the window."""
        self.due.emit()
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(TITLE, MESSAGE, self._icon, MESSAGE_MS)

    # -- the tray icon -------------------------------------------------------------------

    def _show_tray(self) -> None:
        if not self.tray_available:
            return
        if self.tray is None:
            self.tray = QSystemTrayIcon(self._icon, self)
            self.tray.setToolTip(f"{APP_NAME}: evening reminder")
            self.menu = QMenu()
            log_action = self.menu.addAction("Log my night…")
            log_action.triggered.connect(self.open_night_entry)
            self.menu.addSeparator()
            self.turn_off_action = self.menu.addAction("Turn off reminders")
            self.turn_off_action.triggered.connect(self.turn_off)
            self.tray.setContextMenu(self.menu)
            self.tray.messageClicked.connect(self.open_night_entry)
            self.tray.activated.connect(self._on_activated)
        self.tray.show()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_night_entry.emit()

    def shutdown(self) -> None:
        """Hide the icon and stop the timer (at app exit)."""
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()
