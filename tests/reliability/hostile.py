"""Hostile CSV: random and garbled files fed to import, and free text fed to export.

`run_import_fuzz` feeds random bytes, wrong encodings, huge cells, formula cells and missing or
extra columns to `read_import` + `import_contents`: they may only raise the project's
KnownError (with a message), and the diary is unchanged unless the import succeeded whole.
`run_export_fuzz` checks that no exported cell would be taken as a formula and that notes of
up to 10,000 characters of any Unicode come back exactly.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date, time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.errors import KnownError
from diary.records import DiaryContents, Dose, Infusion, LabResult, Night, Supplement, Venesection
from diary.store.csv_exchange import FILE_NAMES, read_import, render_all
from diary.store.csv_format import FORMULA_STARTS

TODAY = date(2026, 3, 1)
FORMULAS = (
    "=1+1",
    "+SUM(A1:A9)",
    "-2+3",
    "@IMPORT",
    "\t=x",
    "\r=y",
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
    "'=already quoted",
    "''=twice",
)


@dataclass
class HostileTally:
    tried: int = 0
    refused: int = 0  # explained with a KnownError, diary unchanged
    imported: int = 0
    problems: list[str] = field(default_factory=list)


def base_contents() -> DiaryContents:
    d = date(2025, 6, 1)
    return DiaryContents(
        nights=(
            Night(d, 5, 6.5, time(23, 0), time(7, 0), 20, 2, 3, time(19, 0), ("caffeine",), "ok"),
            Night(date(2025, 6, 2), 2, notes="=1+1 in a note"),
        ),
        labs=(LabResult(d, "ferritin", 45, "ng/mL", True),),
        doses=(Dose(d, "gabapentin", 300, "mg", time(21, 0)), Dose(d, "=custom", 1, "ml")),
        supplements=(Supplement(d, "ferrous_sulfate", 325, time(8, 0), with_vitamin_c=True),),
        infusions=(Infusion(date(2025, 5, 1), "ferric_carboxymaltose", 750),),
        venesections=(Venesection(date(2025, 4, 1), 450, "@note"),),
    )


# -------------------------------------------------------------- garbling a good export


def _rows(data: bytes) -> list[list[str]]:
    """The CSV rows of `data`; none when an earlier change already made it unreadable."""
    try:
        return list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error):
        return []


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


@st.composite
def garbled_export(draw: st.DrawFn) -> dict[str, bytes]:
    """A valid export with one or more hostile changes."""
    files = dict(render_all(base_contents()))
    for _ in range(draw(st.integers(1, 3))):
        if not files:
            break
        name = draw(st.sampled_from(sorted(files)))
        data = files[name]
        how = draw(
            st.sampled_from(
                [
                    "latin1",
                    "utf16",
                    "bom",
                    "random_bytes",
                    "truncate",
                    "splice",
                    "huge_cell",
                    "formula",
                    "drop_column",
                    "extra_column",
                    "random_cell",
                    "no_header",
                    "ragged",
                    "delete_file",
                ]
            )
        )
        rows = _rows(data)
        text = data.decode("utf-8", errors="replace")
        if how == "latin1":
            files[name] = text.replace("caffeine", "café").encode("latin-1", errors="replace")
        elif how == "utf16":
            files[name] = text.encode(draw(st.sampled_from(["utf-16", "utf-16-le"])))
        elif how == "bom":
            files[name] = b"\xef\xbb\xbf" + data
        elif how == "random_bytes":
            files[name] = draw(st.binary(max_size=400))
        elif how == "truncate":
            files[name] = data[: draw(st.integers(0, len(data)))]
        elif how == "splice":
            at = draw(st.integers(0, len(data)))
            files[name] = data[:at] + draw(st.binary(min_size=1, max_size=40)) + data[at:]
        elif how in ("huge_cell", "formula", "random_cell") and len(rows) > 1 and rows[-1]:
            r = draw(st.sampled_from([i for i in range(1, len(rows)) if rows[i]]))
            c = draw(st.integers(0, len(rows[r]) - 1))
            if how == "huge_cell":
                rows[r][c] = draw(st.sampled_from('xé😀"')) * draw(
                    st.sampled_from([1_000, 100_001, 140_000])
                )
            elif how == "formula":
                rows[r][c] = draw(st.sampled_from(FORMULAS))
            else:
                rows[r][c] = draw(st.text(max_size=30))
            files[name] = _csv(rows)
        elif how == "drop_column" and rows and rows[0]:
            c = draw(st.integers(0, len(rows[0]) - 1))
            files[name] = _csv([row[:c] + row[c + 1 :] for row in rows])
        elif how == "extra_column" and rows:
            extra = draw(st.sampled_from(["comment", "", "Date", "notes"]))
            files[name] = _csv([[*rows[0], extra], *([*row, "x"] for row in rows[1:])])
        elif how == "no_header":
            files[name] = _csv(rows[1:])
        elif how == "ragged" and len(rows) > 1:
            files[name] = _csv([*rows[:1], rows[1][:-1], *rows[2:]])
        elif how == "delete_file":
            del files[name]
    return files


def random_files() -> st.SearchStrategy[dict[str, bytes]]:
    return st.dictionaries(st.sampled_from(FILE_NAMES), st.binary(max_size=300), max_size=3)


def big_doses_csv(rows: int = 100_000, bad_row: int | None = None) -> bytes:
    """A doses.csv of `rows` doses, four an evening, ending 2024-12-31 (before any of
    `base_contents`); `bad_row` (1-based) is garbled. Doses, not nights: 100,000 nights
    would reach back before 1900, the earliest date a diary takes."""
    lines = ["date,time,medication,amount,unit,notes"]
    days = -(-rows // 4)
    first = date.fromordinal(date(2024, 12, 31).toordinal() - days + 1)
    for i in range(rows):
        day = date.fromordinal(first.toordinal() + i // 4).isoformat()
        amount = "eleven" if bad_row is not None and i + 1 == bad_row else str(100 + i % 7 * 50)
        lines.append(f"{day},{20 + i % 4}:00,gabapentin,{amount},mg,dose {i}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


# -------------------------------------------------------------- the import property


def try_import(diary: Any, files: dict[str, bytes], tally: HostileTally) -> None:
    """Import `files`; anything but a whole import or an explained refusal is a problem."""
    tally.tried += 1
    before = diary.contents()
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        folder = Path(tmp) / "export"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        try:
            contents = read_import(folder, today=TODAY)
            report = diary.import_contents(contents)
        except KnownError as exc:
            tally.refused += 1
            if not str(exc).strip() or not exc.message:
                tally.problems.append(f"refused without a message: {exc!r}")
            problems = getattr(exc, "problems", None)
            if problems is not None and not problems:
                tally.problems.append(f"refused listing no problem: {exc!r}")
            if diary.contents() != before:
                tally.problems.append(f"a refused import changed the diary: {exc.message}")
            return
    tally.imported += 1
    after = diary.counts()
    for kind, n in before.counts().items():
        if after[kind] != n + report.added.get(kind, 0):
            tally.problems.append(f"{kind}: {n} + {report.added.get(kind)} != {after[kind]}")


def run_import_fuzz(folder: Path, examples: int, seed: int = 0) -> HostileTally:
    """`examples` garbled exports and `examples // 2` random-byte folders, one diary."""
    from diary.store.gateway import Diary

    tally = HostileTally()
    diary = Diary.open(folder / "hostile.sqlite", auto_backup=False, today=lambda: TODAY)
    cfg = settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )

    @cfg
    @given(garbled_export())
    def garbled(files: dict[str, bytes]) -> None:
        try_import(diary, files, tally)

    @settings(cfg, max_examples=max(1, examples // 2))
    @given(random_files())
    def random_bytes(files: dict[str, bytes]) -> None:
        try_import(diary, files, tally)

    try:
        diary.import_contents(base_contents())
        garbled()
        random_bytes()
    finally:
        diary.close()
    return tally


# -------------------------------------------------------------- the export property


free_text = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda a, b: a + b, st.sampled_from((*FORMULAS, "'", "''", "-", "@")), st.text(max_size=20)
    ),
)
long_notes = st.text(max_size=10_000)


@st.composite
def free_text_contents(draw: st.DrawFn) -> DiaryContents:
    d = date(2025, 1, 1)
    note = draw(st.one_of(long_notes, free_text))
    tags = tuple(t for t in draw(st.lists(free_text, max_size=3)) if ";" not in t)
    return DiaryContents(
        nights=(Night(d, 3, tags=tags, notes=note),),
        labs=(LabResult(d, "ferritin", 30, "ug/L", notes=draw(free_text)),),
        doses=(Dose(d, draw(free_text.filter(lambda s: s.strip())), 1, "mg", notes=note),),
        supplements=(Supplement(d, "magnesium", 200, notes=draw(free_text)),),
        infusions=(Infusion(d, "iron_sucrose", 200, notes=draw(free_text)),),
        venesections=(Venesection(d, notes=draw(free_text)),),
    )


def export_problems(contents: DiaryContents, folder: Path, tally: HostileTally) -> None:
    """Export, check no cell reads as a formula, import into an empty diary, compare."""
    from diary.store import validation
    from diary.store.gateway import Diary

    tally.tried += 1
    try:
        contents = replace(
            contents,
            nights=tuple(validation.normalise_night(n, TODAY) for n in contents.nights),
            doses=tuple(validation.normalise_dose(x, TODAY) for x in contents.doses),
        )
    except KnownError:
        tally.refused += 1  # e.g. a custom name longer than allowed: never stored
        return
    files = render_all(contents)
    for name, data in files.items():
        for r, row in enumerate(_rows(data)):
            for cell in row:
                if cell and cell[0] in FORMULA_STARTS:
                    tally.problems.append(f"{name} row {r}: cell {cell[:20]!r} is a formula")
    with tempfile.TemporaryDirectory(prefix="export-") as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        for name, data in files.items():
            (out / name).write_bytes(data)
        with Diary.open(Path(tmp) / "d.sqlite", auto_backup=False, today=lambda: TODAY) as d:
            d.import_contents(read_import(out, today=TODAY))
            got = d.contents()
            again = render_all(got)
    if got.nights[0].notes != contents.nights[0].notes or got.nights[0].tags != (
        contents.nights[0].tags
    ):
        tally.problems.append(f"a night's note or tags changed: {contents.nights[0].notes[:30]!r}")
    if [x.notes for x in got.doses] != [x.notes for x in contents.doses] or [
        x.medication for x in got.doses
    ] != [x.medication for x in contents.doses]:
        tally.problems.append("a dose's name or note changed")
    for kind in ("labs", "supplements", "infusions", "venesections"):
        if [x.notes for x in getattr(got, kind)] != [x.notes for x in getattr(contents, kind)]:
            tally.problems.append(f"a note of {kind} changed")
    if again != files:
        tally.problems.append("export → import → export is not byte-identical")
    tally.imported += 1


def run_export_fuzz(folder: Path, examples: int) -> HostileTally:
    tally = HostileTally()

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(free_text_contents())
    def prop(contents: DiaryContents) -> None:
        export_problems(contents, folder, tally)

    prop()
    return tally
