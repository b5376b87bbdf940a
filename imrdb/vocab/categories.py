"""A treatment as written -> one of the 13 categories, by the ordered rules of categories.json."""

from __future__ import annotations

import re
from functools import cache

from imrdb.vocab import load


@cache
def _compiled() -> tuple[list[re.Pattern[str]], list[tuple[str, str, re.Pattern[str]]]]:
    data = load("categories")
    prefixes = [re.compile(rf"^\s*{p}\s*", re.IGNORECASE) for p in data["prefixes"]]
    # One alternation per rule: a treatment is tried against 17 patterns, not 300.
    rules = [
        (
            rule["id"],
            rule["category"],
            re.compile("|".join(f"(?:{p})" for p in rule["patterns"]), re.IGNORECASE),
        )
        for rule in data["rules"]
    ]
    return prefixes, rules


def service(treatment: str) -> str:
    """The treatment without context prefixes ("Associated surgical service:", "Pre-op" ...)."""
    prefixes, _ = _compiled()
    text = treatment
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            stripped = prefix.sub("", text, count=1)
            if stripped != text and stripped.strip():
                text, changed = stripped, True
    return text


def classify(treatment: str) -> tuple[str, str | None]:
    """(category, id of the rule that decided it, or None for the default)."""
    text = service(treatment)
    for rule_id, category, pattern in _compiled()[1]:
        if pattern.search(text):
            return category, rule_id
    return load("categories")["default"], None


def categorize(treatment: str) -> str:
    return classify(treatment)[0]
