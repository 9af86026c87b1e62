"""Read-only and damaged diaries: the banner that says why, and no page taking an edit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from diary.ui.window_base import WindowBase

READ_ONLY_TEXT = (
    "Read-only: this diary is open in another window, so nothing can be changed here. "
    "Close it there and open it again to make changes."
)
DAMAGED_TEXT = (
    "This diary file was found damaged ({detail}), so nothing more is saved to it. What "
    "you typed stays on screen. Use File → Check diary, then File → Restore from a backup."
)

UNREADABLE_TEXT = (
    "This diary cannot be read until it is checked: File → Check diary, or File → Restore "
    "from a backup."
)


class WindowLock(WindowBase):
    """Greys the window out for writing while the diary is read-only or found damaged."""

    def _check_damage(self) -> None:
        """Grey the window out for writing once the diary met damage during the session."""
        if self.model.diary.damage is not None and self.banner.text() == READ_ONLY_TEXT:
            self._apply_lock()

    def _writable(self) -> bool:
        diary = self.model.diary
        return not diary.read_only and diary.damage is None

    def _apply_lock(self) -> None:
        """Read-only, or damaged: no page takes an edit, and the banner says why."""
        diary = self.model.diary
        damaged = diary.damage is not None and not diary.read_only
        self.banner.setText(DAMAGED_TEXT.format(detail=diary.damage) if damaged else READ_ONLY_TEXT)
        self.banner.setAccessibleName("Damage notice" if damaged else "Read-only notice")
        self.banner.setVisible(not self._writable())
        self.menu.import_.setEnabled(self._writable())
        self.menu.restore.setEnabled(not diary.read_only)  # the way out of damage
        self.menu.backup.setEnabled(diary.damage is None)  # a damaged file is never copied
        for page in self._pages.values():
            self._apply_read_only(page)
        self._update_undo()
        if diary.damage is None and self._unreadable:
            self._drop_unreadable()

    def _unreadable_page(self, key: str) -> QWidget:
        """What stands for a page that cannot be built from a damaged diary (every read is
        refused): the damage banner above, and this plain way out."""
        stand_in = self._unreadable.get(key)
        if stand_in is None:
            stand_in = QLabel(UNREADABLE_TEXT)
            stand_in.setWordWrap(True)
            stand_in.setMargin(12)
            stand_in.setAlignment(Qt.AlignmentFlag.AlignTop)
            stand_in.setAccessibleName("Page cannot be read")
            self._holder(key).addWidget(stand_in)
            self._unreadable[key] = stand_in
        return stand_in

    def _drop_unreadable(self) -> None:
        """A readable diary again (restored, or another one opened): the real pages are
        built in place of the stand-ins, the shown one now, the others when shown."""
        for stand_in in self._unreadable.values():
            stand_in.hide()
            stand_in.deleteLater()
        self._unreadable.clear()
        self.page(self.current_key())

    def _apply_read_only(self, page: QWidget) -> None:
        read_only = not self._writable()
        setter = getattr(page, "set_read_only", None)
        if callable(setter):
            setter(read_only)
        else:  # a page without its own read-only mode is greyed out
            page.setEnabled(not read_only)
