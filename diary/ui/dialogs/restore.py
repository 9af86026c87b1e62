"""File → Restore from a backup…: the backups with their dates and night counts, to pick one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from diary import words
from diary.store import backup
from diary.store.backup import BackupInfo

_LABELS = {
    "": "automatic",
    "before-migration": "before an update",
    "before-restore": "before a restore",
}


def describe_label(label: str) -> str:
    return _LABELS.get(label, label.replace("-", " "))


class RestoreDialog(QDialog):
    """Lists backups newest first; Restore returns the chosen one through `chosen()`."""

    def __init__(
        self,
        backups: list[BackupInfo],
        parent: QWidget | None = None,
        count_nights: Callable[[Path], int | None] = backup.night_count,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self._backups = backups
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose the backup to restore. The diary as it is now is kept beside it, "
            "and no backup is deleted."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(backups), 3)
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(["Taken", "Nights", "Kind"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for row, info in enumerate(backups):
            count = count_nights(info.path)
            cells = (
                f"{words.weekday_short_date(info.local_time())}, {info.local_time():%H:%M}",
                "unreadable" if count is None else str(count),
                describe_label(info.label),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        if backups:
            self.table.selectRow(0)
        self._update_button()
        self.table.setFocus()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 70, metrics.height() * 20)

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None
