"""The history of nights, newest first: open one to edit it, or delete it (undoable)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from diary import words
from diary.errors import KnownError
from diary.night_dates import night_span
from diary.records import Night
from diary.store.kinds import Changed, Kind
from diary.ui.damage import keep_shown_on_damage
from diary.ui.dialogs.ask import Ask
from diary.ui.diary_model import DiaryModel
from diary.ui.text_size import ScaledLabel
from diary.ui.widgets.record_table import fit_columns

COLUMNS = ("Night", "RLS severity", "Sleep", "Tags", "Notes")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


_DAYS, _MONTHS = words.WEEKDAYS_SHORT, words.MONTHS_SHORT


def compact_span(evening: date) -> str:
    """'Tue 3 → Wed 4 Mar 2026': the night in a table cell, always with its year."""
    morning = evening + timedelta(days=1)

    def day(d: date) -> str:
        return f"{_DAYS[d.weekday()]} {d.day}"

    def month(d: date) -> str:
        return _MONTHS[d.month - 1]

    if evening.month == morning.month:
        return f"{day(evening)} → {day(morning)} {month(morning)} {morning.year}"
    if evening.year == morning.year:
        return f"{day(evening)} {month(evening)} → {day(morning)} {month(morning)} {morning.year}"
    return (
        f"{day(evening)} {month(evening)} {evening.year} → "
        f"{day(morning)} {month(morning)} {morning.year}"
    )


def sleep_text(hours: float | None) -> str:
    if hours is None:
        return "–"
    return f"{hours:g} h"


class NightsTableModel(QAbstractTableModel):
    """The nights as rows, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._nights: list[Night] = []
        self._today: date | None = None
        self.wrap_headers = False

    def set_wrap_headers(self, wrap: bool) -> None:
        if wrap != self.wrap_headers:
            self.wrap_headers = wrap
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def set_nights(self, nights: list[Night], today: date) -> None:
        self.beginResetModel()
        self._nights = sorted(nights, key=lambda n: n.date, reverse=True)
        self._today = today
        self.endResetModel()

    def night_at(self, row: int) -> Night:
        return self._nights[row]

    def row_of(self, day: date) -> int | None:
        for row, night in enumerate(self._nights):
            if night.date == day:
                return row
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._nights)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if self.wrap_headers:  # at large text: two-word headers on two lines
                return COLUMNS[section].replace(" ", "\n")
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.AccessibleTextRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        night = self._nights[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(night, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 and night.notes:
            return night.notes
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return self._text(night, 0)
        if role == Qt.ItemDataRole.ToolTipRole and col == 3 and night.tags:
            return ", ".join(night.tags)
        if role == SORT_ROLE:
            return (
                night.date.toordinal(),
                night.rls_severity,
                night.sleep_hours if night.sleep_hours is not None else -1.0,
                ", ".join(night.tags),
                night.notes,
            )[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, night: Night, col: int) -> str:
        if col == 0:
            mark = "  ★" if night.for_doctor else ""
            return compact_span(night.date) + mark
        if col == 1:
            return str(night.rls_severity)
        if col == 2:
            return sleep_text(night.sleep_hours)
        if col == 3:
            return ", ".join(night.tags)
        return " ".join(night.notes.split())


class HistoryPage(QWidget):
    """Every logged night; `open_requested(date)` asks the window to open it for editing."""

    open_requested = Signal(object)

    def __init__(self, model: DiaryModel, parent: QWidget | None = None, ask: Ask | None = None):
        super().__init__(parent)
        self.model = model
        self.ask = ask or Ask()
        self._stale = True
        self._read_only = False

        layout = QVBoxLayout(self)
        layout.addWidget(ScaledLabel("History of nights"))
        self.summary = QLabel()
        layout.addWidget(self.summary)

        self.nights = NightsTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.nights)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Nights")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.installEventFilter(self)
        self._fit_rows()
        self.table.activated.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table, 1)

        self.delete_action = QAction("Delete night", self.table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(self.delete_action)

        buttons = QHBoxLayout()
        self.open_button = QPushButton("&Open for editing")
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        hint = QLabel("Enter opens the selected night; Delete removes it (Ctrl+Z brings it back).")
        hint.setWordWrap(True)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(hint, 1)
        layout.addLayout(buttons)

        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        model.changed.connect(self._on_changed)
        self._update_buttons()

    def _fit_rows(self) -> None:
        """Row height and column widths follow the text size and the table's width: at
        large text the headers take two lines and tags and notes give way (no sideways
        scrolling at 200 % in a 1024-pixel window)."""
        metrics = self.table.fontMetrics()
        self.table.verticalHeader().setDefaultSectionSize(int(metrics.height() * 1.5))
        header = self.table.horizontalHeader()
        one_line = sum(
            max(header.sectionSizeHint(c), self.table.sizeHintForColumn(c)) for c in range(3)
        )
        tags = metrics.averageCharWidth() * 18
        self.nights.set_wrap_headers(one_line + tags > self.table.viewport().width())
        # The night column may give way down to an ordinary night; the rare one spanning
        # two years is then shortened, in full in its tooltip.
        ordinary = metrics.horizontalAdvance("Wed 30 Sep → Thu 1 Oct 2026")
        fit_columns(self.table, (0, 3, 4), {0: ordinary})
        header.resizeSection(3, min(header.sectionSize(3), tags))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.table and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self._fit_rows)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            QTimer.singleShot(0, self, self._fit_rows)
        super().changeEvent(event)

    # -- loading -------------------------------------------------------------------------

    def _on_changed(self, changed: Changed) -> None:
        if changed.touches(Kind.NIGHTS):
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._stale and self.model.diary.damage is None:  # damaged: keep what is shown
            with keep_shown_on_damage():
                self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Reload the nights, keeping the selected night selected when it is still there."""
        keep = self.selected_date()
        diary = self.model.diary
        self.nights.set_nights(diary.nights(), diary.today())
        self._stale = False
        self._fit_rows()
        count = self.nights.rowCount()
        self.summary.setText(
            "No nights logged yet."
            if count == 0
            else f"{words.count(count, 'night')} logged, newest first."
        )
        if count:
            self.select_date(keep if keep is not None else self.nights.night_at(0).date)
        self._update_buttons()

    # -- selection -----------------------------------------------------------------------

    def selected_date(self) -> date | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.nights.night_at(self.proxy.mapToSource(rows[0]).row()).date

    def select_date(self, day: date) -> bool:
        row = self.nights.row_of(day)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.nights.index(row, 0))
        self.table.selectRow(index.row())
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_date() is not None
        self.open_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen and not self._read_only)
        self.delete_action.setEnabled(chosen and not self._read_only)

    # -- actions -------------------------------------------------------------------------

    def open_selected(self) -> None:
        day = self.selected_date()
        if day is not None:
            self.open_requested.emit(day)

    def delete_selected(self) -> None:
        day = self.selected_date()
        if day is None or self._read_only:
            return
        label = night_span(day, self.model.diary.today())
        if not self.ask.confirm(
            self,
            "Delete night",
            f"Delete the night of {label}, with its medicines and supplements?\n\n"
            "Edit → Undo (Ctrl+Z) brings it back.",
            "Delete",
        ):
            return
        row = self.table.currentIndex().row()
        try:
            self.model.delete_night(day)
        except KnownError as exc:
            self.ask.error(self, "Could not delete the night", exc)
            return
        self.refresh()
        if self.proxy.rowCount():
            index = self.proxy.index(min(row, self.proxy.rowCount() - 1), 0)
            self.table.selectRow(index.row())
            self.table.setCurrentIndex(index)
        self.table.setFocus()
