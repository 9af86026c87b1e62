"""Property tests: any valid diary analyses; order and exact repeats change nothing."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary import catalog
from diary.analysis import analyse, to_json
from diary.records import DiaryContents, Dose, Infusion, LabResult, Night, Supplement, Venesection
from diary.store import validation
from tests.unit.analysis.analysis_synth import plateau_patient

TODAY = date(2026, 6, 30)
START = date(2024, 1, 1)
SPAN = (TODAY - START).days

days = st.integers(0, SPAN).map(lambda i: START + timedelta(i))
# Nights end by TODAY's morning: the store takes sleep measures only for nights that ended.
night_days = st.integers(0, SPAN - 1).map(lambda i: START + timedelta(i))
times = st.none() | st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))

nights = st.builds(
    Night,
    date=night_days,
    rls_severity=st.integers(0, 10),
    sleep_hours=st.none() | st.floats(0, 24).map(lambda h: round(h, 1)),
    bedtime=times,
    wake_time=times,
    sleep_latency_min=st.none() | st.integers(0, 300),
    symptom_onset=times,
    tags=st.lists(st.sampled_from(["caffeine", "Travel", "alcohol"]), max_size=2).map(tuple),
)
ferritin = st.builds(
    LabResult,
    date=days,
    test=st.just("ferritin"),
    value=st.floats(1, 1500).map(lambda v: round(v, 0) or 1.0),
    unit=st.sampled_from(["ng/mL", "ug/L"]),
    inflammation=st.booleans(),
)
crp = st.builds(
    LabResult,
    date=days,
    test=st.just("crp"),
    value=st.floats(0.1, 50).map(lambda v: round(v, 1)),
    unit=st.sampled_from(["mg/L", "mg/dL"]),
)
doses = st.builds(
    Dose,
    date=days,
    medication=st.sampled_from([m.name for m in catalog.MEDICINES] + ["my own pill"]),
    amount=st.floats(0.1, 500).map(lambda v: round(v, 2)),
    unit=st.sampled_from(catalog.DOSE_UNITS),
    time=times,
)
supplements = st.builds(
    Supplement,
    date=days,
    product=st.sampled_from([p.name for p in catalog.SUPPLEMENTS]),
    amount_mg=st.floats(1, 1000).map(lambda v: round(v, 0)),
    time=times,
)
infusions = st.builds(
    Infusion,
    date=days,
    product=st.sampled_from([p.name for p in catalog.INFUSION_PRODUCTS]),
    dose_mg=st.sampled_from([100.0, 200.0, 500.0, 1000.0]),
)
venesections = st.builds(Venesection, date=days, volume_ml=st.none() | st.just(450.0))


@st.composite
def diaries(draw: st.DrawFn) -> DiaryContents:
    """A diary as the store would hold it: validated records, one night per date."""
    raw_nights = draw(st.lists(nights, max_size=400, unique_by=lambda n: n.date))
    # A block of consecutive nights so that the best-response code has real work to do.
    start = draw(st.integers(0, SPAN - 200))
    block = [
        Night(START + timedelta(start + i), draw(st.integers(0, 10)))
        for i in range(draw(st.integers(0, 200)))
    ]
    taken = {n.date for n in block}
    all_nights = block + [n for n in raw_nights if n.date not in taken]
    labs = draw(st.lists(ferritin, max_size=25)) + draw(st.lists(crp, max_size=5))
    contents = DiaryContents(
        nights=tuple(validation.normalise_night(n, TODAY) for n in all_nights),
        labs=tuple(validation.normalise_lab(x, TODAY) for x in labs),
        doses=tuple(
            validation.normalise_dose(x, TODAY) for x in draw(st.lists(doses, max_size=40))
        ),
        supplements=tuple(
            validation.normalise_supplement(x, TODAY)
            for x in draw(st.lists(supplements, max_size=40))
        ),
        infusions=tuple(draw(st.lists(infusions, max_size=4))),
        venesections=tuple(draw(st.lists(venesections, max_size=3))),
    )
    return contents


def shuffled(contents: DiaryContents, seed: int) -> DiaryContents:
    rng = random.Random(seed)

    def mix(items: tuple) -> tuple:  # type: ignore[type-arg]
        out = list(items)
        rng.shuffle(out)
        return tuple(out)

    return replace(
        contents,
        nights=mix(contents.nights),
        labs=mix(contents.labs),
        doses=mix(contents.doses),
        supplements=mix(contents.supplements),
        infusions=mix(contents.infusions),
        venesections=mix(contents.venesections),
    )


def doubled(contents: DiaryContents) -> DiaryContents:
    return replace(
        contents,
        nights=contents.nights + contents.nights,
        labs=contents.labs + contents.labs,
        doses=contents.doses + contents.doses,
        supplements=contents.supplements + contents.supplements,
        infusions=contents.infusions + contents.infusions,
        venesections=contents.venesections + contents.venesections,
    )


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(diaries(), st.integers(0, 2**16))
def test_any_diary_analyses_and_order_and_repeats_change_nothing(
    contents: DiaryContents, seed: int
) -> None:
    out = to_json(analyse(contents, TODAY))
    json.dumps(out, allow_nan=False)  # valid JSON: no NaN or infinity anywhere
    assert out["nights"] == len(contents.nights)
    assert to_json(analyse(shuffled(contents, seed), TODAY)) == out
    assert to_json(analyse(doubled(contents), TODAY)) == out
    br = out["best_response"]
    if br["ferritin"] is None:
        assert br["low"] is None
        assert br["high"] is None
        assert isinstance(br["reason"], str)
        assert br["reason"].strip()
    else:
        assert br["reason"] is None
        assert br["low"] <= br["ferritin"] <= br["high"]


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**16))
def test_a_found_level_does_not_move_with_order_or_repeats(seed: int) -> None:
    contents = plateau_patient(150.0, seed=3, days=600, lab_every=30, low=20, high=400)
    first = analyse(contents, TODAY).best_response
    assert first.ferritin is not None
    assert analyse(shuffled(doubled(contents), seed), TODAY).best_response == first
