"""Read a CSV export (folder, .zip or single file) into checked records, with every problem."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, time
from pathlib import Path, PurePosixPath
from typing import Any

from diary.errors import ImportCancelled, ValidationError
from diary.records import DiaryContents
from diary.store.csv_format import (
    FILE_NAMES,
    FILES,
    MAX_FILE_BYTES,
    Column,
    CsvImportError,
    FileSpec,
    Kind,
    unescape_text,
)
from diary.store.kinds import NIGHTS

_SPECS = {spec.filename: spec for spec in FILES}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::00)?", re.ASCII)
_INT = re.compile(r"[+-]?\d+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_FLAGS = {"yes": True, "no": False}
_PROGRESS_EVERY = 1000  # rows between two progress reports


@dataclass
class _Progress:
    """Counts rows read and asks the caller, now and then, whether to go on."""

    callback: Callable[[int, int], bool] | None
    total: int = 0
    done: int = 0

    def row(self) -> None:
        self.done += 1
        if self.done % _PROGRESS_EVERY == 0:
            self.report()

    def report(self) -> None:
        if self.callback is not None and not self.callback(min(self.done, self.total), self.total):
            raise ImportCancelled()


class _CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message says what is expected."""


@dataclass
class _Collector:
    problems: list[str] = field(default_factory=list)

    def add(self, filename: str, line: int | None, column: str | None, message: str) -> None:
        where = filename if line is None else f"{filename}:{line}"
        self.problems.append(f"{where}: {column}: {message}" if column else f"{where}: {message}")


