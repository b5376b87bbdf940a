"""The diagnoses a case summary states, as written, each with the body region it names.

Summaries state them in a handful of ways: "The current diagnoses are documented as A, B
and C", "Diagnoses include A; B", "was diagnosed as having A", "is undergoing treatment
for A and B", "gave the applicant diagnoses of A". ``find_diagnoses`` reads every such
statement and splits its list; pure, offsets into the text it was given.
"""

from __future__ import annotations

import re
from itertools import pairwise

from imrdb.record import Diagnosis, Span
from imrdb.vocab import regions

# What introduces a list of diagnoses. The noun needs a verb or "of" after it, so "the
# diagnosis remains uncertain" and "diagnostic studies" introduce nothing.
_LEAD = re.compile(
    r"""
    \bdiagnos[ie]s\s*(?:,\s*and[-/ ]or\s+impressions\s*,\s*)?
        (?:(?:is|are|was|were)\s+(?:(?:documented|noted|listed|given)\s+)?
              (?:as|is|to\s+include|including)?
          |(?:that\s+)?includ(?:ed|es|ing|e)
          |of
        )\s*:?
    |\bdiagnosed\s+(?:as\s+having|with|as)
    |\b(?:undergoing|receiving)\s+treatments?\s+for\s*:?
    |\bbeing\s+treated\s+for
    |\btreated\s+for\s+(?=the\s+diagnos)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Where the statement ends: a full stop before the next sentence, or a paragraph break.
_END = re.compile(r"\.(?=\s+[A-Z(\"]|\s*$)|\n\s*\n|$")
# A clause that leaves the list ("... sprain, which was treated ...", "... and was seen").
_CLAUSE = re.compile(
    r",?\s+(?:which|who|that|and\s+(?:was|is|has|had|were|presented|reported)"
    r"|(?:was|were|is|has|had)\s+(?:seen|treated|noted|placed|referred|evaluated))\b",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:(?:the\s+)?diagnos[ie]s\s+of|and|a|an|the|with)\s+", re.IGNORECASE)
# ICD wordings whose commas do not separate diagnoses.
_ONE_PHRASE = re.compile(r"muscles?,\s*fascia,?\s+(?:and\s+)?tendons?", re.IGNORECASE)
# "..., initial encounter" and "..., left hand" qualify the diagnosis before them.
_QUALIFIER = re.compile(
    r"(?:initial|subsequent)\s+encounter|sequela|unspecified|not otherwise specified",
    re.IGNORECASE,
)
_SIDE = re.compile(r"\b(?:right|left|bilateral|both|(?:right|left)[- ]?sided)\b", re.IGNORECASE)
# A word that names a condition: only what holds one may stand alone after "and".
_CONDITION = re.compile(
    r"\b(?:pain|strains?|sprains?|contusions?|fractures?|tears?|rupture|syndrome|injury|"
    r"injuries|disorders?|disease|dysfunction|lesions?|laceration|trauma|impingement|"
    r"displacement|protrusion|herniation|bulg\w*|stenosis|loss|hernia|lumbago|sciatica|"
    r"migraines?|anxiety|depression|syncope|nausea|palpitations|weakness|concussion|"
    r"status post|\w+(?:itis|algia|osis|opath(?:y|ies)|aches?|esthesias?|omnia|cardia|plegia|"
    r"isms?))\b",
    re.IGNORECASE,
)
# A condition noun alone ("... spine sprain and strain") shares the words before it.
_BARE_NOUN = re.compile(r"\s*(?:strains?|sprains?|pain|injury|injuries|contusions?)\s*")
_LEADING_QUALIFIER = re.compile(
    r"\s*(?P<qualifier>(?:initial|subsequent)\s+encounter|sequela)\s+and\s+", re.IGNORECASE
)


def _bare_site(part: str) -> bool:
    """A part that only names where ("hip", "and foot", "left upper limb")."""
    words = _SIDE.sub(" ", _LEADING.sub("", part.strip())).strip(" ,")
    if not words:
        return True
    return (
        regions.first(words) is not None
        and _CONDITION.search(words) is None
        and (len(words.split()) <= 2)
    )


def _cut(masked: str, a: int, b: int, at: str) -> list[tuple[int, int]]:
    bounds = [a, *(a + m.start() for m in re.finditer(at, masked[a:b])), b]
    return [(x + (x > a), y) for x, y in pairwise(bounds)]


def _and_split(masked: str, a: int, b: int) -> list[tuple[int, int]]:
    """ "A and B" -> A, B when each side names a condition ("lumbar strain and left hip
    strain"), never "right and left shoulder sprain" or "neck and shoulder strain"."""
    for joint in reversed(list(re.finditer(r"\s+and\s+", masked[a:b]))):
        left, right = masked[a : a + joint.start()], masked[a + joint.end() : b]
        if (
            _CONDITION.search(left)
            and _CONDITION.search(right)
            and not re.search(r"(?:right|left|bilateral)\s*$", left, re.IGNORECASE)
            and not _BARE_NOUN.fullmatch(left)
            and not _BARE_NOUN.fullmatch(right)
        ):
            return [*_and_split(masked, a, a + joint.start()), (a + joint.end(), b)]
    return [(a, b)]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The list ``text[start:end]`` cut into one span per diagnosis."""
    masked = _ONE_PHRASE.sub(lambda m: "x" * len(m.group(0)), text[start:end])
    out: list[tuple[int, int]] = []
    for a, b in _cut(masked, 0, len(masked), ";"):
        parts = _cut(masked, a, b, ",")
        if len(parts) > 1 and _bare_site(masked[parts[0][0] : parts[0][1]]):
            out.append((a, b))  # "lumbar, hip, and neck strain" shares its noun
            continue
        merged: list[tuple[int, int]] = []
        for x, y in parts:
            lead = _LEADING_QUALIFIER.match(masked, x, y)
            if merged and lead:  # "..., subsequent encounter and sciatica of left side"
                merged[-1] = (merged[-1][0], lead.end("qualifier"))
                x = lead.end()
            elif merged and (
                _CONDITION.search(masked, x, y) is None or _QUALIFIER.fullmatch(masked[x:y].strip())
            ):  # a site, a tissue or a qualifier belongs to the diagnosis before it
                merged[-1] = (merged[-1][0], y)
                continue
            merged.append((x, y))
        for x, y in merged:
            out.extend(_and_split(masked, x, y))
    return [(start + a, start + b) for a, b in out]


def _clean(text: str, a: int, b: int) -> tuple[str, int, int] | None:
    raw = text[a:b]
    lead = len(raw) - len(raw.lstrip())
    a += lead
    raw = raw.strip()
    while True:
        m = _LEADING.match(raw)
        if not m:
            break
        raw, a = raw[m.end() :], a + m.end()
    raw = raw.rstrip(" .,:;\"'")
    if not raw or not re.search(r"[A-Za-z]{3}", raw):
        return None
    return " ".join(raw.split()), a, a + len(raw)


def find_diagnoses(summary: str, offset: int = 0) -> tuple[Diagnosis, ...]:
    """Every diagnosis ``summary`` states, in order, each once (case-insensitively); spans
    are offsets into ``summary`` plus ``offset``."""
    found: list[Diagnosis] = []
    seen: set[str] = set()
    for lead in _LEAD.finditer(summary):
        end = _END.search(summary, lead.end())
        stop = end.start() if end else len(summary)
        clause = _CLAUSE.search(summary, lead.end(), stop)
        if clause:
            stop = clause.start()
        for a, b in _pieces(summary, lead.end(), stop):
            cleaned = _clean(summary, a, b)
            if cleaned is None:
                continue
            text, start, end_ = cleaned
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            found.append(Diagnosis(text, regions.first(text), (offset + start, offset + end_)))
    return tuple(found)


def in_section(text: str, section: Span | None) -> tuple[Diagnosis, ...]:
    """The diagnoses of ``text[section]`` (the case summary), spans into ``text``."""
    if section is None:
        return ()
    start, end = section
    return find_diagnoses(text[start:end], offset=start)
