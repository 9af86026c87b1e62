"""The menu bar: File, Edit, View, Help, wired to the window's handlers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, Protocol

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from diary.ui.desktop import add_log_folder_action
from diary.ui.settings import TEXT_SIZES


class MenuOwner(Protocol):
    """What the menus call on the window (the main window is one; menus never import it)."""

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 (Qt's name)
    def new_diary(self) -> None: ...
    def choose_and_open(self) -> None: ...
    def fill_recent_menu(self) -> None: ...
    def import_csv(self) -> None: ...
    def export_csv(self) -> None: ...
    def open_report(self, how: str) -> None: ...
    def backup_now(self) -> Path | None: ...
    def restore_backup(self) -> None: ...
    def check_diary(self) -> None: ...
    def close(self) -> bool: ...
    def undo(self) -> None: ...
    def redo(self) -> None: ...
    def set_text_size(self, percent: int) -> None: ...
    def step_text_size(self, step: int) -> None: ...
    def show_reminder_settings(self) -> None: ...
    def show_about(self) -> None: ...


class MenuActions(NamedTuple):
    """Every menu action, by name, so the window (and tests) can reach them."""

    new: QAction
    open: QAction
    recent: QMenu
    import_: QAction
    export: QAction
    print_preview: QAction
    print_: QAction
    export_pdf: QAction
    backup: QAction
    restore: QAction
    check: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    text_sizes: dict[int, QAction]
    larger: QAction
    smaller: QAction
    go_to: QMenu
    page_actions: list[QAction]  # Go to's, one per page (the window fills it)
    reminder: QAction
    about: QAction
    log_folder: QAction


Keys = QKeySequence.StandardKey | str | list[QKeySequence] | None


def _action(menu: QMenu, text: str, slot: Callable[[], object], shortcut: Keys = None) -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(slot)
    if isinstance(shortcut, list):
        action.setShortcuts(shortcut)
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    return action


def _with(standard: QKeySequence.StandardKey, extra: str) -> list[QKeySequence]:
    """The platform's keys for `standard`, plus `extra` unless the platform already has it."""
    keys = list(QKeySequence.keyBindings(standard))
    if QKeySequence(extra) not in keys:
        keys.append(QKeySequence(extra))
    return keys


def build_menus(w: MenuOwner) -> MenuActions:
    bar = w.menuBar()
    std = QKeySequence.StandardKey

    file = bar.addMenu("&File")
    new = _action(file, "&New diary…", w.new_diary, std.New)
    open_ = _action(file, "&Open diary…", w.choose_and_open, std.Open)
    recent = file.addMenu("Open &recent")
    recent.aboutToShow.connect(w.fill_recent_menu)
    file.addSeparator()
    import_ = _action(file, "&Import…", w.import_csv, "Ctrl+I")
    export = _action(file, "&Export…", w.export_csv, "Ctrl+E")
    file.addSeparator()
    preview = _action(file, "Print pre&view…", lambda: w.open_report("preview"))
    print_ = _action(file, "&Print…", lambda: w.open_report("print"), std.Print)
    export_pdf = _action(file, "Export P&DF…", lambda: w.open_report("pdf"))
    file.addSeparator()
    backup = _action(file, "&Back up now", w.backup_now, "Ctrl+B")
    restore = _action(file, "Re&store from a backup…", w.restore_backup)
    check = _action(file, "&Check diary", w.check_diary)
    file.addSeparator()
    quit_ = _action(file, "&Quit", w.close, std.Quit)
    if quit_.shortcut().isEmpty():
        quit_.setShortcut(QKeySequence("Ctrl+Q"))

    edit = bar.addMenu("&Edit")
    undo = _action(edit, "&Undo", w.undo, std.Undo)
    redo = _action(edit, "&Redo", w.redo, _with(std.Redo, "Ctrl+Y"))

    view = bar.addMenu("Vie&w")  # Alt+V stays free for the Value field on Blood tests
    sizes = view.addMenu("&Text size")
    group = QActionGroup(bar)
    text_sizes: dict[int, QAction] = {}
    for percent in TEXT_SIZES:
        action = sizes.addAction(f"{percent} %")
        action.setCheckable(True)
        group.addAction(action)
        action.triggered.connect(lambda _checked=False, p=percent: w.set_text_size(p))
        text_sizes[percent] = action
    sizes.addSeparator()
    larger = _action(
        sizes, "&Larger text", lambda: w.step_text_size(1), _with(std.ZoomIn, "Ctrl+=")
    )
    smaller = _action(sizes, "&Smaller text", lambda: w.step_text_size(-1), std.ZoomOut)
    go_to = view.addMenu("&Go to")
    view.addSeparator()
    reminder = _action(view, "Evening &reminder…", w.show_reminder_settings)
    reminder.setEnabled(False)  # until the app attaches its reminder (not in tests)

    help_ = bar.addMenu("&Help")
    about = _action(help_, "&About RLS Diary", w.show_about)
    log_folder = add_log_folder_action(help_)

    return MenuActions(
        new=new,
        open=open_,
        recent=recent,
        import_=import_,
        export=export,
        backup=backup,
        restore=restore,
        check=check,
        quit=quit_,
        undo=undo,
        redo=redo,
        text_sizes=text_sizes,
        larger=larger,
        smaller=smaller,
        go_to=go_to,
        page_actions=[],
        about=about,
        print_preview=preview,
        print_=print_,
        export_pdf=export_pdf,
        reminder=reminder,
        log_folder=log_folder,
    )