def read_import(
    src: Path,
    today: date | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> DiaryContents:
    """Read a CSV export (folder, .zip, or one of its files) into normalised records.

    Every row is checked with the store's validation, dated against `today` (by default the
    day the import starts). Raises CsvImportError listing every problem found, each as
    `file:line: column: problem`; a problem-free import is returned sorted like an export.
    `progress(rows_read, about_how_many_rows)` is called every 1,000 rows; when it returns
    False reading stops with ImportCancelled.
    """
    today = today or date.today()
    out = _Collector()
    files = _load_files(Path(src), out)
    lines = sum(max(0, data.count(b"\n") - 1) for data in files.values())  # less headers
    ticker = _Progress(progress, total=lines)
    ticker.report()
    found: dict[str, list[Any]] = {}
    for filename, data in files.items():
        found[_SPECS[filename].field] = _read_file(_SPECS[filename], data, today, out, ticker)
    ticker.total = ticker.done
    ticker.report()
    if out.problems:
        raise CsvImportError(out.problems)
    ordered: dict[str, Any] = {f: tuple(sorted(rs, key=_record_key)) for f, rs in found.items()}
    return replace(DiaryContents(), **ordered)


def _record_key(record: Any) -> tuple[Any, ...]:
    at = getattr(record, "time", None)
    name = (
        getattr(record, "test", None)
        or getattr(record, "medication", None)
        or getattr(record, "product", None)
        or ""
    )
    return (record.date, at is not None, at or time(), name)


# ---------------------------------------------------------------- where the bytes come from


def _load_files(src: Path, out: _Collector) -> dict[str, bytes]:
    label = str(src)
    if src.is_dir():
        files = _from_folder(src, out)
    elif src.is_file() and src.suffix.lower() == ".zip":
        files = _from_zip(src, out)
    elif src.is_file():
        if src.name.lower() not in FILE_NAMES:
            raise CsvImportError(
                [
                    f"{label}: is not one of the diary's CSV files "
                    f"({', '.join(FILE_NAMES)}) nor a .zip or folder of them"
                ]
            )
        files = {src.name.lower(): _read_bytes(src, out)}
    else:
        raise CsvImportError([f"{label}: no such file or folder"])
    if not files and not out.problems:
        out.add(label, None, None, f"holds none of the diary's CSV files ({', '.join(FILE_NAMES)})")
    if out.problems:
        raise CsvImportError(out.problems)
    return files


def _known_name(name: str, where: str, files: dict[str, Any], out: _Collector) -> str | None:
    key = name.lower()
    if key not in FILE_NAMES:
        out.add(
            where,
            None,
            None,
            f"unknown file {name!r}; an import takes only "
            f"{', '.join(FILE_NAMES)} (rename or remove it)",
        )
        return None
    if key in files:
        out.add(where, None, None, f"{name!r} is there twice")
        return None
    return key


def _from_folder(folder: Path, out: _Collector) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for entry in sorted(folder.iterdir()):
        if _hidden((entry.name,)):
            continue
        if not entry.is_file():
            out.add(
                str(folder),
                None,
                None,
                f"unexpected folder {entry.name!r}; an import takes only the diary's CSV files",
            )
            continue
        key = _known_name(entry.name, str(folder), files, out)
        if key is not None:
            files[key] = _read_bytes(entry, out)
    return files


def _read_bytes(path: Path, out: _Collector) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            out.add(path.name, None, None, _too_big())
            return b""
        return path.read_bytes()
    except OSError as exc:
        out.add(str(path), None, None, f"cannot be read ({exc.strerror or exc})")
        return b""


def _too_big() -> str:
    return f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, too large for a diary file"


# Files the operating system adds (hidden by attribute on Windows, not by name).
_SYSTEM_FILES = frozenset({"__macosx", "thumbs.db", "desktop.ini"})


def _hidden(parts: tuple[str, ...]) -> bool:
    return any(p.startswith(".") or p.lower() in _SYSTEM_FILES for p in parts)


# Limits a zip must meet, read from its directory before anything is unpacked (a zip bomb
# is refused at once), and kept while unpacking in case the directory lies.
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_TOTAL = 64 * 1024 * 1024  # a 20-year diary's export unpacks to about 2 MB
MAX_ZIP_RATIO = (
    500  # CSV packs 5 to 20 times smaller (a very repetitive one ~100); deflate ~1000 at most
)
_RATIO_FROM = 1024 * 1024  # tiny entries may pack oddly; the ratio counts from 1 MiB
_CHUNK = 1024 * 1024


def _zip_refusal(infos: list[zipfile.ZipInfo]) -> str | None:
    """Why a zip is refused from its directory alone; None when it may be read."""
    mib = 1024 * 1024
    if len(infos) > MAX_ZIP_ENTRIES:
        return f"holds {len(infos)} entries; an export has a handful (at most {MAX_ZIP_ENTRIES})"
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FROM and ratio > MAX_ZIP_RATIO:
            return (
                f"has an entry {info.filename!r} that unpacks to {info.file_size // mib:,} MB, "
                f"{ratio:,.0f} times its packed size (a CSV export packs at most "
                f"{MAX_ZIP_RATIO} times): it looks like a zip bomb"
            )
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL:
        return (
            f"unpacks to {total // mib:,} MB in total, more than the {MAX_ZIP_TOTAL // mib} MB "
            "a diary export can be"
        )
    return None


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    """The entry's bytes, read in chunks; None as soon as it holds more than `cap`."""
    parts, size = [], 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > cap:
                return None
            parts.append(chunk)
    return b"".join(parts)


def _from_zip(path: Path, out: _Collector) -> dict[str, bytes]:
    label = path.name
    files: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            refusal = _zip_refusal(archive.infolist())
            if refusal is not None:
                out.add(label, None, None, f"{refusal}; nothing was read from it")
                return files
            budget = MAX_ZIP_TOTAL
            entries = [
                i
                for i in archive.infolist()
                if not i.is_dir()
                and PurePosixPath(i.filename).parts
                and not _hidden(PurePosixPath(i.filename).parts)
            ]
            # A zip made from the export folder holds the files under that folder's name.
            tops = {PurePosixPath(i.filename).parts[0] for i in entries}
            strip = len(tops) == 1 and all(
                len(PurePosixPath(i.filename).parts) == 2 for i in entries
            )
            for info in entries:
                parts = PurePosixPath(info.filename).parts
                name = parts[-1] if strip else info.filename
                if len(parts) > (2 if strip else 1):
                    out.add(
                        label,
                        None,
                        None,
                        f"unexpected entry {info.filename!r}; an import "
                        "takes only the diary's CSV files",
                    )
                    continue
                key = _known_name(name, label, files, out)
                if key is None:
                    continue
                if info.file_size > MAX_FILE_BYTES:
                    out.add(f"{label}/{name}", None, None, _too_big())
                    continue
                data = _read_capped(archive, info, min(info.file_size, budget, MAX_FILE_BYTES))
                if data is None:
                    out.add(
                        f"{label}/{name}",
                        None,
                        None,
                        "holds more than the zip's directory says; reading stopped there",
                    )
                    return files
                budget -= len(data)
                files[key] = data
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        OSError,
    ) as exc:
        out.add(label, None, None, f"is not a readable zip file ({exc})")
    return files


# ---------------------------------------------------------------- one file


def _read_file(
    spec: FileSpec, data: bytes, today: date, out: _Collector, ticker: _Progress
) -> list[Any]:
    name = spec.filename
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        out.add(
            name,
            line,
            None,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save "
            "the file as UTF-8 CSV and import again",
        )
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        columns = _read_header(spec, header, out)
        if columns is None:
            return []
        records: list[Any] = []
        first_line: dict[date, int] = {}
        line = reader.line_num + 1
        for row in reader:
            ticker.row()
            if any(cell.strip() for cell in row):
                record = _read_row(spec, columns, row, line, today, out)
                if record is not None and spec.kind is NIGHTS:
                    _check_unique_night(record.date, line, first_line, out)
                if record is not None:
                    records.append(record)
            line = reader.line_num + 1
        return records
    except csv.Error as exc:
        out.add(name, reader.line_num or 1, None, _csv_message(exc))
        return []


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return (
            f"a cell is longer than {csv.field_size_limit():,} characters (notes may be at most "
            "100,000); the rest of this file was not read"
        )
    return f"the CSV is malformed ({text}); check its quotes. The rest of this file was not read"


