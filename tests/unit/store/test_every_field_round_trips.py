"""Every field of every record kind comes back as it was stored: through the gateway, and
through the CSV export and import for the fields the CSV carries.

The fields are taken from the records' dataclass fields: a field added later is filled with
a value of its type and checked too, so a field the store forgets makes these tests fail.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from diary.records import Dose, Infusion, LabResult, Night, Profile, Supplement, Venesection
from diary.store.csv_exchange import FILES, read_import, write_export
from diary.store.csv_format import Kind as CellKind
from diary.store.gateway import Diary
from diary.store.kinds import SIMPLE_KINDS, kind_of
from tests.unit.store.helpers import TODAY, open_diary

DAY = date(2026, 2, 1)
# One valid record of each kind, every field away from its default where the catalogue and
# the checks allow it (the names must be known ones); `filled` sets any field not set here.
BASES: tuple[Any, ...] = (
    LabResult(
        DAY, "ferritin", 48.5, "ng/mL", True, "St Elsewhere", True, "after iron", None, None, "<"
    ),
    Dose(DAY, "OxyContin", 12.5, "mg", time(21, 5), "with food"),  # a brand: kept as typed
    Supplement(DAY, "ferrous_bisglycinate", 125.0, time(21, 30), 25.0, True, "with juice"),
    Infusion(DAY, "Ferinject", 500.0, "no reaction"),
    Venesection(DAY, 450.0, "arm sore"),
)
NIGHT = Night(
    DAY,
    6,
    6.5,
    time(23, 15),
    time(6, 40),
    25,
    3,
    2,
    time(20, 5),
    ("travel", "=coffee"),
    "legs",
    True,
)
PROFILE = Profile("Zoë Ångström", 1961, "Dr Ōta")

_BY_TYPE: dict[Any, Any] = {
    str: "set in every field",
    int: 7,
    float: 2.5,
    bool: True,
    date: date(2026, 1, 9),
    time: time(22, 17),
}


def _base_type(hint: Any) -> Any:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        (hint,) = [a for a in typing.get_args(hint) if a is not type(None)]
    return typing.get_origin(hint) or hint


def _stored_fields(record_type: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(record_type) if f.name != "id"]


def filled(record: Any) -> Any:
    """`record` with every field still at its default given a value of its type."""
    hints = typing.get_type_hints(type(record))
    changes = {}
    for f in _stored_fields(type(record)):
        if getattr(record, f.name) == f.default:
            base = _base_type(hints[f.name])
            changes[f.name] = ("set",) if base is tuple else _BY_TYPE[base]
    return dataclasses.replace(record, **changes)


def _assert_every_field_set(record: Any) -> None:
    for f in _stored_fields(type(record)):
        value = getattr(record, f.name)
        name = f"{type(record).__name__}.{f.name}"
        assert value is not None, name
        assert value != f.default, name


def test_every_simple_kind_has_a_base_record() -> None:
    assert [kind_of(r) for r in BASES] == list(SIMPLE_KINDS)


@pytest.mark.parametrize("base", BASES, ids=lambda r: type(r).__name__)
def test_every_field_of_a_record_round_trips_through_the_gateway(tmp_path: Path, base: Any) -> None:
    record = filled(base)
    expected = kind_of(record).normalise(record, TODAY)
    _assert_every_field_set(expected)
    with open_diary(tmp_path / "diary.sqlite", auto_backup=False) as diary:
        saved = diary.add(record)
    with Diary.open(tmp_path / "diary.sqlite", read_only=True) as diary:
        (read,) = getattr(diary.contents(), kind_of(record).name)
    assert read == dataclasses.replace(expected, id=saved.id)
    assert saved == read


def test_every_field_of_a_night_and_the_profile_round_trips(tmp_path: Path) -> None:
    night = filled(NIGHT)
    _assert_every_field_set(night)
    profile = filled(PROFILE)
    _assert_every_field_set(profile)
    with open_diary(tmp_path / "diary.sqlite", auto_backup=False) as diary:
        saved = diary.save_night(night)
        diary.set_profile(profile)
    with Diary.open(tmp_path / "diary.sqlite", read_only=True) as diary:
        assert diary.nights() == [dataclasses.replace(night, id=saved.id)]
        assert diary.profile() == profile


def _csv_fields(record_type: type) -> set[str]:
    """The record fields the CSV exchange format carries (docs/csv-format.md)."""
    (spec,) = [s for s in FILES if s.record is record_type]
    carried = {c.name for c in spec.columns} | {c.typed for c in spec.columns if c.typed}
    if any(c.kind is CellKind.MEASURED for c in spec.columns):
        carried.add("value_limit")  # '<5': the value and its limit in one cell
    return carried


def test_every_field_the_csv_carries_round_trips_through_export_and_import(
    tmp_path: Path,
) -> None:
    with open_diary(tmp_path / "a.sqlite", auto_backup=False) as diary:
        diary.save_night(filled(NIGHT))
        for base in BASES:
            diary.add(filled(base))
        exported = diary.contents()
    write_export(exported, tmp_path / "csv")
    imported = read_import(tmp_path / "csv", today=TODAY)
    with open_diary(tmp_path / "b.sqlite", auto_backup=False) as diary:
        diary.import_contents(imported)
        again = diary.contents()
    for kind_name in ("nights", *(k.name for k in SIMPLE_KINDS)):
        (before,) = getattr(exported, kind_name)
        (after,) = getattr(again, kind_name)
        for name in _csv_fields(type(before)):
            assert getattr(after, name) == getattr(before, name), f"{kind_name}.{name}"
