"""Best-response ferritin on synthetic patients whose truth is known."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from diary.analysis import analyse, to_json
from diary.records import Infusion
from tests.unit.analysis.analysis_synth import ferritin_lab, plateau_patient

TODAY = date(2030, 1, 1)


@pytest.mark.parametrize("truth", [80.0, 150.0, 250.0])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_range_contains_the_true_plateau(truth: float, seed: int) -> None:
    contents = plateau_patient(truth, seed=seed, days=900, lab_every=30, low=20, high=400)
    br = analyse(contents, TODAY).best_response
    assert br.reason is None
    assert br.ferritin is not None
    assert br.low is not None
    assert br.high is not None
    assert br.low <= truth <= br.high
    assert br.low <= br.ferritin <= br.high
    assert br.high - br.low <= 100  # honest, but still says something
    assert br.nights_used == 900


def test_symptoms_that_do_not_follow_ferritin_give_no_value() -> None:
    for seed in (1, 2, 3, 4):
        contents = plateau_patient(None, seed=seed, days=900, lab_every=30, low=20, high=400)
        br = analyse(contents, TODAY).best_response
        assert br.ferritin is None
        assert br.low is None
        assert br.high is None
        assert br.reason is not None
        assert br.reason.startswith("no clear relation")


def test_one_ferritin_reading_gives_no_value() -> None:
    contents = plateau_patient(150.0, days=300, seed=1)
    one = replace(contents, labs=contents.labs[:1])
    result = to_json(analyse(one, TODAY))["best_response"]
    assert result["ferritin"] is None
    assert result["reason"].startswith("fewer than two ferritin readings")


def test_too_few_nights_give_no_value() -> None:
    start = date(2026, 1, 1)
    labs = (ferritin_lab(start, 40), ferritin_lab(start + timedelta(20), 300))
    contents = replace(plateau_patient(150.0, days=21, seed=1, start=start), labs=labs)
    br = analyse(contents, TODAY).best_response
    assert br.ferritin is None
    assert br.reason is not None
    assert br.reason.startswith("too few nights at different ferritin")


def test_nights_in_the_response_window_are_left_out() -> None:
    contents = plateau_patient(150.0, seed=2, days=900, lab_every=30, low=20, high=400)
    infusion = Infusion(date(2023, 1, 2) + timedelta(400), "ferric_carboxymaltose", 1000.0)
    with_infusion = replace(contents, infusions=(infusion,))
    before = analyse(with_infusion, TODAY)
    in_window = before.series.in_response_window
    assert in_window.sum() == 43
    assert not (before.series.used_for_best_response & in_window).any()
    # However bad the lag weeks were, the answer does not move.
    window_days = {infusion.date + timedelta(i) for i in range(43)}
    worst = replace(
        with_infusion,
        nights=tuple(
            replace(n, rls_severity=10) if n.date in window_days else n
            for n in with_infusion.nights
        ),
    )
    after = analyse(worst, TODAY)
    assert after.best_response == before.best_response
    assert before.best_response.low is not None
    assert before.best_response.high is not None
    assert before.best_response.low <= 150 <= before.best_response.high


def test_groups_are_reported_with_their_uncertainty() -> None:
    contents = plateau_patient(150.0, seed=1, days=900, lab_every=30, low=20, high=400)
    br = analyse(contents, TODAY).best_response
    assert len(br.groups) >= 2
    assert sum(g.nights for g in br.groups) == br.nights_used
    for g in br.groups:
        assert g.nights >= 21
        assert g.readings >= 2
        assert g.ci_low <= g.mean_severity <= g.ci_high
        assert g.low <= g.high
    lows = [g.low for g in br.groups]
    assert lows == sorted(lows)
    # Below the truth nights are bad (about 7); well above it they are good (about 2).
    assert br.groups[0].mean_severity > 6
    assert br.groups[-1].mean_severity < 3
