"""Filter values as users type them: a unique prefix of a choice, an alias, a day, a month
or a year, a specialty however spelled. Each reader returns the value or raises
:class:`~imrdb.search.query.QueryError` with an example of what it wants."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping, Sequence

from imrdb.record import CITED_BY, case_number_of
from imrdb.search.query import QueryError
from imrdb.vocab import specialties

_CITED_BY_ALIASES = {
    "ca": "claims_administrator",
    "claims": "claims_administrator",
    "administrator": "claims_administrator",
    "ur": "claims_administrator",
    "utilization_review": "claims_administrator",
    "expert": "reviewer",
    "expert_reviewer": "reviewer",
    "maximus": "reviewer",
    "imr": "reviewer",
}


def _key(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def choose(value: str, choices: Sequence[str], label: str, aliases: Mapping[str, str] = {}):
    """``value`` as one of ``choices``: exact, an alias, a unique prefix, or a unique part."""
    key = _key(value)
    by_key = {_key(c): c for c in choices}
    if key in by_key:
        return by_key[key]
    if key in aliases:
        return aliases[key]
    for test in (str.startswith, str.__contains__):
        found = [c for k, c in by_key.items() if key and test(k, key)]
        if len(found) == 1:
            return found[0]
    raise QueryError(f"unknown {label} {value!r}; {valid_values(value, choices)}")


def valid_values(value: str, choices: Sequence[str], shown: int = 15) -> str:
    """ "use one of: a, b, c" for a short list; the closest values of a long one."""
    if len(choices) <= shown:
        return f"use one of: {', '.join(choices)}"
    key = _key(value)
    near = [c for c in choices if key and key in _key(c)]
    near += difflib.get_close_matches(key, [_key(c) for c in choices], n=5, cutoff=0.5)
    by_key = {_key(c): c for c in choices}
    closest = list(dict.fromkeys(by_key.get(c, c) for c in near))[:5]
    if not closest:
        return f"{len(choices)} values, e.g. {', '.join(choices[:5])}"
    return f"closest: {', '.join(closest)}"


def year(value: str) -> int:
    if not re.fullmatch(r"\d{4}", value.strip()) or not 1990 <= int(value) <= 2100:
        raise QueryError(f"not a year: {value!r} (e.g. 2014)")
    return int(value)


_DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), ("m", "d", "y")),
    (re.compile(r"(\d{4})-(\d{1,2})"), ("y", "m")),
    (re.compile(r"(\d{4})"), ("y",)),
)


def parse_date(value: str, end: bool) -> dt.date:
    """A day, a month or a year; ``end`` takes the period's last day (``--until 2014``)."""
    for pattern, parts in _DATE_FORMATS:
        match = pattern.fullmatch(value.strip())
        if not match:
            continue
        got = dict(zip(parts, map(int, match.groups()), strict=True))
        try:
            if "d" in got:
                return dt.date(got["y"], got["m"], got["d"])
            if "m" in got:
                start = dt.date(got["y"], got["m"], 1)
                later = dt.date(got["y"] + got["m"] // 12, got["m"] % 12 + 1, 1)
                return later - dt.timedelta(days=1) if end else start
            return dt.date(got["y"], 12, 31) if end else dt.date(got["y"], 1, 1)
        except ValueError:
            break
    raise QueryError(f"not a date: {value!r} (e.g. 2014-07-25, 7/25/2014, 2014-07 or 2014)")


def specialty(value: str) -> str:
    name, known = specialties.normalize_one(value)
    if not name:
        raise QueryError('specialty: needs a value, e.g. specialty:"pain management"')
    if not known:  # "pain" would silently find nothing: say which certifications exist
        names = specialties.names()
        raise QueryError(f"unknown specialty {value!r}; {valid_values(value, names, shown=0)}")
    return name


def case_number(value: str) -> str:
    """A case number as ``show`` takes it ("cm14 0087654", "14-0087654")."""
    number = case_number_of(value)
    if not number:
        raise QueryError("case: needs a value, e.g. case:CM14-0087654")
    return number


def chooser(choices: Sequence[str], label: str) -> Callable[[str], str]:
    """A reader of one of ``choices`` (see :func:`choose`)."""
    return lambda value: choose(value, choices, label)


def party(value: str) -> str:
    """A citing party, by name or alias ("UR", "IMR", "expert")."""
    return choose(value, CITED_BY, "party", _CITED_BY_ALIASES)


def start_date(value: str) -> dt.date:
    return parse_date(value, end=False)


def end_date(value: str) -> dt.date:
    return parse_date(value, end=True)
