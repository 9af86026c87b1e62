"""Help → About: what the app is, its version, and that it informs but does not treat."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from diary import __version__
from diary.ui.text_size import ScaledLabel

DISCLAIMER = (
    "RLS Diary helps you keep a record and see patterns. It informs; it does not replace "
    "your clinician. Do not start, stop or change any medicine, iron or infusion because "
    "of what the diary shows without talking to your doctor or nurse."
)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About RLS Diary")
        layout = QVBoxLayout(self)
        layout.addWidget(ScaledLabel("RLS Diary", 1.5))
        version = QLabel(f"Version {__version__}")
        layout.addWidget(version)
        about = QLabel(
            "A private diary for restless legs syndrome: nights, sleep, medicines, "
            "supplements, blood tests and iron treatments, and how symptoms follow iron. "
            "Everything stays in one file on this computer; the app never uses the network."
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        self.disclaimer = QLabel(DISCLAIMER)
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.disclaimer.font()
        font.setBold(True)
        self.disclaimer.setFont(font)
        layout.addWidget(self.disclaimer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
