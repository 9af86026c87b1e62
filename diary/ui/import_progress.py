"""The progress dialog of a long import: reading the file, then adding to the diary, with Cancel."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

# The bar runs once from 0 to STEPS: the first half while the file is read, the second
# while its records are written.
STEPS = 1000
_HALF = STEPS // 2


class ImportProgress:
    """A modal progress dialog, shown only when the import takes more than a moment.

    `reading` and `writing` are the callbacks of `read_import` and `Diary.import_contents`:
    each returns False once the user has pressed Cancel, which makes the store stop and
    leave the diary as it was.
    """

    show_after_ms = 400

    def __init__(self, parent: QWidget | None, source_name: str) -> None:
        self._source = source_name
        self._closed = False
        self.dialog = QProgressDialog("Preparing the import…", "Cancel", 0, STEPS, parent)
        self.dialog.setWindowTitle("Importing")
        self.dialog.setAccessibleName("Import progress")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(self.show_after_ms)
        self.dialog.setMinimumWidth(self.dialog.fontMetrics().averageCharWidth() * 60)
        self.dialog.setValue(0)  # starts the clock for minimumDuration

    def reading(self, done: int, total: int) -> bool:
        about = max(total, done, 1)
        self.dialog.setLabelText(f"Reading {self._source}: {done:,} of about {about:,} rows…")
        return self._step(_HALF * done // about)

    def writing(self, done: int, total: int) -> bool:
        self.dialog.setLabelText(
            f"Adding to the diary: {done:,} of {total:,} records…"
            if total
            else "Adding to the diary…"
        )
        return self._step(_HALF + (_HALF * done // total if total else _HALF))

    def _step(self, value: int) -> bool:
        if self.dialog.wasCanceled():  # Cancel hid the dialog; do not bring it back
            return False
        # Keep the bar moving forward only (the reader's row count is an estimate).
        self.dialog.setValue(max(value, self.dialog.value()))
        # Until the dialog is up (and modal), keep the window's keys and clicks queued so
        # nothing else can change the diary during the import; once it is up, Cancel works.
        if self.dialog.isVisible():
            QApplication.processEvents()
        else:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        return not self.dialog.wasCanceled()

    def finish(self) -> None:
        """Show the bar full (the caller closes the dialog)."""
        if not self.dialog.wasCanceled():
            self.dialog.setLabelText("Import finished.")
            self.dialog.setValue(STEPS)

    def close(self) -> None:
        """Close the dialog (again is harmless)."""
        if not self._closed:
            self._closed = True
            self.dialog.close()
            self.dialog.deleteLater()
