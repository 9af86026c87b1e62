"""Write a diary's records as the CSV exchange folder or .zip, atomically."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import time as clock
import zipfile
from collections.abc import Iterable
from datetime import date, time
from pathlib import Path
from typing import Any

from diary.errors import KnownError
from diary.paths import atomic_file, make_private
from diary.records import DiaryContents
from diary.store.csv_format import (
    ENCODING,
    FILE_NAMES,
    FILES,
    LINE_END,
    Column,
    FileSpec,
    Kind,
    escape_text,
    format_number,
)


def format_cell(column: Column, value: Any) -> str:
    """One record value as its CSV cell; None (not recorded) is the empty cell."""
    if value is None:
        return ""
    kind = column.kind
    if kind is Kind.DATE:
        assert isinstance(value, date)
        return value.isoformat()
    if kind is Kind.TIME:
        assert isinstance(value, time)
        return value.strftime("%H:%M")
    if kind in (Kind.INT, Kind.DECIMAL, Kind.MEASURED):
        return format_number(value)
    if kind is Kind.FLAG:
        return "yes" if value else "no"
    if kind is Kind.TAGS:
        return escape_text(";".join(value))
    if kind in (Kind.TEXT, Kind.FREE_NAME):
        return escape_text(str(value))
    return str(value)


def _cell(column: Column, record: Any) -> str:
    cell = format_cell(column, _value(record, column))
    if column.kind is Kind.MEASURED:
        return f"{record.value_limit}{cell}"  # '<5' kept exactly as the lab wrote it
    return cell


def _sort_key(spec: FileSpec, record: Any, cells: list[str]) -> tuple[str, ...]:
    # date, then time, then name as written; the whole row last so equal keys still sort the
    # same way whatever order the records came in (the byte-identical round trip depends on it).
    when = cells[0]
    at = format_cell(Column("time", Kind.TIME), record.time) if spec.has_time else ""
    name = _value(record, _column(spec, spec.name_column)) if spec.name_column else ""
    return (when, at, name, *cells)


def _column(spec: FileSpec, name: str) -> Column:
    return next(c for c in spec.columns if c.name == name)


def _value(record: Any, column: Column) -> Any:
    """The record's value for a column: the name as typed (a brand) when it has one."""
    typed = getattr(record, column.typed, "") if column.typed else ""
    return typed or getattr(record, column.name)


def rows_for(spec: FileSpec, records: Iterable[Any]) -> list[list[str]]:
    """The data rows of one file, sorted."""
    keyed = []
    for record in records:
        cells = [_cell(column, record) for column in spec.columns]
        keyed.append((_sort_key(spec, record, cells), cells))
    keyed.sort(key=lambda pair: pair[0])
    return [cells for _, cells in keyed]


def render_file(spec: FileSpec, records: Iterable[Any]) -> bytes:
    """The bytes of one CSV file: header, then the sorted rows; UTF-8 without BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow(spec.header)
    writer.writerows(rows_for(spec, records))
    return buffer.getvalue().encode(ENCODING)


def render_all(contents: DiaryContents) -> dict[str, bytes]:
    """Every file of the export, by file name, in the spec's order."""
    return {spec.filename: render_file(spec, getattr(contents, spec.field)) for spec in FILES}


def write_export(contents: DiaryContents, dest: Path) -> list[Path]:
    """Write all six CSV files into the folder `dest`, or into `dest` as a zip if it ends .zip.

    Nothing is half-written: files go to a hidden temporary place beside `dest` and are
    renamed into place only when all of them were written. Returns the paths written.
    """
    dest = Path(dest)
    files = render_all(contents)
    parent = dest.parent
    if not parent.is_dir():
        raise KnownError(
            f"Cannot export to {dest}: the folder {parent} does not exist.",
            "Choose a folder that exists.",
        )
    try:
        if dest.suffix.lower() == ".zip":
            return [_write_zip(files, dest)]
        return _write_folder(files, dest)
    except OSError as exc:
        raise KnownError(
            f"Could not write the export to {dest}: {exc.strerror or exc}.",
            "Nothing was written. Free some disk space or choose another place.",
        ) from exc


def _write_zip(files: dict[str, bytes], dest: Path) -> Path:
    if dest.is_dir():
        raise KnownError(
            f"Cannot export to {dest}: it is a folder.",
            "Give a file name ending in .zip, or a folder without .zip.",
        )
    with atomic_file(dest) as tmp:
        stamp = clock.localtime()[:6]
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                archive.writestr(info, data)
    return dest


def _write_folder(files: dict[str, bytes], dest: Path) -> list[Path]:
    if dest.exists():
        if not dest.is_dir():
            raise KnownError(
                f"Cannot export to {dest}: a file of that name exists.",
                "Choose a new or empty folder, or a name ending in .zip.",
            )
        others = sorted(
            p.name
            for p in dest.iterdir()
            if p.name not in FILE_NAMES and not p.name.startswith(".")
        )
        if others:
            raise KnownError(
                f"Cannot export to {dest}: the folder already holds other files "
                f"({', '.join(others[:3])}{', …' if len(others) > 3 else ''}).",
                "Choose a new or empty folder, so an import of it later brings in only "
                "the diary's files.",
            )
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            make_private(tmp / name)
        if dest.exists():
            # An earlier export (or an empty folder): each file is replaced whole.
            for name in files:
                os.replace(tmp / name, dest / name)
            tmp.rmdir()
        else:
            os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [dest / name for name in files]
