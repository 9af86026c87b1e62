"""File menu: opening another diary, import and export, reports, backups and restore."""

from __future__ import annotations

from pathlib import Path

from diary.errors import KnownError
from diary.store import backup
from diary.store.gateway import Diary
from diary.ui.dialogs.open_diary import nights_text, open_diary
from diary.ui.window_base import WindowBase


class WindowFiles(WindowBase):
    """The File menu's actions on the open diary and the diary file."""

    def switch_to(self, diary: Diary) -> None:
        """Show another open diary in this window; the previous one is closed."""
        self._commit_pending()
        self.model.replace_diary(diary)
        self._after_diary_changed()

    def open_path(self, path: Path, create: bool = False) -> bool:
        if not self.resolve_unsaved():
            return False
        path = Path(path).absolute()
        if path == self.model.diary.path:
            self.ask.info(self, "Open diary", f"{path.name} is the diary already open here.")
            return False
        diary = open_diary(path, self.ask, self, create=create, today=self._today)
        if diary is None:
            return False
        self.switch_to(diary)
        return True

    # -- File menu -----------------------------------------------------------------------

    def new_diary(self) -> None:
        start = self.model.diary.path.parent / "new-diary.sqlite"
        path = self.ask.save_path(self, "New diary", start, "RLS Diary (*.sqlite)")
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".sqlite")
        if path.exists():
            self.ask.info(
                self,
                "New diary",
                f"There is already a file at {path}.",
                "Choose another name, or use File → Open diary… to open it.",
            )
            return
        self.open_path(path, create=True)

    def choose_and_open(self) -> None:
        path = self.ask.open_path(
            self,
            "Open diary",
            self.model.diary.path.parent,
            "RLS Diary (*.sqlite);;All files (*)",
        )
        if path is not None:
            self.open_path(path)

    def fill_recent_menu(self) -> None:
        menu = self.menu.recent
        menu.clear()
        recent = [p for p in self.settings.recent_diaries() if p != self.model.diary.path]
        for path in recent:
            action = menu.addAction(f"{path.name}  ({path.parent})")
            action.triggered.connect(lambda _c=False, p=path: self.open_recent(p))
        if not recent:
            menu.addAction("No other diaries yet").setEnabled(False)

    def open_recent(self, path: Path) -> None:
        if not path.exists():
            self.settings.remove_recent(path)
            self.ask.info(self, "Open diary", f"There is no longer a diary at {path}.")
            return
        self.open_path(path)

    def import_csv(self) -> None:
        from diary.ui.dialogs.exchange import import_into

        self._commit_pending()
        import_into(self, self.model, self.ask)

    def export_csv(self) -> None:
        from diary.ui.dialogs.exchange import export_from

        self._commit_pending()
        export_from(self, self.model, self.ask)

    def open_report(self, how: str) -> None:
        """File → Print preview ("preview"), Print ("print") or Export PDF ("pdf")."""
        from diary.ui import report_dialogs

        self._commit_pending()  # an unsaved night belongs in the report
        contents, today = self.diary.contents(), self.diary.today()
        if how == "preview":
            report_dialogs.print_preview(self, contents, today)
        elif how == "print":
            report_dialogs.print_report(self, contents, today)
        else:
            report_dialogs.export_pdf(self, contents, today, self.ask)

    def backup_now(self) -> Path | None:
        self._commit_pending()
        try:
            path = self.model.diary.backup_now()
        except KnownError as exc:
            self.ask.error(self, "Back up now", exc)
            self._check_damage()
            return None
        self.ask.info(
            self,
            "Backup made",
            f"A checked copy of the diary was saved to {path}.",
            f"Backups are kept in {path.parent}; older ones are thinned out automatically.",
        )
        return path

    def check_diary(self) -> None:
        from diary.ui.dialogs.check import check_and_show

        self._commit_pending()
        self.model.diary.checkpoint()
        check_and_show(self, self.ask, self.model.diary.path)

    def restore_backup(self) -> None:
        from diary.store import recovery

        path = self.model.diary.path
        backups = backup.list_backups(path)
        if not backups:
            self.ask.info(self, "Restore from a backup", "This diary has no backups yet.")
            return
        chosen = self.ask.pick_backup(self, backups)
        if chosen is None:
            return
        self._commit_pending()
        self.model.diary.close()  # restore needs the file free; reopened below either way
        moved = None
        try:
            moved = recovery.restore(path, chosen.path)
            restored = True
        except KnownError as exc:
            self.ask.error(self, "Restore from a backup", exc)
            restored = False
        diary = open_diary(path, self.ask, self, create=False, today=self._today)
        if diary is None:
            self.close()
            return
        self.model.replace_diary(diary)
        self._after_diary_changed()
        if restored:
            kept = f" The diary as it was is kept at {moved}." if moved else ""
            self.ask.info(
                self,
                "Restore from a backup",
                f"Restored the backup from {backup.when(chosen)}."
                f" The diary now holds {nights_text(diary.counts().get('nights', 0))}.{kept}",
            )
