"""Dates as letters write them: 07/23/2014, 7/23/2014, 10-13-16, July 23, 2014."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

# Numeric: month/day/year with / or -, two- or four-digit year.
NUMERIC = r"\d{1,2}\s?[/-]\s?\d{1,2}\s?[/-]\s?(?:\d{4}|\d{2})(?!\d)"
# Written: "July 23, 2014", "Jul. 23 2014".
WRITTEN = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+\d{1,2},?\s+\d{4}"
DATE = rf"(?:{NUMERIC}|{WRITTEN})"
DATE_RE = re.compile(DATE, re.IGNORECASE)


def _year(value: int) -> int:
    # Two-digit years: letters date from 2013 on and injuries from decades before.
    if value >= 100:
        return value
    return 2000 + value if value <= 69 else 1900 + value


def parse_date(text: str | None) -> dt.date | None:
    """The date a string states, or None when it states none (or an impossible one)."""
    if not text:
        return None
    match = DATE_RE.search(text)
    if not match:
        return None
    value = match.group()
    numbers = [int(n) for n in re.findall(r"\d+", value)]
    try:
        if value[0].isdigit():
            month, day, year = numbers
        else:
            month = MONTHS[re.match(r"[a-z]+", value, re.IGNORECASE).group().lower()]
            day, year = numbers
        return dt.date(_year(year), month, day)
    except (ValueError, KeyError):
        return None
