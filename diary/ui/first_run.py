"""The welcome shown when there is no diary yet: create one, import a CSV export, or the demo."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QApplication,
    QCommandLinkButton,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from diary.errors import KnownError
from diary.paths import default_diary_path
from diary.records import Profile
from diary.store import validation
from diary.store.csv_exchange import CsvImportError, read_import
from diary.store.gateway import Diary
from diary.store.lock import lock_path_for
from diary.ui.dialogs.ask import Ask
from diary.ui.dialogs.exchange import import_source, summary

CREATE, IMPORT, DEMO = "create", "import", "demo"
DEMO_FILE_NAME = "demo-patient.sqlite"


@dataclass(frozen=True)
class FirstRunResult:
    """Which diary to open, and whether it is the demo (the window title should say DEMO)."""

    choice: str
    path: Path
    demo: bool = False
    temp_dir: Path | None = None
    summary: tuple[str, ...] = ()

    def cleanup(self) -> None:
        """Delete the demo's temporary copy; call after its diary is closed."""
        if self.demo and self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)


def needs_first_run(path: Path | None = None) -> bool:
    """True when there is no diary at `path` (default: the default diary) yet, nor any
    backup or moved-aside file of one (those are offered when the diary is opened)."""
    from diary.store import backup, database

    path = path or default_diary_path()
    return not path.exists() and not backup.list_backups(path) and not database.moved_aside(path)


def _remove_new_diary(path: Path) -> None:
    """Remove a diary this dialog has just created (never one that was there before)."""
    for leftover in (
        path,
        *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")),
        lock_path_for(path),
    ):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


