"""Chart tests: a demo patient and small diaries with known answers, drawn with Agg."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg

from diary.analysis import Analysis, analyse
from diary.charts.base import ChartFigure
from diary.demo import generate_contents
from diary.records import (
    DiaryContents,
    Dose,
    Infusion,
    LabResult,
    Night,
    Supplement,
    Venesection,
)

DEMO_END = date(2025, 6, 30)
SMALL_START = date(2025, 1, 1)


def draw(fig: ChartFigure, size: tuple[float, float] = (10.24, 6.8)) -> ChartFigure:
    """Lay out and render the figure as the window would (raises on any drawing error)."""
    FigureCanvasAgg(fig)
    fig.set_size_inches(*size)
    fig.canvas.draw()
    return fig


def by_gid(fig: ChartFigure, gid: str) -> list[Artist]:
    return list(fig.findobj(lambda a: a.get_gid() == gid))


def one(fig: ChartFigure, gid: str) -> Artist:
    found = by_gid(fig, gid)
    assert len(found) == 1, f"{gid}: {len(found)} artists"
    return found[0]


def ferritin(day: date, value: float, **kw: object) -> LabResult:
    return LabResult(day, "ferritin", value, "ng/mL", canonical_value=value, **kw)  # type: ignore[arg-type]


def small_diary() -> DiaryContents:
    """40 nights; ferritin 50 on day 0 and 90 on day 20; an infusion on day 25; gabapentin
    on days 0-9 and 15-19; ferrous sulfate on days 5-7; a venesection on day 30; TSAT 18 %;
    8 hours in bed each night, 7 asleep, except 4 on night 2 (severity 2)."""
    d = [SMALL_START + timedelta(i) for i in range(40)]
    nights = tuple(
        Night(
            d[i],
            i % 10,
            sleep_hours=4.0 if i == 2 else 7.0,
            bedtime=time(23, 0),
            wake_time=time(7, 0),
            sleep_latency_min=30,
        )
        for i in range(40)
    )
    return DiaryContents(
        nights=nights,
        labs=(
            ferritin(d[0], 50.0),
            ferritin(d[20], 90.0),
            LabResult(d[20], "tsat", 18.0, "%", canonical_value=18.0),
        ),
        doses=tuple(Dose(d[i], "gabapentin", 300, "mg") for i in [*range(10), *range(15, 20)]),
        supplements=tuple(
            Supplement(d[i], "ferrous_sulfate", 200, elemental_iron_mg=40) for i in range(5, 8)
        ),
        infusions=(Infusion(d[25], "ferric_carboxymaltose", 500.0),),
        venesections=(Venesection(d[30], 450.0),),
    )


@pytest.fixture(scope="session")
def demo() -> tuple[DiaryContents, Analysis]:
    contents = generate_contents(seed=1, years=2, end=DEMO_END)
    return contents, analyse(contents, DEMO_END)


@pytest.fixture(scope="session")
def small() -> tuple[DiaryContents, Analysis]:
    contents = small_diary()
    return contents, analyse(contents, SMALL_START + timedelta(40))
