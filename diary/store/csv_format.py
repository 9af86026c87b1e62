"""The CSV exchange format's shared rules: files, columns, numbers, flags, formula escaping."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from diary.errors import KnownError
from diary.store.kinds import (
    DOSES,
    INFUSIONS,
    LABS,
    NIGHTS,
    SUPPLEMENTS,
    VENESECTIONS,
    RecordKind,
)

# RFC 4180 line ends; cells holding line breaks are quoted and keep theirs as they were.
LINE_END = "\r\n"
ENCODING = "utf-8"
# The biggest single cell the reader accepts is the csv module's limit (131,072 characters
# unless the process changed it); notes are at most validation.MAX_NOTES characters, so an
# escaped note always fits.
# The biggest single CSV file read from a folder or a zip (a 20-year diary is about 2 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024

# Free text beginning with one of these would be read as a formula by a spreadsheet.
# Their full-width forms count too (some spreadsheets map them), and so does any of them
# after leading whitespace (a spreadsheet may trim it).
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
ESCAPE_MARK = "'"


class Kind(Enum):
    """How a column's cells are written and read."""

    DATE = "date"  # YYYY-MM-DD
    TIME = "time"  # HH:MM, 24 h
    INT = "int"  # whole number
    DECIMAL = "decimal"  # plain decimal, '.' as the point
    MEASURED = "measured"  # a decimal, or a lab's limit kept as written: '<5', '>1000'
    FLAG = "flag"  # yes / no
    NAME = "name"  # a catalogue name: tests, units, products
    # a catalogue name, a brand as typed, or a custom medicine's name: escaped text
    FREE_NAME = "free_name"
    TAGS = "tags"  # ';'-separated words: escaped text
    TEXT = "text"  # free text (notes): escaped, kept exactly


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # also the record attribute it holds
    kind: Kind
    required: bool = False
    # The record attribute holding the name as typed (a brand): when not empty it is what
    # the cell shows, and reading the cell back gives the generic plus that name again.
    typed: str | None = None


@dataclass(frozen=True, slots=True)
class FileSpec:
    """One CSV file: the record kind it holds and its columns in export order (the
    contract of docs/csv-format.md, so written out here, not derived from the records)."""

    kind: RecordKind
    columns: tuple[Column, ...]
    # the column rows are sorted by after date and time, or None
    name_column: str | None = None

    @property
    def filename(self) -> str:
        return self.kind.csv_file

    @property
    def field(self) -> str:
        """The DiaryContents attribute."""
        return self.kind.name

    @property
    def record(self) -> type:
        return self.kind.record

    @property
    def normalise(self) -> Callable[[Any, date], Any]:
        return self.kind.normalise

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def has_time(self) -> bool:
        return any(c.name == "time" for c in self.columns)


def _c(name: str, kind: Kind, required: bool = False, typed: str | None = None) -> Column:
    return Column(name, kind, required, typed)


FILES: tuple[FileSpec, ...] = (
    FileSpec(
        NIGHTS,
        (
            _c("date", Kind.DATE, True),
            _c("rls_severity", Kind.INT, True),
            _c("sleep_hours", Kind.DECIMAL),
            _c("bedtime", Kind.TIME),
            _c("wake_time", Kind.TIME),
            _c("sleep_latency_min", Kind.INT),
            _c("awakenings", Kind.INT),
            _c("sleep_quality", Kind.INT),
            _c("symptom_onset", Kind.TIME),
            _c("tags", Kind.TAGS),
            _c("notes", Kind.TEXT),
        ),
    ),
    FileSpec(
        LABS,
        (
            _c("date", Kind.DATE, True),
            _c("test", Kind.NAME, True),
            _c("value", Kind.MEASURED, True),
            _c("unit", Kind.NAME, True),
            _c("fasting", Kind.FLAG),
            _c("notes", Kind.TEXT),
        ),
        "test",
    ),
    FileSpec(
        DOSES,
        (
            _c("date", Kind.DATE, True),
            _c("time", Kind.TIME),
            _c("medication", Kind.FREE_NAME, True, typed="as_typed"),
            _c("amount", Kind.DECIMAL, True),
            _c("unit", Kind.NAME, True),
            _c("notes", Kind.TEXT),
        ),
        "medication",
    ),
    FileSpec(
        SUPPLEMENTS,
        (
            _c("date", Kind.DATE, True),
            _c("time", Kind.TIME),
            _c("product", Kind.NAME, True),
            _c("amount_mg", Kind.DECIMAL, True),
            _c("elemental_iron_mg", Kind.DECIMAL),
            _c("with_vitamin_c", Kind.FLAG),
            _c("notes", Kind.TEXT),
        ),
        "product",
    ),
    FileSpec(
        INFUSIONS,
        (
            _c("date", Kind.DATE, True),
            _c("product", Kind.FREE_NAME, True, typed="as_typed"),
            _c("dose_mg", Kind.DECIMAL, True),
            _c("notes", Kind.TEXT),
        ),
        "product",
    ),
    FileSpec(
        VENESECTIONS,
        (
            _c("date", Kind.DATE, True),
            _c("volume_ml", Kind.DECIMAL),
            _c("notes", Kind.TEXT),
        ),
    ),
)

FILE_NAMES: tuple[str, ...] = tuple(spec.filename for spec in FILES)


class CsvImportError(KnownError):
    """An import was refused; `problems` holds every `file:line: column: problem` found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"Nothing was imported: the CSV has {count} {noun}.",
            "Correct them and import again; the diary has not been changed.",
        )


def format_number(value: float | int) -> str:
    """Shortest plain decimal that reads back as the same number: no exponent, no trailing 0."""
    if isinstance(value, bool):
        raise TypeError("a flag is not a number")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} cannot be written as a number")
    if value == 0:
        return "0"
    # repr() gives the shortest digits that round-trip; Decimal lays them out without exponent.
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def needs_escape(text: str) -> bool:
    """True when a spreadsheet would take `text` as a formula, or when it already looks escaped.

    A cell is escaped when, after any leading `'` and then any whitespace, it begins with a
    formula character (or is a tab or CR). That makes the escaping reversible: `'=x` (a note
    really starting with a quote) is written `''=x` and reads back as `'=x`.
    """
    rest = text.lstrip(ESCAPE_MARK)
    if rest[:1] in ("\t", "\r"):
        return True
    rest = rest.lstrip()
    return bool(rest) and rest[0] in FORMULA_STARTS


def escape_text(text: str) -> str:
    return ESCAPE_MARK + text if needs_escape(text) else text


def unescape_text(text: str) -> str:
    if text.startswith(ESCAPE_MARK) and needs_escape(text[1:]):
        return text[1:]
    return text
