"""Brand names: stored as their generic with the typed name kept, in store, migration, CSV."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest

from diary import catalog
from diary.records import DiaryContents, Dose, Infusion, Night
from diary.store.csv_exchange import read_import, write_export
from diary.store.csv_format import CsvImportError
from diary.store.gateway import Diary
from tests.fixtures.make_fixtures import FIXTURES
from tests.fixtures.make_fixtures import TODAY as FIXTURE_TODAY
from tests.unit.store.helpers import open_diary

DAY = date(2026, 2, 1)


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        ("OxyContin", "oxycodone"),
        ("Targin", "oxycodone-naloxone"),
        ("MST", "morphine"),
        ("Zomorph", "morphine"),
        ("Lyrica", "pregabalin"),
        ("Neurontin", "gabapentin"),
        ("Horizant", "gabapentin enacarbil"),
        ("Mirapex", "pramipexole"),
        ("Mirapexin", "pramipexole"),
        ("Sifrol", "pramipexole"),
        ("Requip", "ropinirole"),
        ("Neupro", "rotigotine"),
        ("Sinemet", "levodopa"),
        ("Madopar", "levodopa"),
        ("oxy-contin", "oxycodone"),  # case, spaces, '-' and '_' are ignored
        ("MST_continus", "morphine"),
    ],
)
def test_a_medicine_brand_is_stored_as_its_generic_and_kept_as_typed(
    diary: Diary, typed: str, generic: str
) -> None:
    saved = diary.add(Dose(DAY, f"  {typed} ", 10.0, "mg"))
    [back] = diary.doses()
    assert (back.medication, back.as_typed) == (generic, typed) == (saved.medication, typed)


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        ("Ferinject", "ferric_carboxymaltose"),
        ("Injectafer", "ferric_carboxymaltose"),
        ("Monofer", "ferric_derisomaltose"),
        ("Diafer", "ferric_derisomaltose"),
        ("Venofer", "iron_sucrose"),
        ("CosmoFer", "iron_dextran"),
        ("Feraheme", "ferumoxytol"),
    ],
)
def test_an_infusion_brand_is_stored_as_its_generic_and_kept_as_typed(
    diary: Diary, typed: str, generic: str
) -> None:
    diary.add(Infusion(DAY, typed.upper(), 500.0))
    [back] = diary.infusions()
    assert (back.product, back.as_typed) == (generic, typed.upper())


def test_generic_and_custom_names_keep_nothing_extra(diary: Diary) -> None:
    diary.add(Dose(DAY, "Oxycodone", 5.0, "mg"))
    diary.add(Dose(DAY, "Herbal tea", 2.0, "drops"))
    got = {(d.medication, d.as_typed) for d in diary.doses()}
    assert got == {("oxycodone", ""), ("Herbal tea", "")}


def test_the_typed_name_round_trips_through_the_store(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite"
    with open_diary(path) as diary:
        diary.save_night(Night(DAY, 4), [Dose(DAY, "OxyContin", 10.0, "mg", time(22, 0))])
        diary.add(Infusion(DAY, "Ferinject", 750.0))
    with open_diary(path) as diary:
        [dose] = diary.doses()
        [inf] = diary.infusions()
        assert (dose.medication, dose.as_typed) == ("oxycodone", "OxyContin")
        assert (inf.product, inf.as_typed) == ("ferric_carboxymaltose", "Ferinject")
        # An edit that keeps the medicine keeps the brand; choosing another medicine drops it.
        kept = diary.update(replace(dose, amount=20.0))
        assert (kept.medication, kept.as_typed, kept.amount) == ("oxycodone", "OxyContin", 20.0)
        # Deleting the night and undoing it puts the brand back too.
        diary.restore_night(diary.delete_night(DAY))
        [restored] = diary.doses()
        assert (restored.medication, restored.as_typed) == ("oxycodone", "OxyContin")
        other = diary.update(replace(restored, medication="morphine"))
        assert (other.medication, other.as_typed) == ("morphine", "")


def test_an_old_diary_with_a_brand_kept_as_a_custom_medicine_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite"
    shutil.copyfile(FIXTURES / "diary-0001_baseline.sqlite", path)
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO doses (date, medication, amount, unit, notes) VALUES (?, ?, ?, 'mg', '')",
        [("2026-01-08", "oxycontin", 10.0), ("2026-01-08", "Sinemet", 100.0)],
    )
    conn.commit()
    conn.close()
    with Diary.open(path, today=lambda: FIXTURE_TODAY) as diary:
        doses = diary.doses(date(2026, 1, 5), date(2026, 1, 8))
    got = {(d.medication, d.as_typed, d.amount) for d in doses}
    assert ("oxycodone", "oxycontin", 10.0) in got
    assert ("levodopa", "Sinemet", 100.0) in got
    assert ("Herbal tea (custom)", "", 2.0) in got  # a custom name that is no brand stays


def _csv(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_brand_names_import_from_csv_and_export_as_typed_byte_identically(
    tmp_path: Path,
) -> None:
    src = tmp_path / "in"
    _csv(
        src,
        "doses.csv",
        "date,time,medication,amount,unit,notes\r\n"
        "2026-01-10,22:00,OxyContin,10,mg,\r\n"
        "2026-01-10,21:00,oxycodone,5,mg,\r\n",
    )
    _csv(
        src,
        "infusions.csv",
        "date,product,dose_mg,notes\r\n2026-01-12,Ferinject,750,\r\n2026-01-19,Diafer,200,\r\n",
    )
    imported = read_import(src, today=DAY)
    assert {(d.medication, d.as_typed) for d in imported.doses} == {
        ("oxycodone", "OxyContin"),
        ("oxycodone", ""),
    }
    assert [(i.product, i.as_typed) for i in imported.infusions] == [
        ("ferric_carboxymaltose", "Ferinject"),
        ("ferric_derisomaltose", "Diafer"),
    ]
    with open_diary(tmp_path / "a.sqlite") as diary:
        diary.import_contents(imported)
        write_export(diary.contents(), tmp_path / "e1")
    doses_csv = (tmp_path / "e1" / "doses.csv").read_text(encoding="utf-8")
    assert doses_csv.splitlines()[1:] == [
        "2026-01-10,21:00,oxycodone,5,mg,",
        "2026-01-10,22:00,OxyContin,10,mg,",
    ]
    assert "2026-01-12,Ferinject,750," in (tmp_path / "e1" / "infusions.csv").read_text()
    with open_diary(tmp_path / "b.sqlite") as diary:
        diary.import_contents(read_import(tmp_path / "e1", today=DAY))
        write_export(diary.contents(), tmp_path / "e2")
    for name in ("doses.csv", "infusions.csv"):
        assert (tmp_path / "e1" / name).read_bytes() == (tmp_path / "e2" / name).read_bytes()


def test_a_typed_brand_that_looks_like_a_formula_is_escaped_and_read_back(tmp_path: Path) -> None:
    contents = DiaryContents(doses=(Dose(DAY, "-OxyContin", 10.0, "mg"),))
    with open_diary(tmp_path / "a.sqlite") as diary:
        diary.import_contents(contents)
        [dose] = diary.doses()
        write_export(diary.contents(), tmp_path / "e1")
    assert (dose.medication, dose.as_typed) == ("oxycodone", "-OxyContin")
    assert "'-OxyContin" in (tmp_path / "e1" / "doses.csv").read_text(encoding="utf-8")
    [back] = read_import(tmp_path / "e1", today=DAY).doses
    assert (back.medication, back.as_typed) == ("oxycodone", "-OxyContin")


def test_an_unknown_infusion_product_names_the_brands_too(tmp_path: Path) -> None:
    _csv(tmp_path / "in", "infusions.csv", "date,product,dose_mg\r\n2026-01-12,Ferrinjekt,750\r\n")
    with pytest.raises(CsvImportError) as err:
        read_import(tmp_path / "in", today=DAY)
    [problem] = err.value.problems
    assert problem.startswith("infusions.csv:2: product: 'Ferrinjekt' is not a known infusion")
    assert "Ferinject" in problem


def test_every_brand_names_a_catalogue_generic() -> None:
    for generic, brands in catalog.MEDICINE_BRANDS.items():
        for brand in brands:
            known = catalog.medicine(brand)
            assert known is not None
            assert known.name == generic
    for product, brands in catalog.INFUSION_BRANDS.items():
        for brand in brands:
            found = catalog.infusion_product(brand)
            assert found is not None
            assert found.name == product
