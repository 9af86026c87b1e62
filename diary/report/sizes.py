"""The report's choices a person makes: text size and sleep-diary weeks (no Qt, for the CLI)."""

from __future__ import annotations

# The report's text sizes in percent of the normal print.
TEXT_SIZES = (100, 125, 150)
# The printed sleep diary covers the last 2 or 4 weeks (0: none).
SLEEP_DIARY_WEEKS = (2, 4)
