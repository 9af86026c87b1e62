"""The reminder's controls (on/off, time, at login), for the settings or profile page."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QTimeEdit, QVBoxLayout, QWidget

from diary.ui.reminder import EveningReminder

NO_TRAY_NOTE = (
    "Your desktop shows no system tray icons, so the reminder appears inside the "
    "RLS Diary window, and only while it is open."
)
NO_LOGIN_NOTE = "Starting at login is not available on this system yet."


class ReminderPanel(QWidget):
    """Every change applies at once through the EveningReminder."""

    def __init__(self, reminder: EveningReminder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reminder = reminder
        settings = reminder.settings
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        row = QHBoxLayout()
        self.enabled_box = QCheckBox("Remind me each &evening at")
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setAccessibleName("Reminder time")
        at = settings.reminder_time()
        self.time_edit.setTime(QTime(at.hour, at.minute))
        row.addWidget(self.enabled_box)
        row.addWidget(self.time_edit)
        row.addStretch(1)
        layout.addLayout(row)

        self.login_box = QCheckBox("Also start RLS Diary at &login, in the tray, to remind me")
        layout.addWidget(self.login_box)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        self.enabled_box.setChecked(settings.reminder_enabled())
        self.login_box.setChecked(settings.reminder_at_login())
        self.enabled_box.toggled.connect(self._on_enabled)
        self.time_edit.timeChanged.connect(self._on_time)
        self.login_box.toggled.connect(self._on_login)
        reminder.enabled_changed.connect(self._sync)
        self._sync()

    def _on_enabled(self, on: bool) -> None:
        self.reminder.set_enabled(on)
        self._sync()

    def _on_time(self, value: QTime) -> None:
        self.reminder.set_time(time(value.hour(), value.minute()))

    def _on_login(self, on: bool) -> None:
        self.reminder.set_at_login(on)
        self._sync()

    def _sync(self, *_: object) -> None:
        settings = self.reminder.settings
        on = settings.reminder_enabled()
        login_supported = self.reminder.autostart is not None and self.reminder.autostart.supported
        for box, value in ((self.enabled_box, on), (self.login_box, settings.reminder_at_login())):
            if box.isChecked() != value:
                box.blockSignals(True)
                box.setChecked(value)
                box.blockSignals(False)
        self.time_edit.setEnabled(on)
        # starting at login only makes sense with a tray icon to remind from
        self.login_box.setEnabled(on and login_supported and self.reminder.tray_available)
        notes = []
        if on and not self.reminder.tray_available:
            notes.append(NO_TRAY_NOTE)
        if on and not login_supported:
            notes.append(NO_LOGIN_NOTE)
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
