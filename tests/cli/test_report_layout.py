"""Every report page as poppler reads it: no text cut off, none overlapping, in two font sets.

Each test diary is printed with DejaVu Sans and with Liberation Sans (not whatever the
developer's machine prefers), at the normal and the largest text size. poppler renders
every page (pdftoppm) and lists every word with its box (pdftotext -bbox): every word of
every laid-out text must be in the PDF, inside the printable area, and no two words may
overlap.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from diary import DISCLAIMER
from diary.report.document import (
    MARGIN_MM,
    Paper,
    ReportDocument,
    chart_fonts,
    default_period,
    write_pdf,
)
from diary.report.layout import Text, Typeface
from diary.report.sizes import TEXT_SIZES
from tests.unit.report.patients import END, PATIENTS

FACES = {"DejaVu Sans": "DejaVuSans", "Liberation Sans": "LiberationSans"}
MARGIN_PT = MARGIN_MM / 25.4 * 72
Box = tuple[float, float, float, float, str]


def words_by_page(pdf: Path) -> list[list[Box]]:
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in root.iterfind(".//h:page", ns):
        pages.append(
            [
                (
                    float(w.get("xMin", 0)),
                    float(w.get("yMin", 0)),
                    float(w.get("xMax", 0)),
                    float(w.get("yMax", 0)),
                    unicodedata.normalize("NFKC", w.text or ""),  # ligatures: "ﬁ" -> "fi"
                )
                for w in page.iterfind("h:word", ns)
            ]
        )
    return pages


def overlapping(words: list[Box]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap (the font's line boxes trimmed a little, since
    ascent and descent of adjacent lines may touch without any ink meeting)."""
    boxes = []
    for x0, y0, x1, y1, text in words:
        trim = (y1 - y0) * 0.15
        boxes.append((x0 + 0.3, y0 + trim, x1 - 0.3, y1 - trim, text))
    boxes.sort(key=lambda b: b[1])
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b[1] >= a[3]:
                break
            if a[0] < b[2] and b[0] < a[2]:
                found.append((a[4], b[4]))
    return found


def page_size(paper: Paper) -> tuple[float, float]:
    return (595.0, 842.0) if paper is Paper.A4 else (612.0, 792.0)


CASES = [
    (patient, family, percent, Paper.A4)
    for patient in PATIENTS
    for family in FACES
    for percent in (TEXT_SIZES[0], TEXT_SIZES[-1])
] + [(patient, family, 100, Paper.LETTER) for patient in PATIENTS for family in FACES]


@pytest.mark.parametrize(
    ("patient", "family", "percent", "paper"),
    CASES,
    ids=[f"{p}-{f.split()[0]}-{s}-{paper.value}" for p, f, s, paper in CASES],
)
def test_no_text_is_cut_off_or_overlaps(
    qapp: Any, tmp_path: Path, patient: str, family: str, percent: int, paper: Paper
) -> None:
    contents = PATIENTS[patient]()
    period = default_period(contents, END)
    face = Typeface((family,), percent)
    document = ReportDocument(
        contents, period.start, period.end, END, sleep_diary_weeks=2, face=face
    )
    pdf = tmp_path / "report.pdf"
    count = write_pdf(document, pdf, paper)

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    embedded = {line.split()[0].split("+")[-1] for line in fonts.stdout.splitlines()[2:]}
    # The report's text in the chosen family; the charts' text in matplotlib's DejaVu Sans,
    # which the report hands to Qt, so it is painted in the font it was laid out in.
    assert chart_fonts() == ("DejaVu Sans", "DejaVu Sans")
    assert {FACES[family], f"{FACES[family]}-Bold"} <= embedded, embedded
    assert {name.split("-")[0] for name in embedded} <= {FACES[family], "DejaVuSans"}

    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == count

    width, height = page_size(paper)
    laid_out = document.pages_for_layout(document_layout(paper))
    pages = words_by_page(pdf)
    assert len(pages) == len(laid_out) == count
    last_word = DISCLAIMER.split()[-1]
    for n, (words, page) in enumerate(zip(pages, laid_out, strict=True), start=1):
        for x0, y0, x1, y1, text in words:
            inside = (
                x0 >= MARGIN_PT - 1
                and x1 <= width - MARGIN_PT + 1
                and y0 >= MARGIN_PT - 1
                and y1 <= height - MARGIN_PT + 1
            )
            assert inside, f"page {n}: {text!r} at {(x0, y0, x1, y1)} runs off the page"
        assert not overlapping(words), f"page {n}: {overlapping(words)[:5]}"
        printed = " ".join(w[4] for w in words)
        for item in page.items:
            if isinstance(item, Text):
                text = unicodedata.normalize("NFKC", item.text)
                for word in re.split(r"\s+|(?<=[-/])", text.strip()):  # Qt breaks after - and /
                    assert word in printed, f"page {n}: {word!r} of {item.text!r} is missing"
        footer = [w for w in words if w[4] == last_word]
        assert footer, f"page {n}: no footer"
        assert footer[-1][3] <= height - MARGIN_PT + 1, f"page {n}: footer cut"


def document_layout(paper: Paper) -> Any:
    from diary.report.document import page_layout

    return page_layout(paper)
