"""The demo patient's hidden truth: how symptoms follow ferritin, medicines and the day's tags."""

from __future__ import annotations

# Nights are at their best at and above this ferritin (ng/mL), worse below it. The analysis
# should rediscover it from the demo's records alone.
TRUE_BEST_RESPONSE_FERRITIN = 120.0
# Symptoms change across this ferritin band: clearly worse below its low end, at their best
# from its high end (the threshold) upwards.
TRUE_TRANSITION = (105.0, TRUE_BEST_RESPONSE_FERRITIN)
# An estimate from the demo's records (lagged response, noisy nights, ferritin interpolated
# between readings) that falls in this range has found the true threshold.
TRUE_BEST_RESPONSE_RANGE = (100.0, 140.0)

# Mean severity on the best nights, and at the low end of the transition.
BEST_SEVERITY = 2.0
WORSE_SEVERITY = 6.0
# Below the transition every further ng/mL of ferritin makes nights a little worse still.
WORSE_PER_NG = 0.02

# The brain's iron follows serum ferritin with this time constant (days), so an infusion's
# benefit builds over 4 to 6 weeks (about 95 % after 36 days).
BRAIN_LAG_DAYS = 12.0

# What each tag adds to that night's mean severity: small, real effects.
TAG_EFFECTS: dict[str, float] = {
    "overtired": 1.5,
    "alcohol": 1.0,
    "caffeine": 0.8,
    "travel": 0.8,
    "stress": 0.6,
    "ill": 0.5,
    "exercise": -0.5,
}
# Chance of each everyday tag on an ordinary night ("travel" and "ill" come in runs).
TAG_RATES: dict[str, float] = {
    "overtired": 0.08,
    "caffeine": 0.10,
    "alcohol": 0.06,
    "stress": 0.06,
    "exercise": 0.12,
}

# Relief from the nightly alpha-2-delta ligand at its low, middle and full dose.
ALPHA2_LEVELS: dict[str, tuple[float, float, float]] = {
    "gabapentin": (300.0, 600.0, 900.0),
    "pregabalin": (50.0, 75.0, 150.0),
}
ALPHA2_RELIEF = (0.5, 1.0, 1.5)
OPIOID_RELIEF = 1.2

# Between infusions ferritin drifts towards a floor (ng/mL) set by the oral iron taken: the
# patient slowly loses what an infusion gave.
FLOOR_BY_ORAL_IRON: dict[str | None, float] = {
    None: 40.0,
    "ferrous_sulfate": 55.0,
    "ferrous_bisglycinate": 70.0,
}


def ferritin_severity(brain_ferritin: float) -> float:
    """Mean severity, before medicines and tags, for a night at this (lagged) ferritin."""
    low, high = TRUE_TRANSITION
    if brain_ferritin >= high:
        return BEST_SEVERITY
    if brain_ferritin <= low:
        return WORSE_SEVERITY + WORSE_PER_NG * (low - brain_ferritin)
    x = (brain_ferritin - low) / (high - low)
    smooth = x * x * (3.0 - 2.0 * x)
    return WORSE_SEVERITY + (BEST_SEVERITY - WORSE_SEVERITY) * smooth
