"""What the diary works out from the records (docs/analysis.md): pure functions, numpy only."""

from diary.analysis.core import Analysis, NightSeries, analyse
from diary.analysis.json_out import to_json
from diary.analysis.sentences import describe

__all__ = ["Analysis", "NightSeries", "analyse", "describe", "to_json"]