def _read_header(spec: FileSpec, header: list[str] | None, out: _Collector) -> list[Column] | None:
    name = spec.filename
    if not header or not any(h.strip() for h in header):
        out.add(
            name,
            1,
            None,
            f"the header row is missing; it names the columns, e.g. {','.join(spec.header)}",
        )
        return None
    by_name = {c.name: c for c in spec.columns}
    columns: list[Column] = []
    ok = True
    for cell in header:
        key = cell.strip().lower()
        if key not in by_name:
            out.add(
                name,
                1,
                cell.strip() or "(unnamed)",
                f"unknown column; the columns are {', '.join(spec.header)}",
            )
            ok = False
        elif by_name[key] in columns:
            out.add(name, 1, key, "the column appears twice")
            ok = False
        else:
            columns.append(by_name[key])
    for column in spec.columns:
        if column.required and column not in columns:
            out.add(name, 1, column.name, "required column is missing")
            ok = False
    return columns if ok else None


def _check_unique_night(day: date, line: int, seen: dict[date, int], out: _Collector) -> None:
    if day in seen:
        out.add(
            "nights.csv",
            line,
            "date",
            f"{day.isoformat()} is already on line {seen[day]}; a diary has one night per date",
        )
    else:
        seen[day] = line


def _read_row(
    spec: FileSpec, columns: list[Column], row: list[str], line: int, today: date, out: _Collector
) -> Any:
    name = spec.filename
    if len(row) != len(columns):
        out.add(name, line, None, f"has {len(row)} cells but the header has {len(columns)}")
        return None
    values: dict[str, Any] = {}
    found: list[tuple[str, str]] = []  # (column, problem), reported in the file's column order
    for column, cell in zip(columns, row, strict=True):
        try:
            value = parse_cell(column, cell)
        except _CellError as exc:
            found.append((column.name, str(exc)))
            continue
        if value is None and column.required:
            found.append((column.name, "a value is required"))
        elif column.kind is Kind.MEASURED:
            values["value_limit"], values[column.name] = value
        elif value is not None:
            values[column.name] = value
    failed = {column for column, _ in found}
    for column in spec.columns:
        if column.required:
            values.setdefault(column.name, None)  # reported above; validation checks the rest
    record = None
    try:
        record = spec.normalise(spec.record(**values), today)
    except ValidationError as exc:
        # a column that did not parse has been reported already, in plainer words
        found += [(p.field, p.message) for p in exc.problems if p.field not in failed]
    order = {column.name: i for i, column in enumerate(columns)}
    for column_name, message in sorted(found, key=lambda f: order.get(f[0], len(order))):
        out.add(name, line, column_name, message)
    return None if found else record


def parse_cell(column: Column, cell: str) -> Any:
    """A cell's value for its column, None when empty; raises _CellError saying what is wrong."""
    kind = column.kind
    if kind is Kind.TEXT:
        return unescape_text(cell)
    raw = cell.strip()
    if not raw:
        return () if kind is Kind.TAGS else None
    if kind is Kind.TAGS:
        return tuple(unescape_text(raw).split(";"))
    if kind is Kind.FREE_NAME:
        return unescape_text(raw)
    if kind is Kind.NAME:
        return raw
    if kind is Kind.DATE:
        return _parse_date(raw)
    if kind is Kind.TIME:
        return _parse_time(raw)
    if kind is Kind.INT:
        if not _INT.fullmatch(raw):
            raise _CellError(f"{_show(raw)} is not a whole number")
        if len(raw) > 10:
            raise _CellError(f"{_show(raw)} is far too large")
        return int(raw)
    if kind is Kind.DECIMAL:
        return _parse_decimal(raw)
    if kind is Kind.MEASURED:
        limit = raw[0] if raw[0] in "<>" else ""
        return limit, _parse_decimal(raw[len(limit) :].strip())
    flag = _FLAGS.get(raw.lower())
    if flag is None:
        raise _CellError(f"{_show(raw)} is not yes or no")
    return flag


def _show(raw: str) -> str:
    return repr(raw if len(raw) <= 40 else raw[:40] + "…")


def _parse_date(raw: str) -> date:
    match = _DATE.fullmatch(raw)
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            raise _CellError(f"{_show(raw)} is not a real date") from None
    raise _CellError(f"{_show(raw)} is not a date written YYYY-MM-DD")


def _parse_time(raw: str) -> time:
    match = _TIME.fullmatch(raw)
    if match:
        hour, minute = int(match[1]), int(match[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise _CellError(f"{_show(raw)} is not a time written HH:MM (24 h)")


def _parse_decimal(raw: str) -> float:
    if not _DECIMAL.fullmatch(raw):
        if re.fullmatch(r"[+-]?[0-9]+,[0-9]+", raw):
            raise _CellError(
                f"{_show(raw)} uses ',' as the decimal point; write {raw.replace(',', '.')}"
            )
        raise _CellError(f"{_show(raw)} is not a number (write e.g. 6.5 or 1000)")
    return float(raw)
