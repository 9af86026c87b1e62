"""A read-only table of records (newest first) and its Qt item model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from diary.ui.widgets.wrapped_columns import WrapAtSpaces, fit_wrapping

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    text: Callable[[Any], str]
    numeric: bool = False


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record_at(self, row: int) -> Any:
        return self.records[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(self.records[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None


def fit_columns(
    table: QTableView,
    shrinkable: Sequence[int],
    floors: dict[int, int] | None = None,
    readable: int = 4,
) -> None:
    """Each column as wide as its contents; when that is wider than the table, the
    `shrinkable` text columns give way (eliding, with the full text in the tooltip) down to
    their header's text (or `floors[column]`), so that the table needs no sideways
    scrolling where it can be avoided."""
    header = table.horizontalHeader()
    model = table.model()
    if model is None or header.count() == 0:
        return
    count = header.count()
    natural = [max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) for c in range(count)]
    metrics = table.fontMetrics()
    pad = metrics.averageCharWidth() // 2
    floor = [
        (floors or {}).get(
            c,
            max(
                metrics.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal)))
                + pad,
                # a word of the content stays readable ("Ferritin", "µg/L"), never "F…"
                min(natural[c], metrics.averageCharWidth() * readable),
            ),
        )
        for c in range(count)
    ]
    if header.stretchLastSection():  # the last column takes what is left anyway
        natural[-1] = min(natural[-1], floor[-1])
    widths = list(natural)
    # Leave room for a vertical scroll bar that is about to appear (rows being added).
    bar = table.verticalScrollBar()
    available = table.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
    excess = sum(natural) - available
    give = {c: max(0, natural[c] - floor[c]) for c in shrinkable if c < count}
    total_give = sum(give.values())
    if excess > 0 and total_give > 0:
        share = min(1.0, excess / total_give)
        for c, room in give.items():
            widths[c] = natural[c] - int(room * share + 0.999)
    for c in range(count):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(c, widths[c])


class RecordTable(QTableView):
    """Rows are whole records; Enter (or a double click) asks to edit, Delete to delete."""

    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, model: RecordTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)  # a column too narrow for its text wraps it, never cuts it
        self.setItemDelegate(WrapAtSpaces(self))
        self.verticalHeader().hide()
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.horizontalHeader().setStretchLastSection(True)
        self._fit_pending = False
        model.modelReset.connect(self.fit_columns_later)
        self.doubleClicked.connect(lambda _index: self.edit_requested.emit())

    def fit_columns_later(self) -> None:
        """Fit the columns once the current burst of changes (reset, resize, font) is over."""
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_now)

    def _fit_now(self) -> None:
        self._fit_pending = False
        columns = self.records().columns
        numeric = [i for i, c in enumerate(columns) if c.numeric and i > 0]
        text = [i for i, c in enumerate(columns) if not c.numeric and i > 0]
        # Text wraps first, then numbers with their units; the date (first) only if need be.
        fit_wrapping(self, [text, numeric, [0]])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit_columns_later()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_columns_later()

    def records(self) -> RecordTableModel:
        return self.model()  # type: ignore[return-value]

    def selected(self) -> Any:
        rows = self.selectionModel().selectedRows()
        return self.records().record_at(rows[0].row()) if rows else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.edit_requested.emit()
        elif event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit()
        else:
            super().keyPressEvent(event)
