"""The report in the window: the preview shows the PDF's pages; the dialog picks the period."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrintPreviewWidget

from diary.demo import generate_contents
from diary.records import DiaryContents
from diary.report.document import Paper, ReportDocument, write_pdf
from diary.ui.report_dialogs import PRESETS, ReportOptions, export_pdf, preview_dialog
from tests.gui.conftest import ScriptedAsk

END = date(2026, 3, 1)


@pytest.fixture(scope="module")
def contents() -> DiaryContents:
    return generate_contents(seed=1, years=1, end=END)


@pytest.mark.needs_tool("pdfinfo")
@pytest.mark.parametrize("paper", list(Paper))
def test_preview_shows_as_many_pages_as_the_pdf(
    qtbot: Any, contents: DiaryContents, tmp_path: Path, paper: Paper
) -> None:
    document = ReportDocument(contents, END - timedelta(days=364), END, END)
    pdf_pages = write_pdf(document, tmp_path / "r.pdf", paper)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert f"Pages: {pdf_pages}" in " ".join(info.split())
    dialog = preview_dialog(None, document, paper)
    qtbot.addWidget(dialog)
    dialog.show()
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pageCount() > 0, timeout=5000)
    assert preview.pageCount() == pdf_pages >= 2
    dialog.close()


def test_options_presets_set_the_period(qtbot: Any, contents: DiaryContents) -> None:
    options = ReportOptions(None, contents, END, "Export")
    qtbot.addWidget(options)
    first = contents.nights[0].date
    assert options.period() == (first, END)  # the whole diary by default
    options.preset.setCurrentIndex([p[0] for p in PRESETS].index("Last 3 months"))
    assert options.period() == (END - timedelta(days=90), END)
    options.end.setDate(options.end.date().addDays(-10))
    assert options.preset.currentText() == "Chosen dates"
    assert options.period() == (END - timedelta(days=90), END - timedelta(days=10))
    options.paper.setCurrentIndex(1)
    assert options.chosen_paper() is Paper.LETTER


@pytest.mark.needs_tool("pdftotext")
def test_export_pdf_writes_the_chosen_file(
    qtbot: Any, contents: DiaryContents, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReportOptions, "exec", lambda self: ReportOptions.DialogCode.Accepted)
    ask = ScriptedAsk(tmp_path / "for-gp")
    path = export_pdf(None, contents, END, ask)
    assert path == tmp_path / "for-gp.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    assert "was saved to" in ask.last("info").text
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Demo Patient" in " ".join(text.split())
