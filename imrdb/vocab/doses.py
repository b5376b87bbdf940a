"""Strength and quantity as requests write them: "10/325mg #120", "7.5-325mg", "5% ... #1".

Pure text functions; the drug's name is found elsewhere (``drugs``).
"""

from __future__ import annotations

import re

# A number as letters write it: "10", "7.5", ".5", "0.025".
_NUMBER = r"\d*\.?\d+"
# A strength: numbers joined by "/" or "-" and a dose unit ("10/325mg", "7.5-325 mg",
# "25mcg/hr", "10mg/1ml", "20%"). Grams and millilitres alone are amounts, not strengths.
_STRENGTH = re.compile(
    rf"(?<![\w.])(?P<numbers>{_NUMBER}(?:\s*[/-]\s*{_NUMBER})*)\s*"
    r"(?P<unit>%|mg|mcg|meq|units?)"
    r"(?P<per>\s*/\s*(?:\d*\.?\d*\s*)?(?:ml|hr|hour|dose|gm?|actuation))?(?![a-z])",
    re.IGNORECASE,
)
# "#120", "# 60", "#1"; also "quantity 30", "qty: 30", "120 tablets".
_QUANTITY = re.compile(
    r"#\s*(?P<hash>\d+)(?!\s*(?:mg|%))\b"
    r"|\b(?:quantity|qty)\.?\s*:?\s*(?P<word>\d+)\b"
    r"|\b(?P<count>\d+)\s+(?:tablets|tabs|capsules|caps|patches)\b",
    re.IGNORECASE,
)
_NOT_A_QUANTITY = re.compile(r"\btylenol\s*#\s*\d", re.IGNORECASE)


def _one(match: re.Match[str]) -> str:
    numbers = "/".join(n.strip() for n in re.split(r"[/-]", match.group("numbers")))
    unit = match.group("unit").lower()
    per = match.group("per")
    if per:
        per_unit = re.sub(r"[\s\d.]", "", per).lower()  # "/1ml" -> "/ml"
        unit = f"{unit}{per_unit}"
    return f"{numbers}%" if unit == "%" else f"{numbers} {unit}"


def strength(text: str) -> str | None:
    """The strength(s) written, normalized ("10/325 mg", "5%", "20%/5%/0.025%"), or None."""
    found = [_one(m) for m in _STRENGTH.finditer(text)]
    if not found:
        return None
    if all(s.endswith("%") for s in found) and len(found) > 1:
        return "/".join(found)  # a compound: one percentage per ingredient
    return ", ".join(dict.fromkeys(found))


def quantity(text: str) -> int | None:
    """The quantity requested ("#120" -> 120), or None."""
    cleaned = _NOT_A_QUANTITY.sub(" ", text)
    match = _QUANTITY.search(cleaned)
    if not match:
        return None
    return int(match.group("hash") or match.group("word") or match.group("count"))
