"""The ways real letters differ from one another, as named, independent text variations.

Written from the letter descriptions (LETTER_FORMATS.md), not from the parser: other
wordings and capitalizations of the headings, label variants, numbered items, the outcome on
its own line, "Item N:" items with a later "Determination:" line, every guideline sentence
shape, one- and two-column headers in any order, dates in every format, page furniture in the
middle of a sentence, hyphenated line breaks and Windows line endings.

Each function here takes text and gives text; ``variant_doc`` applies them to a generated
letter before it is drawn (``generate_letters.py --variants``), and ``mutate`` to the text of
the real letters (``tests/test_parse_mutations.py``). A letter carries each variation with
``CHANCE``, drawn independently of the others.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Sequence

CHANCE = 0.3

# Section headings as the generator and the real letters write them -> other wordings.
HEADING_WORDINGS: dict[str, tuple[str, ...]] = {
    "HOW THE IMR FINAL DETERMINATION WAS MADE": (
        "HOW THE FINAL DETERMINATION WAS MADE",
        "HOW THE IMR DETERMINATION WAS MADE",
    ),
    "CLINICAL CASE SUMMARY": ("CASE SUMMARY", "CLINICAL SUMMARY", "SUMMARY OF THE CASE"),
    "IMR ISSUES, DECISIONS AND RATIONALES": (
        "IMR ISSUES, DECISIONS, AND RATIONALES",
        "IMR ISSUE(S), DECISION(S) AND RATIONALE(S)",
        "ISSUES, DECISIONS AND RATIONALES",
    ),
    "IMR DECISION(S) AND RATIONALE(S)": (
        "IMR DECISIONS AND RATIONALES",
        "DECISION(S) AND RATIONALE(S)",
        "IMR DECISION(S) AND RATIONALE(S):",
    ),
    "DOCUMENTS REVIEWED": ("DOCUMENTS REVIEWED:", "RECORDS REVIEWED"),
    "ISSUE AT DISPUTE:": ("ISSUES AT DISPUTE:", "ISSUE(S) AT DISPUTE:", "ISSUE IN DISPUTE:"),
    "CASE SUMMARY:": ("CLINICAL CASE SUMMARY:", "CASE SUMMARY"),
    "DOCUMENTS REVIEWED FOR DETERMINATION:": (
        "DOCUMENTS REVIEWED:",
        "RECORDS REVIEWED FOR DETERMINATION:",
    ),
    "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:": (
        "MEDICAL TREATMENT GUIDELINES RELIED UPON BY THE PROFESSIONAL REVIEWER AND WHY:",
        "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER:",
    ),
    "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:": (
        "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS OR IS NOT MEDICALLY NECESSARY:",
        "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE WAS NOT MEDICALLY NECESSARY:",
    ),
    "MEDICAL REVIEWER QUALIFICATIONS:": (
        "QUALIFICATIONS OF THE MEDICAL REVIEWER:",
        "MEDICAL REVIEWER QUALIFICATIONS",
    ),
    "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE": (
        "INDEPENDENT MEDICAL REVIEW DECISIONS AND RATIONALES",
    ),
    "Medical Qualifications of the Expert Reviewer:": (
        "Qualifications of the Expert Reviewer:",
        "Expert Reviewer Qualifications:",
    ),
    "Case Summary:": ("Summary of the Case:", "Clinical Case Summary:"),
}
# Item labels -> the other names letters give them.
LABEL_WORDINGS: dict[str, tuple[str, ...]] = {
    "Claims Administrator guideline:": (
        "Claims Administrator Guideline:",
        "Claims Administrator guidelines:",
        "Claims Administrator's guideline:",
        "Claims Administrator Guideline(s):",
    ),
    "MAXIMUS guideline:": (
        "Expert Reviewer Used:",
        "Reviewer's guideline:",
        "MAXIMUS Guideline(s):",
        "Expert Reviewer's guideline:",
        "Guideline(s) Relied Upon by Professional Reviewer:",
    ),
    "Decision rationale:": ("Decision Rationale:", "Rationale:", "Rationale for the Decision:"),
    "Medical Treatment Guideline(s) the Expert Reviewer Used:": (
        "Medical Treatment Guidelines the Expert Reviewer Used:",
        "Medical Treatment Guideline(s) Used by the Expert Reviewer:",
    ),
    "Rationale Used by the Expert Reviewer:": (
        "Rationale of the Expert Reviewer:",
        "Expert Reviewer's Rationale:",
    ),
}
# Header labels per fact: the first is the published table's.
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "case_number": (
        "Case Number",
        "IMR Case Number",
        "MAXIMUS Case Number",
        "Case No.",
        "IMR Case No.",
    ),
    "date_assigned": ("Date Assigned", "Assignment Date", "Date of Assignment"),
    "letter_date": ("Decision Date", "Dated", "Date of Decision", "Determination Date"),
    "priority": ("Priority", "Review Priority"),
    "date_of_injury": ("Date of Injury", "Injury Date", "DOI"),
    "ur_decision_date": (
        "UR Denial Date",
        "Date of UR Decision",
        "UR Decision Date",
        "Date of UR Denial",
        "Utilization Review Date",
    ),
    "application_received": (
        "Application Received",
        "IMR Application Received",
        "Date Application Received",
        "Application Received Date",
    ),
}
DATE_FORMATS: dict[str, Callable[[dt.date], str]] = {
    "date_long": lambda d: f"{d:%B} {d.day}, {d.year}",
    "date_abbreviated": lambda d: f"{d:%b}. {d.day}, {d.year}".replace("May.", "May"),
    "date_two_digit_year": lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}",
    "date_dashes": lambda d: f"{d.month:02d}-{d.day:02d}-{d.year}",
    "date_no_zeros": lambda d: f"{d.month}/{d.day}/{d.year}",
}
_SMALL_WORDS = {"and", "or", "of", "the", "for", "by", "at", "in", "is", "was", "not", "to"}
_ACRONYMS = {"IMR", "MTUS", "UR", "ODG", "ACOEM", "IS/WAS", "MAXIMUS"}


def title_case(heading: str) -> str:
    """ "IMR ISSUES, DECISIONS AND RATIONALES" -> "IMR Issues, Decisions and Rationales"."""
    words = []
    for i, word in enumerate(heading.split(" ")):
        bare = word.strip(",:")
        if bare.upper() in _ACRONYMS:
            words.append(word)
        elif i and bare.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(word[:1].upper() + word[1:].lower())
    return " ".join(words)


def _loose(phrase: str) -> str:
    """A phrase as a pattern whose spaces match any run of spaces or line breaks."""
    return r"\s+".join(re.escape(w) for w in phrase.split())


def reword_headings(text: str, rng: random.Random, case: bool, wording: bool) -> str:
    """Headings (lines of their own) in other words and/or in title case."""
    for heading, others in HEADING_WORDINGS.items():
        pattern = re.compile(rf"(?m)^([ \t]*){_loose(heading)}[ \t]*$")

        def new(match: re.Match[str], heading=heading, others=others) -> str:
            out = rng.choice(others) if wording else heading
            if case and out.isupper():
                out = title_case(out)
            return match.group(1) + out

        text = pattern.sub(new, text)
    return text


def reword_labels(text: str, rng: random.Random) -> str:
    """The item labels (whose guideline, the rationale) under other names."""
    for label, others in LABEL_WORDINGS.items():
        choice = rng.choice(others)
        text = re.sub(_loose(label), choice, text)
    return text


# --- guideline sentences -------------------------------------------------------------

MTUS_SHAPES = (
    "Decision based on MTUS {t}.",
    "Decision based on MTUS: {t}.",
    "Decision based on the MTUS {t}.",
    "MTUS: {t}.",
    "Based on MTUS {t}.",
    "Decision based on MTUS Citation {t}.",
    "Decision based on MTUS {t}",
)
OTHER_SHAPES = (
    "Decision based on Non-MTUS Citation {t}.",
    "Decision based on Non-MTUS {t}.",
    "Non-MTUS Citation: {t}.",
    "Non-MTUS: {t}.",
    "Citation: {t}.",
    "Decision based on Non-MTUS Citation {t}",
)
# Only where the title names its source may the sentence drop "Non-MTUS".
NAMED_SOURCE_SHAPES = ("Decision based on {t}.", "Based on {t}")


def guideline_sentence(rng: random.Random, source: str, title_text: str) -> str:
    """One citation in one of the sentence shapes letters use."""
    if source == "MTUS":
        return rng.choice(MTUS_SHAPES).format(t=title_text)
    shapes = OTHER_SHAPES
    if re.search(r"\bODG\b|Official Disability|\bACOEM\b", title_text):
        shapes = OTHER_SHAPES + NAMED_SOURCE_SHAPES
    return rng.choice(shapes).format(t=title_text)


def odg_topic_first(text: str, title: str) -> str | None:
    """An ODG citation with its topic before its chapter ("Facet joint diagnostic blocks (Neck &
    Upper Back chapter)", "Muscle relaxants, Pain Chapter"), or None where it has no chapter."""
    if title.count(", ") != 1 or title not in text:  # chapter and topic told apart
        return None
    chapter, topic = title.split(", ", 1)
    if chapter.endswith(" Chapter"):
        reordered = f"{topic}, {chapter}"
    else:
        reordered = f"{topic} ({chapter} chapter)"
    return text.replace(title, reordered)