class FirstRunDialog(QDialog):
    """Three ways to start. After `exec()` is accepted, `result_value` says what to open."""

    def __init__(
        self,
        diary_path: Path | None = None,
        parent: QWidget | None = None,
        *,
        ask: Ask | None = None,
        today: Callable[[], date] = date.today,
        demo_parent_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.diary_path = Path(diary_path or default_diary_path())
        self.ask = ask or Ask()
        self._today = today
        self._demo_parent_dir = demo_parent_dir
        self.result_value: FirstRunResult | None = None
        self.import_path: Path | None = None
        self.setWindowTitle("Welcome to RLS Diary")

        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

        self._backs: dict[QPushButton, QPushButton] = {}
        self.choices = self._choices_page()
        self.create_page = self._create_page()
        self.import_page = self._import_page()
        for page in (self.choices, self.create_page, self.import_page):
            self.pages.addWidget(page)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    # -- pages ---------------------------------------------------------------------------

    def _choices_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        title = QLabel("Welcome to RLS Diary")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        box.addWidget(title)
        intro = QLabel("There is no diary on this computer yet. How would you like to start?")
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.create_button = QCommandLinkButton(
            "Create my diary", "Start a new, empty diary for your own nights and blood tests."
        )
        self.import_button = QCommandLinkButton(
            "Import a CSV export",
            "Bring in a diary exported from RLS Diary (a folder of CSV files or a .zip).",
        )
        self.demo_button = QCommandLinkButton(
            "Explore the demo patient",
            "Look around two years of a fictional patient. It is a temporary copy: "
            "nothing you do there touches your own diary.",
        )
        self.create_button.clicked.connect(lambda: self._go(self.create_page))
        self.import_button.clicked.connect(lambda: self._go(self.import_page))
        self.demo_button.clicked.connect(self.start_demo)
        for button in (self.create_button, self.import_button, self.demo_button):
            box.addWidget(button)
        where = QLabel(f"Your diary will be kept in {self.diary_path}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(where)
        box.addStretch(1)
        return page

    def _create_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(QLabel("<b>Create my diary</b>"))
        note = QLabel("Both are optional; they appear at the top of the printed report.")
        note.setWordWrap(True)
        box.addWidget(note)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(validation.MAX_NAME)
        self.name_edit.setAccessibleName("Your name")
        self.birth_year_edit = QLineEdit()
        self.birth_year_edit.setPlaceholderText("for example 1961")
        self.birth_year_edit.setValidator(QIntValidator(0, 9999, self.birth_year_edit))
        self.birth_year_edit.setAccessibleName("Birth year")
        form.addRow("Your &name:", self.name_edit)
        form.addRow("&Birth year:", self.birth_year_edit)
        box.addLayout(form)
        self.create_confirm = QPushButton("Create my diary")
        self.create_confirm.setDefault(True)
        self.create_confirm.clicked.connect(self.create_diary)
        box.addLayout(self._back_row(self.create_confirm))
        self._confirm_first(self.create_confirm)
        box.addStretch(1)
        return page

    def _import_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(QLabel("<b>Import a CSV export</b>"))
        note = QLabel(
            "Choose the .zip or the folder that RLS Diary's File → Export wrote. "
            "If anything in it is wrong, nothing is created and every problem is listed."
        )
        note.setWordWrap(True)
        box.addWidget(note)
        pick = QHBoxLayout()
        self.pick_file_button = QPushButton("Choose a .zip or CSV file…")
        self.pick_folder_button = QPushButton("Choose a folder…")
        self.pick_file_button.clicked.connect(self._pick_file)
        self.pick_folder_button.clicked.connect(self._pick_folder)
        pick.addWidget(self.pick_file_button)
        pick.addWidget(self.pick_folder_button)
        box.addLayout(pick)
        self.source_label = QLabel("Nothing chosen yet.")
        self.source_label.setWordWrap(True)
        box.addWidget(self.source_label)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Problems found in the import")
        self.problems.hide()
        box.addWidget(self.problems)
        self.import_confirm = QPushButton("Import and create my diary")
        self.import_confirm.setEnabled(False)
        self.import_confirm.clicked.connect(self.import_diary)
        box.addLayout(self._back_row(self.import_confirm))
        self._confirm_first(self.import_confirm)
        return page

    def _back_row(self, confirm: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        back = QPushButton("Back")
        back.setAutoDefault(False)  # Return in a field means the step forward, never Back
        back.clicked.connect(lambda: self._go(self.choices))
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(confirm)
        self._backs[confirm] = back
        return row

    def _confirm_first(self, confirm: QPushButton) -> None:
        """Tab reaches the step forward before "Back" (once both are in the page)."""
        QWidget.setTabOrder(confirm, self._backs[confirm])

    def _go(self, page: QWidget) -> None:
        self._say("")
        self.pages.setCurrentWidget(page)
        for confirm in self._backs:
            if page.isAncestorOf(confirm):
                confirm.setDefault(True)  # Return in the page's fields acts

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- the three choices ---------------------------------------------------------------

    def _refuse_existing(self) -> bool:
        if self.diary_path.exists():
            self._say(
                f"There is already a diary at {self.diary_path}; it was left as it is. "
                "Close this window to open it."
            )
            return True
        return False

    def create_diary(self) -> None:
        """ "Create my diary": a new diary at the default path with the profile typed."""
        name = self.name_edit.text().strip()
        year_text = self.birth_year_edit.text().strip()
        this_year = self._today().year
        birth_year = int(year_text) if year_text else None
        if birth_year is not None and not 1900 <= birth_year <= this_year:
            self._say(f"The birth year must be between 1900 and {this_year}, or left empty.")
            self.birth_year_edit.setFocus()
            return
        if self._refuse_existing():
            return
        try:
            diary = Diary.open(self.diary_path, create=True, today=self._today)
        except KnownError as exc:
            self._say(str(exc))
            return
        try:
            diary.set_profile(Profile(name=name, birth_year=birth_year))
        except KnownError as exc:
            diary.close()
            _remove_new_diary(self.diary_path)
            self._say(str(exc))
            return
        diary.close()
        self._finish(FirstRunResult(CREATE, self.diary_path))

    def _pick_file(self) -> None:
        picked = self.ask.open_path(
            self, "Import a CSV export", Path.home(), "Diary export (*.zip *.csv);;All files (*)"
        )
        if picked is not None:
            self.set_import_source(import_source(picked))

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose the export folder", str(Path.home())
        )
        if folder:
            self.set_import_source(Path(folder))

    def set_import_source(self, path: Path) -> None:
        self.import_path = Path(path)
        self.source_label.setText(f"To import: {self.import_path}")
        self.import_confirm.setEnabled(True)
        self.problems.hide()
        self._say("")

    def import_diary(self) -> None:
        """ "Import a CSV export": read it all first; only a clean import creates the diary."""
        if self.import_path is None or self._refuse_existing():
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            outcome = self._import(self.import_path)
        finally:
            QApplication.restoreOverrideCursor()
        if outcome is not None:
            self._finish(outcome)

    def _import(self, source: Path) -> FirstRunResult | None:
        try:
            contents = read_import(source, today=self._today())
        except CsvImportError as exc:
            self._show_problems(exc.message, exc.problems)
            return None
        except KnownError as exc:
            self._show_problems(str(exc), [])
            return None
        try:
            diary = Diary.open(self.diary_path, create=True, today=self._today)
        except KnownError as exc:
            self._show_problems(str(exc), [])
            return None
        try:
            report = diary.import_contents(contents)
        except KnownError as exc:
            diary.close()
            _remove_new_diary(self.diary_path)
            lines = [str(p) for p in getattr(exc, "problems", [])]
            self._show_problems(f"Nothing was imported: {exc}", lines)
            return None
        except BaseException:
            diary.close()
            _remove_new_diary(self.diary_path)
            raise
        diary.close()
        return FirstRunResult(IMPORT, self.diary_path, summary=tuple(summary(report)))

    def _show_problems(self, headline: str, problems: list[str]) -> None:
        self._say(headline)
        self.problems.setPlainText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    def start_demo(self) -> None:
        """ "Explore the demo patient": a fresh demo diary in a temporary folder."""
        from diary.demo import write_demo

        temp_dir = Path(tempfile.mkdtemp(prefix="rls-diary-demo-", dir=self._demo_parent_dir))
        path = temp_dir / DEMO_FILE_NAME
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_demo(path)
        except KnownError as exc:
            shutil.rmtree(temp_dir, ignore_errors=True)
            self._say(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self._finish(FirstRunResult(DEMO, path, demo=True, temp_dir=temp_dir))

    def _finish(self, result: FirstRunResult) -> None:
        self.result_value = result
        self.accept()


def run_first_run(
    parent: QWidget | None = None, diary_path: Path | None = None
) -> FirstRunResult | None:
    """Show the welcome; None when the user closed it without choosing."""
    dialog = FirstRunDialog(diary_path, parent)
    dialog.exec()
    return dialog.result_value
