"""Every question the window puts to the user, in one object that tests can replace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from diary.errors import KnownError

# QMessageBox and QFileDialog are imported where used: making their Python classes (and
# enums) is a noticeable part of start-up, and most starts put no question.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from diary.store.backup import BackupInfo


class Ask:
    """Shows real dialogs. Tests pass a subclass that records the text and answers itself."""

    def info(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
        if detail:
            box.setInformativeText(detail)
        box.exec()

    def error(self, parent: QWidget | None, title: str, exc: KnownError) -> None:
        """A known error: its message, its way forward, and any listed problems."""
        from diary.ui.dialogs.errors import error_box

        error_box(parent, title, exc).exec()

    def confirm(self, parent: QWidget | None, title: str, text: str, yes: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is ok

    def choose(
        self, parent: QWidget | None, title: str, text: str, options: list[str], detail: str = ""
    ) -> str | None:
        """Buttons named `options` plus Cancel; returns the option picked or None."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        if detail:
            box.setInformativeText(detail)
        buttons = {box.addButton(o, QMessageBox.ButtonRole.AcceptRole): o for o in options}
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return buttons.get(box.clickedButton())  # type: ignore[call-overload]

    def open_path(
        self, parent: QWidget | None, title: str, start: Path, filters: str
    ) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(parent, title, str(start), filters)
        return Path(name) if name else None

    def save_path(
        self, parent: QWidget | None, title: str, start: Path, filters: str
    ) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
        return Path(name) if name else None

    def pick_backup(self, parent: QWidget | None, backups: list[BackupInfo]) -> BackupInfo | None:
        from diary.ui.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(backups, parent)
        return dialog.chosen() if dialog.exec() else None

    def show_report(self, parent: QWidget | None, title: str, text: str, lines: list[str]) -> None:
        """A message with a scrollable list below it (import problems, check results)."""
        from diary.ui.dialogs.errors import ListDialog

        ListDialog(title, text, lines, parent).exec()
