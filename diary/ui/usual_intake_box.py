"""The usual medicines and supplements, set once on the Profile page: they prefill each new
night (the night form still shows them, to change for that night alone)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from diary import words
from diary.errors import KnownError, ValidationError
from diary.ui.diary_model import DiaryModel
from diary.ui.widgets.fields import show_message
from diary.ui.widgets.intake_editor import IntakeEditor


class UsualIntakeBox(QGroupBox):
    """An intake list with 'Save usual list'; stored in the diary through its gateway."""

    def __init__(self, model: DiaryModel, parent: QWidget | None = None) -> None:
        super().__init__("Usual medicines and supplements", parent)
        self.model = model
        intro = QLabel(
            "What you take most nights. Each new night starts with this list; change a night's "
            "list on the night form when it was different.",
            self,
        )
        intro.setWordWrap(True)
        self.intake = IntakeEditor(self)
        self.save_button = QPushButton("Save usual list", self)
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Usual list status")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.intake)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        doses, sups = self.model.diary.usual_intake(self.model.diary.today())
        self.intake.set_intake(doses, sups)
        self.save_button.setEnabled(not self.model.diary.read_only)

    def _say(self, text: str, good: bool) -> None:
        show_message(self.status, text, good)

    def save(self) -> bool:
        today = self.model.diary.today()
        try:
            doses, sups = self.intake.read(today, today)
            self.model.diary.set_usual_intake(doses, sups)
        except ValidationError:
            self._say("Nothing was saved: correct what is marked above.", good=False)
            return False
        except KnownError as exc:
            self._say(str(exc), good=False)
            return False
        count = len(doses) + len(sups)
        self._say(
            f"✓ Saved: {words.count(count, 'usual item')}; each new night starts with them."
            if count
            else "✓ Saved: new nights start with nothing taken.",
            good=True,
        )
        return True
