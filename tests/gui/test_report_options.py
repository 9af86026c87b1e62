"""The report dialog's sleep-diary and text-size choices reach the printed pages."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from diary.demo import generate_contents
from diary.ui.report_dialogs import ReportOptions, export_pdf
from tests.gui.conftest import ScriptedAsk

END = date(2026, 3, 1)


@pytest.mark.parametrize(("weeks", "percent"), [(0, 100), (2, 150), (4, 125)])
def test_sleep_diary_and_text_size_are_printed_as_chosen(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, weeks: int, percent: int
) -> None:
    contents = generate_contents(seed=1, years=1, end=END)

    def choose(self: ReportOptions) -> int:
        self.sleep_diary.setCurrentIndex(self.sleep_diary.findData(weeks))
        self.text_size.setCurrentIndex(self.text_size.findData(percent))
        return ReportOptions.DialogCode.Accepted

    monkeypatch.setattr(ReportOptions, "exec", choose)
    path = export_pdf(None, contents, END, ScriptedAsk(tmp_path / "for-gp"))
    assert path is not None
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [" ".join(p.split()) for p in text.split("\f")[:-1]]
    found = re.findall(r"Sleep diary, \d+ \w+ \d{4} to \d+ \w+ \d{4}( \(continued\))?", text)
    assert len([c for c in found if not c]) == weeks  # each week once, besides continuations
    if percent == 100:  # two weeks a page, as the paper diary (larger text may need more)
        assert sum(1 for p in pages if "Sleep diary, " in p) == weeks // 2
    sizes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first_word = next(line for line in sizes.splitlines() if "<word" in line)
    y0 = float(first_word.split('yMin="')[1].split('"')[0])
    y1 = float(first_word.split('yMax="')[1].split('"')[0])
    # The running head is 9 pt bold at 100 %: its line box grows with the chosen size.
    assert (y1 - y0) == pytest.approx(10.5 * percent / 100, rel=0.12)
