"""Guideline sentences -> citations.

Two conventions, one per era, because the two ground truths differ: the published
2016-2017 letters keep a title as written after "Decision based on MTUS" / "Non-MTUS
Citation" (sections and page text included; the real letters' truth.jsonl), while the
older layouts give it "normalized for display" (DATA_CONTRACT's example, the seed letter):
the page reference and the "Official Disability Guidelines (ODG)," preamble removed.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cache

from imrdb.parse.text import squash
from imrdb.record import Citation
from imrdb.vocab import load


class TitleStyle(Enum):
    AS_WRITTEN = "as_written"
    DISPLAY = "display"


# Where a citation starts, in the sentence shapes letters use: "Decision based on MTUS ...",
# "Decision based on the MTUS: ...", "MTUS: ...", "Based on MTUS Citation ...", "Decision based
# on Non-MTUS Citation ...", "Non-MTUS: ...", "Citation: ...", or "Decision based on" a source
# that names itself ("Official Disability Guidelines ...", "ODG ...", "ACOEM ...").
_BASED_ON = r"(?:Decision\s+)?based\s+on\s+(?:the\s+)?"
_MARKER = re.compile(
    rf"""{_BASED_ON}(?P<mtus>MTUS)(?:\s+Citation)?\b\s*:?
      | (?:{_BASED_ON})?Non-\s*MTUS(?:\s+Citation)?\b\s*:?
      | (?<![\w-])(?P<mtus_label>MTUS)\s*:
      | (?<![\w-])Citation\s*:
      | {_BASED_ON}(?=Official\s+Disability|ODG\b|ACOEM\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_OUTSIDE_MTUS = re.compile(
    r"The\s+(?:Claims\s+Administrator|Expert\s+Reviewer|reviewer)\s+based\s+(?:their|its|his|her)"
    r"\s+decision\s+on\s+recommendation\(s\)\s+outside\s+of\s+the\s+MTUS(?:\s+Guidelines)?\.?",
    re.IGNORECASE,
)
ADOPTS_CLAIMS_ADMINISTRATOR = re.compile(
    r"found\s+the\s+guidelines?\s+used\s+by\s+the\s+Claims\s+Administrator\s+relevant\s+and"
    r"\s+appropriate",
    re.IGNORECASE,
)
_OTHER_GUIDELINES = re.compile(r",?\s+and\s+Other\s+Medical\s+Treatment\s+Guidelines?\s+")
_NUMBER = r"\d+(?:\s*[-–]\s*\d+)?"
_PAGES = re.compile(
    rf"""(?:,\s*|\s+|^)(?:
        Page\(s\)\s*:?\s*|Pages?\s*:?\s*|pgs?\.?\s*|pp\.?\s*|p\.?\s*(?=\d)
    )({_NUMBER}(?:\s*(?:,|and|&)\s*{_NUMBER})*)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_ODG_PREAMBLE = re.compile(
    r"^(?:the\s+)?(?:Official\s+Disability\s+Guidelines?(?:\s*\(ODG\))?|ODG)\s*[,:\-–]?\s*",
    re.IGNORECASE,
)


@cache
def _mtus_part_start() -> re.Pattern[str]:
    """Where a second MTUS part starts inside one sentence: ", and <known part name>"."""
    names = sorted(load("guidelines")["mtus_parts"], key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)
    return re.compile(rf",?\s+and\s+(?=(?:the\s+)?(?:{alternatives})\b)", re.IGNORECASE)


def source_of(title: str) -> str:
    """The source of a non-MTUS citation, from its text alone."""
    if re.search(r"\bODG\b|Official\s+Disability\s+Guideline", title, re.IGNORECASE):
        return "ODG"
    if re.search(r"\bACOEM\b|American\s+College\s+of\s+Occupational", title, re.IGNORECASE):
        return "ACOEM"
    return "OTHER"


def pages_of(title: str) -> str | None:
    match = _PAGES.search(title)
    return squash(match.group(1)) if match else None


_CHAPTER_LAST = re.compile(r"^(?P<topic>.+),\s*(?P<chapter>[^,]+?\s+Chapter)$")


def chapter_first(title: str) -> str:
    """An ODG title whose topic comes before its chapter, chapter first, as the catalog and
    most letters write it: "Manipulation (Neck & Upper Back chapter)" and "Manipulation, Neck
    & Upper Back Chapter" -> "Neck & Upper Back, Manipulation" / "Neck & Upper Back Chapter,
    Manipulation"."""
    if title.lower().endswith(" chapter)"):
        depth, at = 0, len(title) - 1
        while at >= 0:  # the parenthesis that opens the chapter (chapters hold parentheses)
            depth += {")": 1, "(": -1}.get(title[at], 0)
            if depth == 0:
                break
            at -= 1
        topic, chapter = title[:at].strip(), title[at + 1 : -len(" chapter)")].strip()
        return f"{chapter}, {topic}" if topic and chapter else title
    match = _CHAPTER_LAST.match(title)
    return f"{match['chapter']}, {match['topic']}" if match else title


def display_title(title: str, source: str) -> str:
    title = _PAGES.sub("", title).strip(" ,.;")
    if source == "ODG":
        bare = _ODG_PREAMBLE.sub("", title).strip(" ,.;")
        title = chapter_first(bare or title)
    return title


def _citation(cited_by: str, source: str, raw: str, style: TitleStyle) -> Citation | None:
    title = squash(raw).strip()
    title = re.sub(r"[.\s]+$", "", title)
    if not title:
        return None
    pages = pages_of(title)
    if style is TitleStyle.DISPLAY:
        title = display_title(title, source)
    return Citation(cited_by=cited_by, source=source, title=title, pages=pages)


def parse_block(block: str, cited_by: str, style: TitleStyle) -> list[Citation]:
    """The citations of one party's guideline paragraph ("Decision based on ..." sentences)."""
    block = _OUTSIDE_MTUS.sub(" ", block)
    markers = list(_MARKER.finditer(block))
    found: list[Citation] = []
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(block)
        body = block[marker.end() : end]
        is_mtus = bool(marker.group("mtus") or marker.group("mtus_label"))
        body, *others = _OTHER_GUIDELINES.split(body, maxsplit=1)
        parts = _mtus_part_start().split(body) if is_mtus else [body]
        for part in parts:
            citation = _citation(cited_by, "MTUS" if is_mtus else source_of(part), part, style)
            if citation:
                found.append(citation)
        for other in others:
            citation = _citation(cited_by, source_of(other), other, style)
            if citation:
                found.append(citation)
    return distinct(found)


def distinct(citations: list[Citation]) -> list[Citation]:
    seen: set[Citation] = set()
    out = []
    for c in citations:
        if c not in seen:
            seen.add(c)
            out.append(c)
    return out


def adopted(citations: list[Citation]) -> list[Citation]:
    """The claims administrator's citations, as cited by the reviewer who adopted them."""
    return [Citation("reviewer", c.source, c.title, c.pages) for c in citations]
