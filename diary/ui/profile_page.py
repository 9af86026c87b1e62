"""The patient profile (name, birth year, clinician) for report headers; stored as typed."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from diary.errors import KnownError, ValidationError
from diary.paths import backup_dir_for
from diary.records import Profile
from diary.store.kinds import RECORD_KINDS, Changed, Kind
from diary.ui.damage import keep_shown_on_damage
from diary.ui.diary_model import DiaryModel
from diary.ui.text_size import ScaledLabel
from diary.ui.usual_intake_box import UsualIntakeBox

_FIELDS = (("name", "Name"), ("birth_year", "Birth year"), ("clinician", "Clinician"))


class ProfilePage(QWidget):
    """Each field is stored when it is left (Tab, Enter or closing the window)."""

    def __init__(self, model: DiaryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.addWidget(ScaledLabel("Profile"))
        intro = QLabel("Printed at the top of the report for your doctor. Every field is optional.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for key, label in _FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.setMaxLength(200)
            edit.editingFinished.connect(self.commit)
            caption = QLabel(f"&{label}:")
            caption.setBuddy(edit)
            error = QLabel()
            error.setWordWrap(True)
            error.setAccessibleName(f"{label} problem")
            error.hide()
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(edit)
            box.addWidget(error)
            form.addRow(caption, box)
            self.edits[key], self.errors[key] = edit, error
        self.edits["birth_year"].setPlaceholderText("for example 1950")
        self.edits["clinician"].setPlaceholderText("your doctor or nurse")
        layout.addLayout(form)

        self.status = QLabel()
        self.status.setAccessibleName("Profile status")
        layout.addWidget(self.status)

        self.usual = UsualIntakeBox(model, self)
        layout.addWidget(self.usual)

        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(ScaledLabel("This diary", 1.15))
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.about.setAccessibleName("About this diary")
        layout.addWidget(self.about)
        layout.addStretch(1)

        model.changed.connect(self._on_changed)
        self.load()

    def _on_changed(self, changed: Changed) -> None:
        if changed.touches(Kind.PROFILE):
            self.load()
            self.usual.load()
        elif self.isVisible():
            self._describe_diary()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self.model.diary.damage is None:  # damaged: keep what is shown
            with keep_shown_on_damage():
                self._describe_diary()
        super().showEvent(event)

    def load(self) -> None:
        """Show the stored profile (after undo, import or opening another diary)."""
        profile = self.model.diary.profile()
        values = {
            "name": profile.name,
            "birth_year": "" if profile.birth_year is None else str(profile.birth_year),
            "clinician": profile.clinician,
        }
        for key, edit in self.edits.items():
            if edit.text() != values[key]:
                edit.setText(values[key])
            self._show_error(key, "")
        self.set_read_only(self.model.diary.read_only)
        self._describe_diary()

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(read_only)

    def _describe_diary(self) -> None:
        diary = self.model.diary
        counts = diary.counts()
        parts = [f"{counts.get(k.name, 0)} {k.plural}" for k in RECORD_KINDS]
        mode = " It is open read-only." if diary.read_only else ""
        self.about.setText(
            f"File: {diary.path}\nBackups: {backup_dir_for(diary.path)}\n"
            f"Holds {', '.join(parts)}.{mode}"
        )

    def _show_error(self, key: str, message: str) -> None:
        self.errors[key].setText(f"⚠ {message}" if message else "")
        self.errors[key].setVisible(bool(message))

    def typed_profile(self) -> Profile | None:
        """The profile as typed, or None (with the message shown) when the year is not a year."""
        text = self.edits["birth_year"].text().strip()
        year: int | None = None
        if text:
            if not text.isdigit():
                self._show_error("birth_year", "Birth year must be a year, like 1950")
                return None
            year = int(text)
        current = self.model.diary.profile()
        return replace(
            current,
            name=self.edits["name"].text().strip(),
            birth_year=year,
            clinician=self.edits["clinician"].text().strip(),
        )

    def commit(self) -> None:
        """Store the profile if it differs from the stored one (called on leaving a field)."""
        diary = self.model.diary
        if diary.read_only or diary.closed or diary.damage is not None:
            return  # leaving a field as the window closes: already stored by commit_pending
        for key in self.edits:
            self._show_error(key, "")
        profile = self.typed_profile()
        if profile is None or profile == self.model.diary.profile():
            return
        try:
            self.model.set_profile(profile)
        except ValidationError as exc:
            for problem in exc.problems:
                key = problem.field if problem.field in self.edits else "name"
                self._show_error(key, problem.message)
            return
        except KnownError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText("Saved.")

    commit_pending = commit
