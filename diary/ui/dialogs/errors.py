"""Showing a known error plainly: message, way forward, and any problems in a scrolling list."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from diary.errors import KnownError


def problem_lines(exc: KnownError) -> list[str]:
    """The individual problems an error carries (CSV import, validation), as text."""
    problems = getattr(exc, "problems", None) or []
    return [str(p) for p in problems]


def error_box(parent: QWidget | None, title: str, exc: KnownError) -> QDialog:
    """A dialog for `exc`: a message box, or a list dialog when there are many problems."""
    lines = problem_lines(exc)
    if len(lines) > 1:
        text = exc.message + (f"\n\n{exc.hint}" if exc.hint else "")
        return ListDialog(title, text, lines, parent)
    box = QMessageBox(QMessageBox.Icon.Warning, title, exc.message, parent=parent)
    if exc.hint:
        box.setInformativeText(exc.hint)
    return box


class ListDialog(QDialog):
    """A message above a read-only, scrollable, selectable list of lines."""

    def __init__(self, title: str, text: str, lines: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.list = QPlainTextEdit("\n".join(lines))
        self.list.setReadOnly(True)
        self.list.setAccessibleName("Details")
        self.list.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.list.setVisible(bool(lines))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.fontMetrics().height() * 22)
