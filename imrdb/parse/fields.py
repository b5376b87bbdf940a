"""Small readers shared by every layout: labelled dates, case numbers, priority, the
reviewer's credentials, the worker's age and sex. Each returns a value and its span."""

from __future__ import annotations

import re

from imrdb.parse.dates import DATE, parse_date
from imrdb.parse.text import FURNITURE, Span, squash

Found = tuple[object, Span] | None

CASE_NUMBER = re.compile(r"\bCM\s?(\d{2})\s?-?\s?(\d{7})\b")
_CASE_LABEL = re.compile(r"Case\s*(?:Number|No\.?)\s*:?\s*(?:for\s+)?", re.IGNORECASE)


DATE_LABELS: dict[str, tuple[str, ...]] = {
    "letter_date": (
        "Decision Date",
        "Dated",
        "Date of Letter",
        "Letter Date",
        "Date of Decision",
        "Determination Date",
        "Date of Determination",
    ),
    "date_assigned": ("Date Assigned", "Assignment Date", "Date of Assignment"),
    "date_of_injury": ("Date of Injury", "Injury Date", "DOI"),
    "ur_decision_date": (
        "UR Denial Date",
        "Date of UR Decision",
        "UR Decision Date",
        "Date of UR Denial",
        "Date of Utilization Review Decision",
        "Utilization Review Date",
    ),
    "application_received": (
        "IMR Application Received",
        "Application Received",
        "Date Application Received",
        "Date IMR Application Received",
        "Application Received Date",
        "IMR Application Received Date",
        "Application Date",
    ),
}


# Every label of every date field in one alternation, so a header is read in one pass;
# longer labels first, so "UR Decision Date" is not read as "Decision Date".
_FIELD_OF = {label.lower(): name for name, labels in DATE_LABELS.items() for label in labels}
_LABELS = re.compile(
    r"\b(?P<label>"
    + "|".join(r"\s+".join(label.split()) for label in sorted(_FIELD_OF, key=len, reverse=True))
    + rf")\s*:?[ \t]*\n?[ \t]*(?P<date>{DATE})",
    re.IGNORECASE,
)
# The published header's wrapped label, its value beside the first half ("Application
# 11/03/2016" / "Received:") or after the second.
_WRAPPED_RECEIVED = re.compile(
    rf"\bApplication[ \t]*({DATE})?[ \t]*\n(?:[ \t]*({DATE})[ \t]*\n)?[ \t]*Received\s*:?[ \t]*"
    rf"({DATE})?",
    re.IGNORECASE,
)


def labelled_dates(text: str, start: int = 0, end: int | None = None) -> dict[str, Found]:
    """Each header date field's first labelled date in text[start:end]."""
    region_end = len(text) if end is None else end
    found: dict[str, Found] = dict.fromkeys(DATE_LABELS)
    for match in _LABELS.finditer(text, start, region_end):
        name = _FIELD_OF[squash(match.group("label")).lower()]
        value = parse_date(match.group("date"))
        if value and found[name] is None:
            found[name] = (value, match.span("date"))
    if found["application_received"] is None:
        match = _WRAPPED_RECEIVED.search(text, start, region_end)
        group = next((g for g in (1, 2, 3) if match and match.group(g)), None)
        value = parse_date(match.group(group)) if group else None
        if value:
            found["application_received"] = (value, match.span(group))
    return found


def case_number(text: str, start: int = 0, end: int | None = None) -> Found:
    """The labelled case number ("IMR Case Number:", "MAXIMUS Case Number:", ...)."""
    region_end = len(text) if end is None else end
    for match in _CASE_LABEL.finditer(text, start, region_end):
        number = CASE_NUMBER.match(text, match.end())
        if number:
            return f"CM{number.group(1)}-{number.group(2)}", number.span()
    return None


def case_number_in_furniture(text: str) -> Found:
    """The case number of a running header or footer (text with its furniture intact)."""
    for line in FURNITURE.finditer(text):
        number = CASE_NUMBER.search(line.group())
        if number:
            span = (line.start() + number.start(), line.start() + number.end())
            return f"CM{number.group(1)}-{number.group(2)}", span
    return None


_PRIORITY = re.compile(
    r"\bPriority(?:\s+Level)?\s*:?\s*(Standard|Expedited|Regular|Urgent)\b", re.IGNORECASE
)


def priority(text: str, start: int = 0, end: int | None = None) -> Found:
    match = _PRIORITY.search(text, start, len(text) if end is None else end)
    if not match:
        return None
    word = match.group(1).lower()
    return ("expedited" if word in ("expedited", "urgent") else "standard"), match.span(1)


_FINAL = re.compile(
    r"Final\s+Determination\s*:?\s*"
    r"(PARTIALLY\s+OVERTURNED|OVERTURNED\s+IN\s+PART|UPHELD\s+IN\s+PART|PARTIALLY\s+UPHELD"
    r"|UPHELD|OVERTURNED)\b",
    re.IGNORECASE,
)


def stated_determination(text: str, start: int = 0, end: int | None = None) -> Found:
    match = _FINAL.search(text, start, len(text) if end is None else end)
    if not match:
        return None
    words = squash(match.group(1)).upper()
    value = {"UPHELD": "upheld", "OVERTURNED": "overturned"}.get(words, "partially_overturned")
    return value, match.span(1)


# --- the reviewer ----------------------------------------------------------------------