_MARKERS = re.compile(r"Decision\s+based\s+on\s+(MTUS|Non-\s*MTUS\s+Citation)\s")


def reshape_markers(text: str, rng: random.Random) -> str:
    """Real text: the "Decision based on ..." markers in other shapes (the title unchanged)."""

    def new(match: re.Match[str]) -> str:
        if match.group(1) == "MTUS":
            return rng.choice(("Decision based on MTUS: ", "MTUS: ", "Based on MTUS "))
        return rng.choice(("Non-MTUS Citation: ", "Decision based on Non-MTUS ", "Citation: "))

    return _MARKERS.sub(new, text)


# --- items ---------------------------------------------------------------------------

OUTCOME_END = re.compile(r":[ \t]*\n?[ \t]*(Upheld|Overturned)[ \t]*$", re.MULTILINE)


def outcome_own_line(item_line: str) -> str:
    """ "X: Upheld" -> "X:\\nUpheld"."""
    return OUTCOME_END.sub(lambda m: f":\n{m.group(1)}", item_line, count=1)


def numbered(item_line: str, ordinal: int, rng: random.Random) -> str:
    return f"{ordinal}{rng.choice(('.', ')'))} {item_line}"


def determination_item(item_line: str, ordinal: int, rng: random.Random) -> str:
    """ "X: Upheld" -> "Item 1: X" and, on the next line, "Determination: Upheld"."""
    match = OUTCOME_END.search(item_line)
    if not match:
        return item_line
    word = rng.choice(("Determination", "Decision"))
    return f"Item {ordinal}: {item_line[: match.start()]}\n{word}: {match.group(1)}"


