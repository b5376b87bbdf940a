"""Drug names as requests write them -> generic, class and brand (drugs.json).

"Norco 10/325mg #120" names hydrocodone/acetaminophen by its brand; "Flurbiprofen 20%,
Baclofen 5% ... in cream base" names five generics. ``mentions`` finds each, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from imrdb.vocab import load


@dataclass(frozen=True)
class Mention:
    """One drug named in a treatment."""

    generic: str
    drug_class: str
    brand: str | None  # the brand as written, when a brand named it
    compounded: bool  # a compounding kit or premixed compound brand
    start: int
    end: int


@cache
def _table() -> tuple[re.Pattern[str], dict[str, tuple[dict, str | None]]]:
    entries = load("drugs")["drugs"]
    alternatives: list[tuple[int, str, str]] = []  # (priority, group, regex)
    groups: dict[str, tuple[dict, str | None]] = {}
    for i, entry in enumerate(entries):
        # Combinations ("hydrocodone/APAP") are tried before their parts ("hydrocodone").
        priority = 0 if "/" in entry["generic"] else 1
        if entry.get("patterns"):
            group = f"g{i}"
            groups[group] = (entry, None)
            alternatives.append((priority, group, "|".join(f"(?:{p})" for p in entry["patterns"])))
        for j, brand in enumerate(entry.get("brands", [])):
            group = f"b{i}_{j}"
            groups[group] = (entry, brand)
            alternatives.append((priority, group, re.escape(brand).replace(r"\ ", r"\s+")))
    # Longer names first within a priority, so "Ambien CR" is not read as "Ambien" + "CR".
    alternatives.sort(key=lambda a: (a[0], -len(a[2])))
    pattern = "|".join(rf"(?P<{g}>\b(?:{rx})\b)" for _, g, rx in alternatives)
    return re.compile(pattern, re.IGNORECASE), groups


def mentions(text: str) -> list[Mention]:
    """Every drug ``text`` names, in order; a generic named twice ("Meloxicam (Mobic)") once."""
    pattern, groups = _table()
    found: list[Mention] = []
    for match in pattern.finditer(text):
        entry, brand = groups[match.lastgroup or ""]
        written = match.group(0) if brand else None
        compounded = brand is not None and brand in entry.get("compounded_brands", [])
        mention = Mention(
            entry["generic"], entry["class"], written, compounded, match.start(), match.end()
        )
        known = next((m for m in found if m.generic == mention.generic), None)
        if known is None:
            found.append(mention)
        elif known.brand is None and written:  # "Meloxicam (Mobic)": keep the brand
            found[found.index(known)] = Mention(
                known.generic, known.drug_class, written, compounded, known.start, known.end
            )
    return found
