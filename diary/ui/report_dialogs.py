"""File → Print preview…, Print…, Export PDF…: choose the period and paper, then one painter.

Preview, printer and PDF all go through `ReportDocument.paint`, so what the preview shows
is what prints and what the PDF holds.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from diary.errors import KnownError
from diary.records import DiaryContents
from diary.report.document import (
    Paper,
    ReportDocument,
    default_period,
    page_layout,
    write_pdf,
)
from diary.report.layout import Typeface
from diary.report.sizes import SLEEP_DIARY_WEEKS, TEXT_SIZES
from diary.ui.dialogs.ask import Ask

# (label, days back from the diary's last date; None = the whole diary)
PRESETS: tuple[tuple[str, int | None], ...] = (
    ("Last 3 months", 91),
    ("Last 6 months", 182),
    ("Last year", 365),
    ("The whole diary", None),
    ("Chosen dates", -1),
)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ReportOptions(QDialog):
    """The period (a preset or two dates) and the paper size."""

    def __init__(
        self, parent: QWidget | None, contents: DiaryContents, today: date, action: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{action} the report")
        whole = default_period(contents, today)
        self._first, self._last = whole.start, whole.end
        self.preset = QComboBox()
        for label, _days in PRESETS:
            self.preset.addItem(label)
        self.start = QDateEdit(_qdate(self._first))
        self.end = QDateEdit(_qdate(self._last))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.paper = QComboBox()
        for paper in Paper:
            self.paper.addItem(paper.label, paper.value)
        self.sleep_diary = QComboBox()
        self.sleep_diary.addItem("None", 0)
        for weeks in SLEEP_DIARY_WEEKS:
            self.sleep_diary.addItem(f"The last {weeks} weeks", weeks)
        self.text_size = QComboBox()
        for percent in TEXT_SIZES:
            self.text_size.addItem(f"{percent} %", percent)
        form = QFormLayout()
        form.addRow("&Period:", self.preset)
        form.addRow("&From:", self.start)
        form.addRow("&To:", self.end)
        form.addRow("P&aper:", self.paper)
        form.addRow("&Sleep diary pages:", self.sleep_diary)
        form.addRow("Te&xt size:", self.text_size)
        note = QLabel(
            "Page 1 sums up the period; the pages after it list every blood test, infusion, "
            "venesection, medicine change and the night notes marked “for my doctor”. The "
            "sleep diary pages show the chosen weeks day by day, two weeks a page."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)
        self.preset.setCurrentIndex(3)
        self._apply_preset(3)

    def _apply_preset(self, index: int) -> None:
        days = PRESETS[index][1]
        if days is None or days < 0:
            if days is None:
                self._set_dates(self._first, self._last)
            return
        self._set_dates(max(self._first, self._last - timedelta(days - 1)), self._last)

    def _set_dates(self, start: date, end: date) -> None:
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _dates_edited(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(len(PRESETS) - 1)
        self.preset.blockSignals(False)

    def period(self) -> tuple[date, date]:
        a, b = _pydate(self.start.date()), _pydate(self.end.date())
        return (a, b) if a <= b else (b, a)

    def chosen_paper(self) -> Paper:
        return Paper(self.paper.currentData())

    def sleep_diary_weeks(self) -> int:
        return int(self.sleep_diary.currentData())

    def chosen_face(self) -> Typeface:
        return Typeface(percent=int(self.text_size.currentData()))


def make_printer(paper: Paper) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(paper))
    printer.setDocName("RLS Diary report")
    return printer


def preview_dialog(
    parent: QWidget | None, document: ReportDocument, paper: Paper
) -> QPrintPreviewDialog:
    """A preview dialog (not yet shown) painting `document` on a printer set to `paper`."""
    printer = make_printer(paper)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print preview: RLS Diary report")
    dialog.paintRequested.connect(document.paint)
    dialog._printer = printer  # type: ignore[attr-defined]  # keep it alive with the dialog
    return dialog


def _ask_options(
    parent: QWidget | None, contents: DiaryContents, today: date, action: str
) -> tuple[ReportDocument, Paper] | None:
    options = ReportOptions(parent, contents, today, action)
    if options.exec() != QDialog.DialogCode.Accepted:
        return None
    start, end = options.period()
    document = ReportDocument(
        contents,
        start,
        end,
        today,
        sleep_diary_weeks=options.sleep_diary_weeks(),
        face=options.chosen_face(),
    )
    return document, options.chosen_paper()


def print_preview(parent: QWidget | None, contents: DiaryContents, today: date) -> None:
    chosen = _ask_options(parent, contents, today, "Preview")
    if chosen is not None:
        preview_dialog(parent, *chosen).exec()


def print_report(parent: QWidget | None, contents: DiaryContents, today: date) -> None:
    chosen = _ask_options(parent, contents, today, "Print")
    if chosen is None:
        return
    document, paper = chosen
    printer = make_printer(paper)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        document.paint(printer)


def export_pdf(
    parent: QWidget | None, contents: DiaryContents, today: date, ask: Ask
) -> Path | None:
    chosen = _ask_options(parent, contents, today, "Export")
    if chosen is None:
        return None
    document, paper = chosen
    name = f"rls-diary-report-{document.content.end.isoformat()}.pdf"
    path = ask.save_path(parent, "Export the report as PDF", Path.home() / name, "PDF (*.pdf)")
    if path is None:
        return None
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    try:
        pages = write_pdf(document, path, paper)
    except KnownError as exc:
        ask.error(parent, "Export PDF", exc)
        return None
    ask.info(parent, "Export PDF", f"The report ({pages} pages) was saved to {path}.")
    return path
