"""Records to table rows and back, with plain sqlite3: the columns come from the record's
dataclass fields, and every value is converted here, in both directions, by the field's type.

Stored formats (the app's own, whatever wrote the schema):
- a date is text 'YYYY-MM-DD';
- a time is text 'HH:MM' (24 h); 'HH:MM:SS' only if a time carries seconds, which the app
  never enters (migration 0004 rewrote the older 'HH:MM:SS.ffffff');
- a flag (bool, or bool | None) is the integer 0 or 1 (NULL: not recorded);
- a whole number is an INTEGER, a decimal a REAL, text TEXT; None is NULL.

A record's columns are its fields in their order, with these exceptions only:
- `id` is SQLite's rowid: read with the record, never written (an update names it in WHERE);
- a field of tuple type is not a column but rows of a table of its own (Night.tags are
  rows of night_tags, see reads.py and writes.py).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import types
import typing
from collections.abc import Callable
from datetime import date, time
from typing import Any

Convert = Callable[[Any], Any]


def format_time(value: time) -> str:
    if value.second or value.microsecond:
        return value.isoformat()
    return value.isoformat(timespec="minutes")


def _bool_out(value: Any) -> bool:
    return bool(value)


def _int_in(value: bool) -> int:
    return int(value)


# How a field of each type is stored (record → row) and read (row → record); types absent
# here (int, float, str) are stored as they are.
_TO_ROW: dict[type, Convert] = {date: date.isoformat, time: format_time, bool: _int_in}
_FROM_ROW: dict[type, Convert] = {
    date: date.fromisoformat,
    time: time.fromisoformat,
    bool: _bool_out,
}


@dataclasses.dataclass(frozen=True, slots=True)
class Layout:
    """How one record type lies in its table."""

    record: type
    columns: tuple[str, ...]  # written columns, in field order (no id, no tuple fields)
    read_columns: tuple[str, ...]  # every column read back, in field order (id included)
    dates: tuple[str, ...]  # the columns holding a date
    times: tuple[str, ...]  # the columns holding a time
    _to_row: tuple[tuple[int, Convert], ...]  # (position in `columns`, conversion)
    _from_row: tuple[tuple[int, Convert], ...]  # (position in `read_columns`, conversion)
    _apart: tuple[tuple[int, str], ...]  # (field position, name) of fields stored apart
    _values: Callable[[Any], tuple[Any, ...]]  # the record's values of `columns`

    def row(self, record: Any) -> list[Any]:
        """The values of `columns` for `record`, in stored form."""
        values = list(self._values(record))
        for i, convert in self._to_row:
            if values[i] is not None:
                values[i] = convert(values[i])
        return values

    def record_from(self, row: tuple[Any, ...] | list[Any], **apart: Any) -> Any:
        """The record for a row of `read_columns`; fields stored apart are given by name."""
        values = list(row)
        for i, convert in self._from_row:
            if values[i] is not None:
                values[i] = convert(values[i])
        for position, name in self._apart:
            values.insert(position, apart[name])
        return self.record(*values)


def _base_type(hint: Any) -> Any:
    """`date` for `date | None`, `tuple` for `tuple[str, ...]`, the type itself otherwise."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        others = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(others) != 1:
            raise TypeError(f"a stored field has one type (or None), not {hint}")
        hint = others[0]
    return typing.get_origin(hint) or hint


@functools.cache
def layout(record_type: type) -> Layout:
    """The layout of `record_type`, worked out once from its dataclass fields."""
    hints = typing.get_type_hints(record_type)
    columns: list[str] = []
    read_columns: list[str] = []
    to_row: list[tuple[int, Convert]] = []
    from_row: list[tuple[int, Convert]] = []
    apart: list[tuple[int, str]] = []
    dates: list[str] = []
    times: list[str] = []
    for position, f in enumerate(dataclasses.fields(record_type)):
        base = _base_type(hints[f.name])
        if base is tuple:
            apart.append((position, f.name))
            continue
        if base in _FROM_ROW:
            from_row.append((len(read_columns), _FROM_ROW[base]))
        read_columns.append(f.name)
        if base is date:
            dates.append(f.name)
        elif base is time:
            times.append(f.name)
        if f.name == "id":
            continue
        if base in _TO_ROW:
            to_row.append((len(columns), _TO_ROW[base]))
        columns.append(f.name)
    # attrgetter of one name returns the value itself, not a 1-tuple
    get = operator.attrgetter(*columns)
    values = get if len(columns) > 1 else (lambda record: (get(record),))
    return Layout(
        record_type,
        tuple(columns),
        tuple(read_columns),
        tuple(dates),
        tuple(times),
        tuple(to_row),
        tuple(from_row),
        tuple(apart),
        values,
    )


@functools.cache
def select_sql(table: str, record_type: type, where: str = "", order: tuple[str, ...] = ()) -> str:
    """SELECT of the `read_columns` of `record_type` from `table` ('n' is its alias)."""
    sql = f"SELECT {', '.join('n.' + c for c in layout(record_type).read_columns)} FROM {table} n"
    sql += where
    if order:
        sql += " ORDER BY " + ", ".join("n." + c for c in order)
    return sql


@functools.cache
def insert_sql(table: str, record_type: type) -> str:
    columns = layout(record_type).columns
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


@functools.cache
def update_sql(table: str, record_type: type) -> str:
    sets = ", ".join(f"{c} = ?" for c in layout(record_type).columns)
    return f"UPDATE {table} SET {sets} WHERE id = ?"
