"""`rls-diary report` and `export --fhir` as a user runs them, checked in the files they write."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from diary import cli
from diary.analysis import analyse
from diary.demo import write_demo
from diary.report.content import build_content
from diary.report.text import day, num

END = date(2026, 3, 1)
needs_poppler = pytest.mark.needs_tool("pdftotext", "pdfinfo")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    write_demo(path, seed=1, years=2, end=END)
    return path


def run(*argv: str | Path) -> int:
    return cli.main([str(a) for a in argv])


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text in reading order (a tile's wrapped lines stay together; `-layout` would
    interleave them with the next tile's), pages split by form feeds."""
    pages = [] if first is None else ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(
        ["pdftotext", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def flat(text: str) -> str:
    """Whitespace normalised: how a tool wraps a line is no part of what the report says."""
    return " ".join(text.split())


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(
        (k.strip(), v.strip()) for k, v in (line.split(":", 1) for line in out.stdout.splitlines())
    )


@needs_poppler
@pytest.mark.parametrize(("paper", "size"), [("a4", "595 x 842 pts"), ("letter", "612 x 792 pts")])
def test_report_page_one_holds_the_summary(
    demo_path: Path, tmp_path: Path, paper: str, size: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.pdf"
    assert run("report", "--diary", demo_path, "--out", out, "--paper", paper) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[-1] == str(out)
    info = pdf_info(out)
    assert info["Page size"].startswith(size)
    assert f"{info['Pages']} pages" in printed

    from diary.store.gateway import Diary

    with Diary.open(demo_path, create=False, read_only=True) as diary:
        contents = diary.contents()
        today = diary.today()
    a = analyse(contents, today)
    page1 = flat(pdf_text(out, 1))
    assert "Demo Patient (born 1968)" in page1
    assert a.first_night is not None
    assert a.last_night is not None
    assert f"Period: {day(a.first_night)} to {day(a.last_night)}" in page1
    br = a.best_response
    assert br.ferritin is not None
    assert br.low is not None
    assert br.high is not None
    assert "Best-response ferritin" in page1
    assert f"{num(br.ferritin)} ng/mL" in page1
    detail = f"range {num(br.low)}–{num(br.high)}; {br.nights_used} nights"
    if br.worse_above is not None:
        detail += f"; worse again above about {num(br.worse_above)} ng/mL"
    if br.confounded is not None:  # the demo changes treatment while ferritin rises
        detail += "; spans a change of treatment"
    assert detail in page1
    content, _ = build_content(contents, a.first_night, a.last_night, today, a)
    tile = next(k for k in content.key_numbers if k.label == "Best-response ferritin")
    assert (tile.value, tile.detail) == (f"{num(br.ferritin)} ng/mL", detail)  # what is drawn
    bare = "".join(page1.split())  # a thin space ("7 %") may come out as none at all
    for k in content.key_numbers:  # every key number the painter drew is in the PDF
        assert all("".join(part.split()) in bare for part in (k.label, k.value, k.detail)), k
    assert a.latest_ferritin is not None
    assert f"{num(a.latest_ferritin.value)} ng/mL" in page1
    s = a.symptoms_sleep.last_30
    assert f"{s.mean_severity:.1f} / 10" in page1
    assert "Page 1 of" in page1
    assert "It informs; it does not replace your clinician's advice." in page1

    every = pdf_text(out)
    pages = every.split("\f")[:-1]
    assert len(pages) == int(info["Pages"])
    for n, text in enumerate(pages, start=1):
        assert "Demo Patient (born 1968)" in flat(text)
        assert f"Page {n} of {len(pages)}" in flat(text)
        assert "does not replace your clinician's advice" in flat(text)
    whole = flat(every)
    assert "Blood tests" in whole
    assert "Iron infusions" in whole
    assert "Night notes marked “for my doctor”" in whole
    doctor_notes = [n.notes for n in contents.nights if n.for_doctor and n.notes]
    assert doctor_notes
    assert flat(doctor_notes[0]) in whole


@needs_poppler
def test_report_for_a_period(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "q.pdf"
    assert (
        run(
            "report",
            "--diary",
            demo_path,
            "--out",
            out,
            "--from",
            "2025-12-01",
            "--to",
            "2026-02-28",
        )
        == 0
    )
    page1 = flat(pdf_text(out, 1))
    assert "Period: 1 Dec 2025 to 28 Feb 2026" in page1


def test_report_with_reversed_dates_is_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    assert (
        run(
            "report",
            "--diary",
            demo_path,
            "--out",
            out,
            "--from",
            "2026-02-01",
            "--to",
            "2026-01-01",
        )
        == 1
    )
    assert "ends (2026-01-01) before it starts (2026-02-01)" in capsys.readouterr().err
    assert not out.exists()


def test_report_into_a_missing_folder_is_a_plain_error(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("report", "--diary", demo_path, "--out", tmp_path / "no" / "r.pdf") == 1
    assert "does not exist" in capsys.readouterr().err


def test_export_fhir_writes_a_valid_bundle(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bundle.json"
    assert run("export", "--diary", demo_path, "--fhir", out) == 0
    assert capsys.readouterr().out.splitlines()[-1] == str(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    Bundle.model_validate(data)
    assert data["type"] == "collection"
    ferritin = [
        e["resource"]
        for e in data["entry"]
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "2276-4"
    ]
    assert ferritin
    assert all(r["valueQuantity"]["code"] == "ng/mL" for r in ferritin)
    assert not [p for p in tmp_path.iterdir() if p.name != "bundle.json"]


def test_export_needs_a_destination_or_fhir(demo_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        run("export", "--diary", demo_path)
    assert exit_.value.code == 2
