"""The CSV exchange (docs/csv-format.md): export a diary to CSV files and read them back."""

from __future__ import annotations

from diary.store.csv_format import (
    FILE_NAMES,
    FILES,
    CsvImportError,
    escape_text,
    format_number,
    unescape_text,
)
from diary.store.csv_read import parse_cell, read_import
from diary.store.csv_write import format_cell, render_all, write_export

__all__ = [
    "FILES",
    "FILE_NAMES",
    "CsvImportError",
    "escape_text",
    "format_cell",
    "format_number",
    "parse_cell",
    "read_import",
    "render_all",
    "unescape_text",
    "write_export",
]
