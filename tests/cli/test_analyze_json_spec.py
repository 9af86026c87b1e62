"""`rls-diary analyze --json` against the schema of the analysis spec, key by key: the demo
diary and a diary of split infusion courses imported from CSV, as a user would make them."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from diary import cli
from diary.catalog import INFUSION_PRODUCTS
from tests.unit.analysis.json_spec import BEST, TOP

PRODUCTS = {p.name for p in INFUSION_PRODUCTS}
COURSE = [
    "date",
    "last_date",
    "doses",
    "dose_mg",
    "expected_rise",
    "observed_rise",
    "judge_from",
    "checks_due",
    "checks_done",
]


@pytest.fixture(autouse=True)
def own_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RLS_DIARY_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert cli.main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def analyze(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    out = run(capsys, "--diary", str(path), "analyze", "--json")
    parsed = json.loads(out)
    assert isinstance(parsed, dict)
    return parsed


def is_float(v: Any) -> bool:
    return isinstance(v, float)


def is_count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def iso(v: Any) -> date:
    assert isinstance(v, str), v
    return date.fromisoformat(v)


def maybe(v: Any, check: Any) -> bool:
    return v is None or check(v)


def check_course(c: dict[str, Any]) -> None:
    assert list(c)[: len(COURSE)] == COURSE
    doses = c["doses"]
    assert doses, "a course has at least one dose"
    for d in doses:
        assert list(d) == ["date", "product", "dose_mg"]
        iso(d["date"])
        assert d["product"] in PRODUCTS  # the generic, never a brand as typed
        assert is_float(d["dose_mg"])
        assert d["dose_mg"] > 0
    days = [iso(d["date"]) for d in doses]
    assert days == sorted(days)
    assert all((b - a).days < 29 for a, b in itertools.pairwise(days))
    first, last = iso(c["date"]), iso(c["last_date"])
    assert (first, last) == (days[0], days[-1])
    assert is_float(c["dose_mg"])
    assert c["dose_mg"] == sum(d["dose_mg"] for d in doses)
    assert c["expected_rise"] == [c["dose_mg"] / 100 * 10, c["dose_mg"] / 100 * 12]
    assert all(is_float(v) for v in c["expected_rise"])
    assert maybe(c["observed_rise"], is_float)
    assert iso(c["judge_from"]) == last + timedelta(42)
    assert [iso(d) for d in c["checks_due"]] == [last + timedelta(n) for n in (56, 84, 112)]
    assert len(c["checks_done"]) == 3
    assert all(isinstance(v, bool) for v in c["checks_done"])


def check_spec_shape(out: dict[str, Any]) -> None:
    """Every rule of the spec's JSON section that holds for any diary."""
    assert list(out)[: len(TOP)] == TOP  # the spec's keys first, in its order
    assert is_count(out["nights"])
    first, last = out["first_night"], out["last_night"]
    if out["nights"]:
        assert iso(first) <= iso(last)
    else:
        assert first is None
        assert last is None

    br = out["best_response"]
    assert list(br)[: len(BEST)] == BEST
    assert is_count(br["nights_used"])
    assert maybe(br["worse_above"], is_float)
    if br["ferritin"] is None:
        assert br["low"] is None
        assert br["high"] is None
        assert isinstance(br["reason"], str)
        assert br["reason"]
        assert out["projected_below_best_response"] is None
    else:
        assert all(is_float(br[k]) for k in ("ferritin", "low", "high"))
        assert br["low"] <= br["ferritin"] <= br["high"]
        assert br["reason"] is None

    latest = out["latest_ferritin"]
    if latest is not None:
        assert list(latest) == ["date", "value"]
        iso(latest["date"])
        assert is_float(latest["value"])
    assert maybe(out["ferritin_trend_per_week"], is_float)
    maybe(out["projected_below_best_response"], iso)
    maybe(out["next_ferritin_check"], iso)

    courses = out["infusions"]
    for c in courses:
        check_course(c)
    starts = [iso(c["date"]) for c in courses]
    assert starts == sorted(starts)  # oldest first
    for before, after in itertools.pairwise(courses):
        assert (iso(after["date"]) - iso(before["last_date"])).days >= 29

    sev = out["severity"]
    assert list(sev)[:3] == ["last_30_mean", "previous_30_mean", "severe_nights_last_30"]
    assert maybe(sev["last_30_mean"], is_float)
    assert maybe(sev["previous_30_mean"], is_float)
    assert is_count(sev["severe_nights_last_30"])
    sleep = out["sleep"]
    assert list(sleep)[:2] == ["last_30_mean_hours", "previous_30_mean_hours"]
    assert maybe(sleep["last_30_mean_hours"], is_float)
    assert maybe(sleep["previous_30_mean_hours"], is_float)
    json.dumps(out, allow_nan=False)  # no NaN or infinity anywhere


