"""View → Evening reminder…: turn the evening reminder on or off and choose its time."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from diary.ui.reminder import EveningReminder
from diary.ui.reminder_panel import ReminderPanel


class ReminderDialog(QDialog):
    """Every change applies at once; Close just closes."""

    def __init__(self, reminder: EveningReminder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Evening reminder")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "RLS Diary can remind you each evening to log the night, from an icon in the "
            "system tray while it runs. Reminders are off until you turn them on."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.panel = ReminderPanel(reminder, self)
        layout.addWidget(self.panel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
