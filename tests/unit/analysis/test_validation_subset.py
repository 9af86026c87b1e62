"""A small, fixed-seed part of the simulation study (`make validate` runs the whole grid):
the acceptance thresholds hold on it, so a change that breaks them fails `make test`."""

from __future__ import annotations

import pytest

from tests.validation.patients import Patient
from tests.validation.study import Cell, run

PATIENTS = 12


def cell(name: str, p: Patient | None, first_seed: int) -> Cell:
    return Cell(name, p, tuple(range(first_seed, first_seed + PATIENTS)))


@pytest.mark.slow
def test_the_study_thresholds_hold_on_a_small_grid() -> None:
    cells = [
        cell("T=120 medium 2y", Patient("signal", 120.0, 0.3, 1.5, 2.0), 1000),
        cell("T=200 step 3y", Patient("signal", 200.0, 0.05, 1.0, 3.0), 2000),
        cell("T=80 shallow 3y", Patient("signal", 80.0, 0.7, 1.5, 3.0), 3000),
        cell("flares", Patient("flares", 120.0, 0.3, 1.5, 2.0), 4000),
        cell("seasonal", Patient("seasonal", 120.0, 0.3, 1.5, 2.0), 5000),
        cell("drift", Patient("drift", 120.0, 0.3, 1.5, 2.0), 6000),
        cell("narrow", Patient("narrow", 120.0, 0.3, 1.5, 1.0), 7000),
        cell("gap", None, 8000),
    ]
    rows = {r.cell.name: r for r in run(cells, workers=1)}
    signal = [rows[name] for name in ("T=120 medium 2y", "T=200 step 3y", "T=80 shallow 3y")]
    # Pooled over the signal cells: most diaries get a value, close to the truth, and the
    # range holds the truth as often as the study demands.
    given = sum(r.given for r in signal)
    assert given >= 0.6 * len(signal) * PATIENTS
    for r in signal:
        assert r.cell.patient is not None
        assert r.bias is not None
        assert abs(r.bias) <= max(10.0, 0.05 * r.cell.patient.truth)
    covered = sum(round(r.coverage * r.given) for r in signal if r.coverage is not None)
    assert covered >= 0.85 * given
    # Null families: at most 5 % values, pooled over them (2 of 4 x 12 diaries).
    false_values = sum(rows[name].given for name in ("flares", "seasonal", "drift", "narrow"))
    assert false_values <= 0.05 * 4 * PATIENTS
    # The gap diary never names the bad level, and its range spans the gap when it names one.
    assert rows["gap"].verdict == "pass"