def test_the_demo_diary_follows_the_spec(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.sqlite"
    run(capsys, "demo", str(path), "--seed", "3", "--years", "2")
    out = analyze(capsys, path)
    check_spec_shape(out)
    assert out["nights"] > 600
    assert len(out["infusions"]) >= 1
    done = [c for c in out["infusions"] if c["observed_rise"] is not None]
    assert done, "the demo's infusion has a reading from 6 weeks after it"


FIRST = date(2024, 3, 4)  # 2 x 1000 mg Ferinject a week apart
SECOND = date(2025, 6, 2)  # 5 x 200 mg Venofer over 12 days


def write_split_course_csv(folder: Path) -> None:
    folder.mkdir()
    nights = ["date,rls_severity,sleep_hours"]
    day = FIRST - timedelta(40)
    while day <= SECOND + timedelta(150):
        nights.append(f"{day},{6 if day < SECOND + timedelta(50) else 2},6.5")
        day += timedelta(1)
    (folder / "nights.csv").write_text("\n".join(nights) + "\n", encoding="utf-8")
    (folder / "labs.csv").write_text(
        "date,test,value,unit\n"
        f"{FIRST - timedelta(6)},ferritin,22,ug/L\n"
        f"{FIRST - timedelta(6)},crp,<5,mg/L\n"
        f"{FIRST + timedelta(7 + 56)},ferritin,150,ng/mL\n"
        f"{SECOND - timedelta(4)},ferritin,38,ug/L\n"
        f"{SECOND + timedelta(12 + 56)},ferritin,160,ug/L\n"
        f"{SECOND + timedelta(12 + 84)},ferritin,150,ng/mL\n",
        encoding="utf-8",
    )
    rows = ["date,product,dose_mg"]
    rows += [f"{FIRST + timedelta(7 * k)},Ferinject,1000" for k in range(2)]
    rows += [f"{SECOND + timedelta(3 * k)},venofer,200" for k in range(5)]
    (folder / "infusions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_split_courses_imported_from_csv_follow_the_spec(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "records"
    write_split_course_csv(folder)
    path = tmp_path / "split.sqlite"
    run(capsys, "--diary", str(path), "import", str(folder))
    out = analyze(capsys, path)
    check_spec_shape(out)

    older, newer = out["infusions"]
    assert {k: older[k] for k in COURSE} == {
        "date": "2024-03-04",
        "last_date": "2024-03-11",
        "doses": [
            {"date": "2024-03-04", "product": "ferric_carboxymaltose", "dose_mg": 1000.0},
            {"date": "2024-03-11", "product": "ferric_carboxymaltose", "dose_mg": 1000.0},
        ],
        "dose_mg": 2000.0,
        "expected_rise": [200.0, 240.0],
        "observed_rise": 128.0,  # 150 - 22: under the rise expected from 2000 mg
        "judge_from": "2024-04-22",
        "checks_due": ["2024-05-06", "2024-06-03", "2024-07-01"],
        "checks_done": [True, False, False],
    }
    assert {k: newer[k] for k in COURSE} == {
        "date": "2025-06-02",
        "last_date": "2025-06-14",
        "doses": [
            {"date": f"{SECOND + timedelta(3 * k)}", "product": "iron_sucrose", "dose_mg": 200.0}
            for k in range(5)
        ],
        "dose_mg": 1000.0,
        "expected_rise": [100.0, 120.0],
        "observed_rise": 122.0,  # ug/L entered, ng/mL out: the same numbers
        "judge_from": "2025-07-26",
        "checks_due": ["2025-08-09", "2025-09-06", "2025-10-04"],
        "checks_done": [True, True, False],
    }
    assert out["latest_ferritin"] == {"date": "2025-09-06", "value": 150.0}
    assert out["next_ferritin_check"] == "2025-10-04"
    assert out["ferritin_trend_per_week"] == -2.5  # 160 then 150 four weeks later
    assert out["severity"]["last_30_mean"] == 2.0
    assert out["sleep"]["last_30_mean_hours"] == 6.5


def test_an_empty_diary_gives_nulls_and_a_reason(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "nights.csv").write_text("date,rls_severity\n", encoding="utf-8")
    path = tmp_path / "empty.sqlite"
    run(capsys, "--diary", str(path), "import", str(folder))
    out = analyze(capsys, path)
    check_spec_shape(out)
    assert out["nights"] == 0
    assert out["infusions"] == []
    assert out["latest_ferritin"] is None
    assert [out["severity"][k] for k in ("last_30_mean", "previous_30_mean")] == [None, None]
    assert out["best_response"]["ferritin"] is None


def test_a_ferritin_above_the_labs_range_withholds_the_iv_sentence_as_written(
    tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "nights.csv").write_text(
        "date,rls_severity\n2025-10-01,3\n2025-10-02,4\n", encoding="utf-8"
    )
    (folder / "labs.csv").write_text(
        "date,test,value,unit\n2025-09-20,ferritin,>1000,ng/mL\n2025-09-30,ferritin,150,ug/L\n",
        encoding="utf-8",
    )
    path = tmp_path / "high.sqlite"
    run(capsys, "--diary", str(path), "import", str(folder))
    out = analyze(capsys, path)
    check_spec_shape(out)
    assert out["repeat_possible"] is None
    assert out["repeat_rule_withheld"] == (
        "a ferritin of >1000 ng/mL on 20 September 2025 is 1000 ng/mL or more"
    )
    assert out["latest_ferritin"] == {"date": "2025-09-30", "value": 150.0}
