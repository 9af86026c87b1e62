"""Turning what a person typed into numbers and times, with a plain message when it cannot be."""

from __future__ import annotations

import math
import re
from datetime import time


class InputError(ValueError):
    """Typed text that cannot be read; `message` says what is allowed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_decimal(text: str, what: str) -> float | None:
    """'7,5', '7.5', ' 7 ' -> 7.5 / 7.0; empty -> None. `what` names the field in messages."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(f"{what} must be a number, like 7.5") from None
    if not math.isfinite(value):
        raise InputError(f"{what} must be a number, like 7.5")
    return value


def parse_measured(text: str, what: str) -> tuple[str, float | None]:
    """A lab value: '45' -> ('', 45.0); '<5' -> ('<', 5.0) below the lab's limit; '>1000' ->
    ('>', 1000.0) above its range; empty -> ('', None)."""
    cleaned = text.strip()
    limit = cleaned[:1] if cleaned[:1] in ("<", ">") else ""
    try:
        value = parse_decimal(cleaned[len(limit) :], what)
    except InputError:
        raise InputError(f"{what} must be a number like 7.5, or a limit like <5") from None
    if limit and value is None:
        raise InputError(f"{what}: write the limit after '{limit}', like {limit}5")
    return limit, value


def parse_whole(text: str, what: str) -> int | None:
    """'12' -> 12; empty -> None; '1.5' or 'abc' -> InputError."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not re.fullmatch(r"[+-]?\d+", cleaned):
        raise InputError(f"{what} must be a whole number, like 3")
    return int(cleaned)


_HOURS_MINUTES = re.compile(
    r"(\d{1,2})\s*(?::|h|hr?s?)\s*(?:(\d{1,2})\s*(?:m|min|mins)?)?", re.IGNORECASE
)


def parse_hours(text: str, what: str) -> float | None:
    """A duration in hours: '7.5', '7,5', or hours and minutes '7:30', '7h30', '7h' -> 7.5."""
    cleaned = text.strip()
    match = _HOURS_MINUTES.fullmatch(cleaned)
    if match is None:
        try:
            return parse_decimal(text, what)
        except InputError:
            raise InputError(f"{what} must be a number, like 7.5 or 7:30") from None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if minutes > 59:
        raise InputError(f"{what}: {cleaned!r} has more than 59 minutes; write it like 7:30")
    return hours + minutes / 60


_TIME = re.compile(r"(\d{1,2})(?:[:.h ]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", re.IGNORECASE)


def parse_time(text: str, what: str) -> time | None:
    """'23:30', '23.30', '2330', '7', '11pm', '11:15 pm' -> a time; empty -> None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _TIME.fullmatch(cleaned)
    problem = InputError(f"{what} must be a time of day, like 22:30")
    if not match:
        raise problem
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            raise problem
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise problem
    return time(hour, minute)


def format_number(value: float | None) -> str:
    """7.0 -> '7', 7.25 -> '7.25', None -> ''."""
    if value is None:
        return ""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def format_time(value: time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")