_LICENSURE = re.compile(r"State\(s\)\s+of\s+Licensure\s*:[ \t]*([^\n]*)", re.IGNORECASE)
_CERTIFICATION = re.compile(r"Certification\(s\)\s*/\s*Specialty\s*:[ \t]*", re.IGNORECASE)
# A certification line wraps when it is (nearly) as long as the page's full lines, or ends
# in a connector; the next line then continues it.
_CONNECTOR = re.compile(r"(?:[,&/-]|\band)\s*$", re.IGNORECASE)
_WRAP_SHARE = 0.8
# A line that starts a sentence of prose does not continue a certification.
_SENTENCE = re.compile(r"\s*(?:(?:The|This|He|She|His|Her|He/she)\s+[a-z]|Dear\b)")
_BOARD = re.compile(
    r"Board[- ]Certified\s+in\s+(.+?)(?=,?\s+and\s+(?:is\s+)?licensed|,\s+is\s+licensed|\.\s|\.$"
    r"|\s+with\s+a\s+subspecialty|\n[ \t]*\n)",
    re.IGNORECASE | re.DOTALL,
)
_LICENSED = re.compile(
    r"licensed\s+to\s+practice\s+in\s+(.+?)(?=\.|,\s+(?:and|He|She)|\s+and\s+(?:has|is)\b"
    r"|\s+He/she|\n[ \t]*\n)",
    re.IGNORECASE | re.DOTALL,
)


def states(raw: str) -> str | None:
    """ "California,North Carolina" -> "California, North Carolina"."""
    parts = [squash(p) for p in re.split(r",|;|\band\b", raw) if squash(p)]
    return ", ".join(parts) or None


def licensure(text: str, start: int = 0, end: int | None = None) -> Found:
    region_end = len(text) if end is None else end
    match = _LICENSURE.search(text, start, region_end) or _LICENSED.search(text, start, region_end)
    if not match:
        return None
    value = states(match.group(1))
    return (value, match.span(1)) if value else None


def _full_width(text: str) -> int:
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    return lengths[int(len(lengths) * 0.95)] if lengths else 0


def _certification_span(text: str, start: int, end: int) -> Span:
    """The certification value after its label: its line, and the lines it wraps onto."""
    full = _full_width(text)
    line_end = text.find("\n", start, end)
    stop = line_end if line_end >= 0 else end
    while line_end >= 0:
        line = text[text.rfind("\n", 0, line_end) + 1 : line_end]
        following_end = text.find("\n", line_end + 1, end)
        following_end = following_end if following_end >= 0 else end
        following = text[line_end + 1 : following_end]
        wraps = len(line) >= _WRAP_SHARE * full or _CONNECTOR.search(line)
        if (
            not (wraps and following.strip())
            or re.match(r"\s*State\(s\)", following)
            or _SENTENCE.match(following)
        ):
            break
        stop, line_end = following_end, (following_end if following_end < end else -1)
    return start, stop


def specialty(text: str, start: int = 0, end: int | None = None) -> Found:
    region_end = len(text) if end is None else end
    label = _CERTIFICATION.search(text, start, region_end)
    if label:
        span = _certification_span(text, label.end(), region_end)
    else:
        board = _BOARD.search(text, start, region_end)
        if not board:
            return None
        span = board.span(1)
    value = squash(text[span[0] : span[1]]).rstrip(" .,;")
    return (value, span) if value else None


# --- the worker ------------------------------------------------------------------------

_AGE = r"(\d{1,3})\s?-?\s?(?:year|yr)s?\s?-?\s?old"
_SEX_WORD = r"(male|female|man|woman|gentleman|lady)"
_AGE_SEX = re.compile(
    rf"\b{_AGE}\b(?:[,\s]+(?:[A-Za-z-]+[,\s]+){{0,3}}?{_SEX_WORD}\b)?", re.IGNORECASE
)
_SEX = re.compile(rf"\b{_SEX_WORD}\b", re.IGNORECASE)
_SEXES = {
    "male": "male",
    "man": "male",
    "gentleman": "male",
    "female": "female",
    "woman": "female",
    "lady": "female",
}


def age_and_sex(text: str, start: int, end: int) -> tuple[Found, Found]:
    """The worker's age and sex as the case summary first states them (pronouns state
    neither: a field the letter does not state is null)."""
    age: Found = None
    sex: Found = None
    match = _AGE_SEX.search(text, start, end)
    if match:
        years = int(match.group(1))
        if 0 < years < 120:
            age = (years, match.span(1))
        if match.group(2):
            sex = (_SEXES[match.group(2).lower()], match.span(2))
    if sex is None:
        word = _SEX.search(text, start, match.start() if match else end)
        word = word or (_SEX.search(text, match.end(), end) if match else None)
        if word:
            sex = (_SEXES[word.group(1).lower()], word.span(1))
    return age, sex


_INJURED_ON = re.compile(
    rf"(?:sustained\s+(?:an?\s+)?(?:[\w-]+\s+){{0,3}}?injur(?:y|ies)|date\s+of\s+injury"
    rf"|was\s+injured|injured\s+(?:her|his|their)\s+\w+)[^.\n]{{0,30}}?\s+(?:on\s+|of\s+)?({DATE})",
    re.IGNORECASE,
)


def injury_in_summary(text: str, start: int, end: int) -> Found:
    """The injury date as the case summary states it (when the header does not)."""
    match = _INJURED_ON.search(text, start, end)
    if not match:
        return None
    value = parse_date(match.group(1))
    return (value, match.span(1)) if value else None
