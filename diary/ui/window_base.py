"""What every part of the main window shares: the open diary, the menus, the pages built."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from diary.store.gateway import Diary
from diary.ui.dialogs.ask import Ask
from diary.ui.diary_model import DiaryModel
from diary.ui.menus import MenuActions
from diary.ui.settings import AppSettings


class WindowBase(QMainWindow):
    """The main window's state, for the parts that lock it (`window_lock`) and open, back
    up and restore diaries (`window_files`); `main_window` builds it."""

    model: DiaryModel
    settings: AppSettings
    ask: Ask
    demo: bool
    menu: MenuActions
    banner: QLabel
    _today: Callable[[], date] | None
    _pages: dict[str, QWidget]
    _unreadable: dict[str, QWidget]  # stand-ins for pages a damaged diary could not build

    @property
    def diary(self) -> Diary:
        return self.model.diary

    if TYPE_CHECKING:  # one part calls another; each is defined in its own module

        def _commit_pending(self) -> None: ...

        def _after_diary_changed(self) -> None: ...

        def _update_undo(self) -> None: ...

        def resolve_unsaved(self) -> bool: ...

        def _check_damage(self) -> None: ...

        def page(self, key: str) -> QWidget: ...

        def _holder(self, key: str) -> QVBoxLayout: ...

        def current_key(self) -> str: ...
