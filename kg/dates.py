"""Dates as precise as a source gives them: its own words, a calendar value, bounds."""

import calendar
import datetime
import re
from dataclasses import dataclass

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class DateSpec:
    """A date from a source. ``precision`` is day, month, year or text."""

    text: str | None = None
    value: str | None = None
    precision: str = "text"
    not_before: datetime.date | None = None
    not_after: datetime.date | None = None


def parse_value(raw):
    """Parse an ISO day, month or year; return (value, precision, first day, last day).

    >>> parse_value("2014-05")
    ('2014-05', 'month', datetime.date(2014, 5, 1), datetime.date(2014, 5, 31))
    """
    if isinstance(raw, datetime.datetime):
        raise ValueError(f"{raw} has a time of day; give a date")
    if isinstance(raw, datetime.date):
        return raw.isoformat(), "day", raw, raw
    text = str(raw).strip()
    if m := _YEAR.match(text):
        year = int(m[1])
        return text, "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month:02d}")
        last = calendar.monthrange(year, month)[1]
        return text, "month", datetime.date(year, month, 1), datetime.date(year, month, last)
    if _DAY.match(text):
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a day of the calendar") from None
        return text, "day", day, day
    raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")


def _bound(raw, name):
    value, _, first, last = parse_value(raw)
    return first if name == "not_before" else last


def parse_date(raw):
    """A DateSpec from a facts file: an ISO value, or a mapping with text, value and bounds.

    >>> parse_date({"text": "last June"}).precision
    'text'
    >>> parse_date("2016-02-30")
    Traceback (most recent call last):
    ValueError: '2016-02-30' is not a day of the calendar
    """
    if isinstance(raw, (str, int, datetime.date)) and not isinstance(raw, bool):
        value, precision, first, last = parse_value(raw)
        return DateSpec(value=value, precision=precision, not_before=first, not_after=last)
    if not isinstance(raw, dict):
        raise ValueError("a date is an ISO date or a mapping with text, value, not_before, not_after")
    unknown = set(raw) - {"text", "value", "not_before", "not_after"}
    if unknown:
        raise ValueError(f"unknown date key {sorted(map(str, unknown))[0]!r} (use text, value, not_before, not_after)")
    text = raw.get("text")
    if text is not None and (not isinstance(text, str) or not text.strip()):
        raise ValueError("date text must be the source's words")
    value = precision = None
    first = last = None
    if raw.get("value") is not None:
        value, precision, first, last = parse_value(raw["value"])
    if text is None and value is None:
        raise ValueError("a date needs its text or its value")
    for name in ("not_before", "not_after"):
        if raw.get(name) is not None:
            bound = _bound(raw[name], name)
            if name == "not_before":
                first = max(first, bound) if first else bound
            else:
                last = min(last, bound) if last else bound
    if first and last and first > last:
        raise ValueError(f"the date cannot be both not before {first} and not after {last}")
    return DateSpec(text=text, value=value, precision=precision or "text", not_before=first, not_after=last)
