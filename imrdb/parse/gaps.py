"""What a letter that was read leaves unread: one ``ParseWarning`` per fact the letter should
state but the parser could not read, saying where it looked.

A letter is only refused when no decision is readable; any other gap keeps the letter, with
the field null and a warning a user can list (``imrdb failures --warnings``) and check.
"""

from __future__ import annotations

import re

from imrdb.parse.fields import DATE_LABELS
from imrdb.parse.text import FURNITURE, Span
from imrdb.record import CaseRecord, ParseWarning

# Facts every layout states; age, sex and priority are left out: letters may omit them.
_STATED_BY_EVERY_LAYOUT = (
    "case_number",
    *DATE_LABELS,
    "reviewer_specialty",
    "reviewer_license_state",
)
_CREDENTIALS = ("reviewer_specialty", "reviewer_license_state")
_LABEL_OF = {
    name: re.compile(r"\b(?:" + "|".join(r"\s+".join(w.split()) for w in labels) + r")\b", re.I)
    for name, labels in DATE_LABELS.items()
}
_PRIORITY_LABEL = re.compile(r"\bPriority\s*:", re.IGNORECASE)


def _where(span: Span) -> str:
    return f"characters {span[0]}-{span[1]}"


def _missing(text: str, name: str, header: Span) -> str:
    if name == "case_number":
        return (
            f"no case number (CMyy-nnnnnnn) after a case-number label in the header "
            f"({_where(header)}) nor in a running header"
        )
    if name in _CREDENTIALS:
        return "not stated in the reviewer's credentials as the parser knows them"
    label = _LABEL_OF[name].search(text, *header)
    if label:
        return f"label {label.group()!r} found at {label.start()} but no readable date after it"
    return f"no {' / '.join(DATE_LABELS[name])} label with a date in the header ({_where(header)})"


_PAGE_OF = re.compile(r"page\s*(\d+)\s*of\s*(\d+)", re.IGNORECASE)
# A rationale that ends without a full stop is a letter cut short, unless it ends on its
# verdict (one real letter does: "... is not medically necessary").
_ENDS_WHOLE = re.compile(
    r"(?:[.!?\"”’)\]]|medically\s+necessary(?:\s+and\s+appropriate)?|upheld|overturned)\s*$",
    re.IGNORECASE,
)


def completeness(original: str, record: CaseRecord) -> list[ParseWarning]:
    """Signs that a letter is not whole: fewer pages than its furniture counts ("Page 3 of
    4" in a three-page text), or a last rationale that stops mid-sentence."""
    found = []
    totals = [
        int(m.group(2))
        for m in _PAGE_OF.finditer(original)
        if FURNITURE.match(original, original.rfind("\n", 0, m.start()) + 1)
    ]
    pages = original.rstrip("\f\n ").count("\f") + 1
    if totals and max(totals) > pages:
        found.append(
            ParseWarning(
                "completeness",
                f"page furniture counts {max(totals)} pages ('Page n of {max(totals)}'), "
                f"the text has {pages}",
            )
        )
    last = record.decisions[-1].rationale if record.decisions else None
    if last and not _ENDS_WHOLE.search(last):
        found.append(
            ParseWarning(
                "completeness", f"the last rationale stops mid-sentence: ...{last[-40:]!r}"
            )
        )
    return found


def warnings_of(
    text: str, record: CaseRecord, original: str | None = None
) -> tuple[ParseWarning, ...]:
    """The warnings of a record read from ``text`` (the prepared text its spans refer to);
    ``original``, the text as extracted, tells whether the letter is whole."""
    header = record.sections.get("header", (0, min(len(text), 2000)))
    found = [
        ParseWarning(name, _missing(text, name, header))
        for name in _STATED_BY_EVERY_LAYOUT
        if getattr(record, name) is None
    ]
    if record.priority is None and (label := _PRIORITY_LABEL.search(text, *header)):
        found.append(
            ParseWarning("priority", f"label 'Priority' at {label.start()} has no known value")
        )
    for d in record.decisions:
        if d.rationale is None:
            found.append(
                ParseWarning(f"decisions[{d.ordinal}].rationale", "no rationale after the item")
            )
    if original is not None:
        found.extend(completeness(original, record))
    return tuple(found)
