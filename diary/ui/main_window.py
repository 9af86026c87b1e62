"""The main window: page navigation, the Edit, View and Help menus, the title, and closing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from diary import APP_NAME
from diary.errors import DamageFound, KnownError
from diary.ui import text_size
from diary.ui.dialogs.ask import Ask
from diary.ui.diary_model import DiaryModel
from diary.ui.menus import build_menus
from diary.ui.settings import AppSettings
from diary.ui.styles import FOCUS_RING_WIDTH
from diary.ui.window_files import WindowFiles
from diary.ui.window_lock import READ_ONLY_TEXT, UNREADABLE_TEXT, WindowLock


class PageSpec(NamedTuple):
    """A page of the navigation: its key, its title, and how to build it when first shown."""

    key: str
    title: str
    factory: Callable[[], QWidget]


def window_title(path: Path, read_only: bool, demo: bool = False, unsaved: bool = False) -> str:
    """The title; it starts with '*' while an edit is not saved."""
    name = f"DEMO — {path.name} (a made-up patient)" if demo else path.name
    return f"{'*' if unsaved else ''}{name}{' (read-only)' if read_only else ''} — {APP_NAME}"


if TYPE_CHECKING:
    from diary.ui.reminder import EveningReminder


class MainWindow(WindowFiles, WindowLock):
    """One open diary. Pages are built the first time they are shown (fast start-up)."""

    def __init__(
        self,
        model: DiaryModel,
        settings: AppSettings,
        ask: Ask | None = None,
        today: Callable[[], date] | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.model = model
        self.demo = demo  # a temporary demo diary: marked in the title, never a recent diary
        self.reminder: EveningReminder | None = None
        self.settings = settings
        self.ask = ask or Ask()
        self._today = today
        self._specs: list[PageSpec] = []
        self._pages: dict[str, QWidget] = {}
        self._holders: dict[str, QVBoxLayout] = {}
        self._scrolls: dict[str, QScrollArea] = {}
        self._unreadable: dict[str, QWidget] = {}
        self._unsaved = False

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(READ_ONLY_TEXT)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Read-only notice")
        self.banner.setAutoFillBackground(True)
        self.banner.setBackgroundRole(self.banner.palette().ColorRole.ToolTipBase)
        self.banner.setForegroundRole(self.banner.palette().ColorRole.ToolTipText)
        self.banner.setMargin(8)
        outer.addWidget(self.banner)
        body = QHBoxLayout()
        ring = FOCUS_RING_WIDTH + 1  # room for the focus ring around the page list
        body.setContentsMargins(ring, ring, 0, ring)
        outer.addLayout(body, 1)
        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setSpacing(2)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentRowChanged.connect(self._on_nav_row)
        body.addWidget(self.nav)
        self.stack = QStackedWidget()
        body.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.menu = build_menus(self)
        self.model.undo_stack.canUndoChanged.connect(self._update_undo)
        self.model.undo_stack.canRedoChanged.connect(self._update_undo)
        self.model.undo_stack.indexChanged.connect(self._update_undo)

        for spec in self._default_pages():
            self._insert_page(spec)
        self._rebuild_go_to()
        self._fit_nav()
        self._after_diary_changed()
        self.nav.setCurrentRow(0)
        self._sync_text_size_menu()
        geometry = settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1024, 768)

    def fit_to_screen(self) -> None:
        """Within the screen's available area, frame included (at QT_SCALE_FACTOR=1.5 a
        1024 x 768 window is taller than a 1000-pixel screen and Save would be off it)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w = max(0, frame.width() - self.width())
        extra_h = max(0, frame.height() - self.height())
        width = min(self.width(), room.width() - extra_w)
        height = min(self.height(), room.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        if not room.contains(frame):
            self.move(
                max(room.left(), min(frame.left(), room.right() - frame.width() + 1)),
                max(room.top(), min(frame.top(), room.bottom() - frame.height() + 1)),
            )

    # -- pages ---------------------------------------------------------------------------

    def _default_pages(self) -> list[PageSpec]:
        # Each page's module is imported when the page is first shown (fast start-up).
        def night() -> QWidget:
            from diary.ui.night_entry_page import NightEntryPage

            page = NightEntryPage(self.model, ask=self.ask)
            page.unsaved_changed.connect(self._set_unsaved)
            return page

        def history() -> QWidget:
            from diary.ui.history_page import HistoryPage

            page = HistoryPage(self.model, ask=self.ask)
            page.open_requested.connect(self.open_night)
            return page

        def blood_tests() -> QWidget:
            from diary.ui.blood_tests_page import BloodTestsPage

            return BloodTestsPage(self.model)

        def treatments() -> QWidget:
            from diary.ui.treatments_page import TreatmentsPage

            return TreatmentsPage(self.model)

        def profile() -> QWidget:
            from diary.ui.profile_page import ProfilePage

            return ProfilePage(self.model)

        def insights() -> QWidget:
            from diary.ui.insights_page import InsightsPage

            page = InsightsPage(self.model, today=self._today)
            page.open_night_requested.connect(self.open_night)
            return page

        return [
            PageSpec("night", "Night entry", night),
            PageSpec("history", "History", history),
            PageSpec("blood_tests", "Blood tests", blood_tests),
            PageSpec("treatments", "Treatments", treatments),
            PageSpec("insights", "Insights", insights),
            PageSpec("profile", "Profile", profile),
        ]

    def add_page(self, spec: PageSpec, after: str | None = None) -> None:
        """Add a page to the navigation (at the end, or after the page keyed `after`)."""
        self._insert_page(spec, after)
        self._rebuild_go_to()
        self._fit_nav()

    def _insert_page(self, spec: PageSpec, after: str | None = None) -> None:
        keys = [s.key for s in self._specs]
        position = keys.index(after) + 1 if after in keys else len(keys)
        self._specs.insert(position, spec)
        self.nav.insertItem(position, spec.title)

    def _holder(self, key: str) -> QVBoxLayout:
        """Where the page keyed `key` goes: its scroll area, made with the page itself."""
        layout = self._holders.get(key)
        if layout is None:
            holder = QWidget()
            layout = QVBoxLayout(holder)
            layout.setContentsMargins(0, 0, 0, 0)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
            scroll.setWidget(holder)
            self.stack.addWidget(scroll)
            self._holders[key] = layout
            self._scrolls[key] = scroll
        return layout

    def _fit_nav(self) -> None:
        """As wide as the longest page name (it follows the text size)."""
        pad = self.nav.fontMetrics().averageCharWidth() * 3
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + pad)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            QTimer.singleShot(0, self, self._fit_nav)  # after the list has taken the new font
        super().changeEvent(event)

    def page_keys(self) -> list[str]:
        return [s.key for s in self._specs]

    def page(self, key: str) -> QWidget:
        """The page keyed `key`, built now if it was not shown yet."""
        if key not in self._pages:
            if self.model.diary.damage is not None:
                return self._unreadable_page(key)  # every read is refused: nothing to build
            spec = next(s for s in self._specs if s.key == key)
            try:
                widget = spec.factory()
            except DamageFound:  # building the page met the damage first
                self._check_damage()
                return self._unreadable_page(key)
            self._holder(key).addWidget(widget)
            self._pages[key] = widget
            said = getattr(widget, "said", None)
            if said is not None:
                said.connect(self._show_status)
            self._apply_read_only(widget)
        return self._pages[key]

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)
        self._check_damage()  # a page's save may have found the file damaged

    def current_key(self) -> str:
        return self._specs[self.nav.currentRow()].key

    def show_page(self, key: str, focus: bool = False) -> QWidget:
        row = self.page_keys().index(key)
        self.nav.setCurrentRow(row)
        page = self.page(key)
        if focus:
            _focus_first(page)
        return page

    def _on_nav_row(self, row: int) -> None:
        if row < 0:
            return
        key = self._specs[row].key
        self.page(key)
        self._holder(key)  # there even when the page could not be built (damage)
        self.stack.setCurrentWidget(self._scrolls[key])
        self._check_damage()  # the page may have met damage reading to show itself

    def _rebuild_go_to(self) -> None:
        menu = self.menu.go_to
        for action in self.menu.page_actions:
            self.removeAction(action)
        menu.clear()
        self.menu.page_actions.clear()
        for number, spec in enumerate(self._specs, start=1):
            action = QAction(spec.title, self)
            if number <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, k=spec.key: self.show_page(k, focus=True))
            menu.addAction(action)
            self.addAction(action)
            self.menu.page_actions.append(action)

    def open_night(self, day: date) -> None:
        """History → open: the entry page loads that night for editing (an unsaved edit
        there is first saved or discarded as the user says)."""
        page = self.page("night")
        if self.model.diary.damage is not None:  # the night cannot be read; the form stays
            self.statusBar().showMessage(f"That night cannot be opened. {UNREADABLE_TEXT}")
        else:
            page.open_night(day)  # type: ignore[attr-defined]  # cancelled: the edit stays
        self.show_page("night")
        _focus_first(page)

    # -- the open diary ------------------------------------------------------------------

    def _after_diary_changed(self) -> None:
        diary = self.model.diary
        self._set_title()
        self.setWindowFilePath(str(diary.path))
        self._apply_lock()
        recent = self.settings.recent_diaries()
        if not diary.read_only and not self.demo and recent[:1] != [diary.path.absolute()]:
            self.settings.add_recent(diary.path)  # a write to the settings file: only when new

    def _set_unsaved(self, unsaved: bool) -> None:
        self._unsaved = unsaved
        self._set_title()

    def _set_title(self) -> None:
        diary = self.model.diary
        self.setWindowTitle(window_title(diary.path, diary.read_only, self.demo, self._unsaved))

    def resolve_unsaved(self) -> bool:
        """Every page's unsaved edit saved or discarded as the user says; False: cancelled."""
        for key, page in self._pages.items():
            resolve = getattr(page, "resolve_unsaved", None)
            if callable(resolve) and getattr(page, "has_unsaved_changes", lambda: False)():
                self.show_page(key)
                if not resolve():
                    return False
        return True

    # -- Edit menu -----------------------------------------------------------------------

    def undo(self) -> None:
        self._undo_redo(self.model.undo, "Undo")

    def redo(self) -> None:
        self._undo_redo(self.model.redo, "Redo")

    def _undo_redo(self, step: Callable[[], None], what: str) -> None:
        stack = self.model.undo_stack
        text = stack.undoText() if what == "Undo" else stack.redoText()
        try:
            step()
        except KnownError as exc:
            self.ask.error(self, what, exc)
            self._check_damage()
            return
        if text:
            self.statusBar().showMessage(f"{what}: {text}", 8000)

    def _update_undo(self) -> None:
        stack = self.model.undo_stack
        writable = self._writable()
        self.menu.undo.setEnabled(writable and stack.canUndo())
        self.menu.redo.setEnabled(writable and stack.canRedo())
        self.menu.undo.setText(f"&Undo {stack.undoText()}".strip())
        self.menu.redo.setText(f"&Redo {stack.redoText()}".strip())

    # -- View and Help -------------------------------------------------------------------

    def set_text_size(self, percent: int) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        text_size.apply_text_size(app, percent)
        self.settings.set_text_size(percent)
        self._sync_text_size_menu()

    def step_text_size(self, step: int) -> None:
        self.set_text_size(text_size.next_size(self.settings.text_size(), step))

    def _sync_text_size_menu(self) -> None:
        current = self.settings.text_size()
        for percent, action in self.menu.text_sizes.items():
            action.setChecked(percent == current)

    def show_about(self) -> None:
        from diary.ui.dialogs.about import AboutDialog

        AboutDialog(self).exec()

    # -- closing -------------------------------------------------------------------------

    def _commit_pending(self) -> None:
        """Store what is typed in fields that save on leaving them (nothing is lost)."""
        for page in self._pages.values():
            commit = getattr(page, "commit_pending", None)
            if callable(commit):
                commit()

    def attach_reminder(self, reminder: EveningReminder) -> None:
        """Give the window the evening reminder, so View → Evening reminder… can set it."""
        self.reminder = reminder
        self.menu.reminder.setEnabled(True)
        reminder.open_night_entry.connect(self.show_night_entry)

    def show_night_entry(self) -> None:
        """Bring the window forward on the night entry (the reminder was clicked)."""
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.show_page("night", focus=True)

    def show_reminder_settings(self) -> None:
        if self.reminder is None:
            return
        from diary.ui.reminder_dialog import ReminderDialog

        ReminderDialog(self.reminder, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.model.diary.closed and not self.resolve_unsaved():
            event.ignore()
            return
        self._commit_pending()
        self.settings.set_geometry(self.saveGeometry())
        if not self.model.diary.closed:
            stack = self.model.undo_stack
            for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.indexChanged):
                signal.disconnect(self._update_undo)
            self.model.diary.close()
        super().closeEvent(event)


def _focus_first(page: QWidget) -> None:
    """Put the keyboard focus on the page's first focusable input."""
    focus = getattr(page, "focus_first", None)
    if callable(focus):
        focus()
        return
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if (
            page.isAncestorOf(widget)
            and widget.isVisibleTo(page)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = widget.nextInFocusChain()