# --- furniture, hyphens, line ends ----------------------------------------------------


def furniture_line(rng: random.Random, case_number: str, page: int, pages: int) -> str:
    return rng.choice(
        (
            f"Page {page} of {pages}",
            case_number,
            f"{case_number} Page {page} of {pages}",
            f"Page {page} of {pages} {case_number}",
            f"IMR Case Number {case_number} - Page {page} of {pages}",
        )
    )


def hyphen_point(word: str, rng: random.Random) -> int:
    return rng.randint(3, len(word) - 4)


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


# --- the header ----------------------------------------------------------------------


def header_lines(
    facts: Sequence[tuple[str, str]],
    rng: random.Random,
    labels: bool,
    shuffled: bool,
    two_columns: bool,
) -> list[str]:
    """Header facts ((field, value as written), ...) as "Label: value" lines, one or two a
    line, in the given or a shuffled order, under the usual or other labels."""
    facts = list(facts)
    if shuffled:
        rng.shuffle(facts)
    cells = []
    for name, value in facts:
        label = rng.choice(HEADER_LABELS[name]) if labels else HEADER_LABELS[name][0]
        cells.append(f"{label}: {value}")
    if not two_columns:
        return cells
    return ["     ".join(cells[i : i + 2]).rstrip() for i in range(0, len(cells), 2)]


# --- every variation a text can carry ------------------------------------------------

NAMES = (
    "heading_case",
    "heading_wording",
    "label_wording",
    "guideline_shape",
    "guideline_order",
    "numbered_items",
    "outcome_own_line",
    "item_determination",
    "header_one_column",
    "header_two_column",
    "header_labels",
    "header_order",
    *DATE_FORMATS,
    "page_furniture",
    "hyphenation",
    "crlf",
)
