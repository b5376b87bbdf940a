"""The 2016-2017 published letter: header table, credentials, summary, items (no furniture).

Modelled on the real letters in /work/shared/real-letters: Arial header table with labels
and values at fixed positions (drawn in an order that varies from letter to letter, as
pdfminer's text order for the real ones does), Times body, encrypted like DWC's files.
"""

from __future__ import annotations

import random

from scripts.letters import common
from scripts.letters.doc import BREAK, Document, Fixed, Seg
from scripts.letters.guidelines import Written
from scripts.letters.records import Item, LetterPlan

# Header geometry (points from the block's top-left), as measured on the real letters.
LEFT_LABEL, LEFT_VALUE, RIGHT_LABEL, RIGHT_VALUE = 72.0, 179.4, 328.9, 426.8
ROWS = (33.2, 46.3, 59.5, 72.5)
RECEIVED = 85.3
# How each right-hand row (Date of Injury, UR Denial Date, Application) is drawn, and whether
# the loose values come after (0) or before (1) the labels. "merge": the label with trailing
# spaces and then its value, which pdfminer joins into one line ("UR Denial Date:   11/03/2016",
# as in the real files); "adjacent": label then value; "apart": the value drawn with the loose
# ones. Each recipe gives pdfminer's default extraction a different text order; the first two
# reproduce the two orders seen in the real letters.
HEADER_RECIPES = (
    (("apart", "merge", "apart"), 0),
    (("apart", "merge", "apart"), 1),
    (("apart", "apart", "apart"), 0),
    (("apart", "merge", "adjacent"), 0),
    (("merge", "merge", "apart"), 0),
)


def header(plan: LetterPlan, rng: random.Random) -> Fixed:
    """The two-column header table, drawn by one of ``HEADER_RECIPES``."""
    r = plan.record
    day = "mdy0"
    left_labels = [
        (LEFT_LABEL, ROWS[0], "sans_bold", "Case Number:"),
        (LEFT_LABEL, ROWS[1], "sans_bold", "Date Assigned:"),
        (LEFT_LABEL, ROWS[2], "sans_bold", "Decision Date:"),
        (LEFT_LABEL, ROWS[3], "sans_bold", "Priority:"),
    ]
    left_values = [
        (LEFT_VALUE, ROWS[0], "sans", r.case_number),
        (LEFT_VALUE, ROWS[1], "sans", common.date(r.date_assigned, day)),
        (LEFT_VALUE, ROWS[2], "sans", common.date(r.letter_date, day)),
        (LEFT_VALUE, ROWS[3], "sans", (r.priority or "standard").capitalize()),
    ]
    right_rows = (
        ("Date of Injury:", r.date_of_injury, ROWS[1]),
        ("UR Denial Date:", r.ur_decision_date, ROWS[2]),
        ("Application", r.application_received, ROWS[3]),
    )
    modes, values_first = rng.choice(HEADER_RECIPES)
    right: list[tuple[float, float, str, str]] = []
    loose: list[tuple[float, float, str, str]] = []
    for (label, value, y), mode in zip(right_rows, modes, strict=True):
        value_draw = (RIGHT_VALUE, y, "sans", common.date(value, day))
        right.append((RIGHT_LABEL, y, "sans_bold", label + ("   " if mode == "merge" else "")))
        (loose if mode == "apart" else right).append(value_draw)
    right.append((RIGHT_LABEL, RECEIVED, "sans_bold", "Received:"))
    if rng.random() < 0.5:
        left = left_labels + left_values
    else:  # row by row; pdfminer's order does not change, the file's does
        left = [d for pair in zip(left_labels, left_values, strict=True) for d in pair]
    draws = left + (loose + right if values_first else right + loose)
    return Fixed(draws, RECEIVED + 6)


def guideline_sentences(cited: tuple[Written, ...], party: str) -> str:
    """A party's guideline paragraph in the published letters' three shapes."""
    if not cited:
        return "The Claims Administrator did not cite any medical evidence for its decision."
    mtus = [w.text for w in cited if w.source == "MTUS"]
    other = [w.text for w in cited if w.source != "MTUS"]
    parts = []
    if not mtus:
        parts.append(
            f"The {party} based their decision on recommendation(s) outside of the MTUS Guidelines."
        )
    else:
        parts.append("Decision based on MTUS " + ", and ".join(mtus) + ".")
    if other:
        sentence = "Decision based on Non-MTUS Citation " + other[0]
        if len(other) > 1:
            sentence += " and Other Medical Treatment Guidelines " + other[1]
        parts.append(sentence + ".")
    return " ".join(parts)


def item_line(doc: Document, item: Item, rng: random.Random, space: float) -> None:
    d = item.decision
    outcome = d.outcome.capitalize()
    wrap = [Seg(BREAK)] if rng.random() < 0.1 else []
    if item.modified == "remaining":
        lead = (
            f"{d.original_request} was the original request. {d.authorized} was authorized by "
            "the Claims Administrator. The remaining IMR eligible portion of the original "
            f"request, {d.treatment}:"
        )
    elif item.modified == "original":
        lead = (
            f"{d.original_request} was the original request. The Claims Administrator "
            f"authorized {d.authorized}, leaving the original request IMR eligible. The "
            f"original request, {d.treatment} is:"
        )
    else:
        lead = f"{d.treatment}:"
    doc.para(Seg(lead, "bold"), *wrap, Seg(("" if wrap else " ") + outcome), space=space)


def build(plan: LetterPlan, rng: random.Random) -> Document:
    doc = Document(encrypt=True)
    facts = plan.facts
    doc.blocks.append(header(plan, rng))
    doc.heading("HOW THE IMR FINAL DETERMINATION WAS MADE", space=1.5)
    doc.para(common.REVIEWER_BOILERPLATE.format(credentials=""))
    doc.para("The Expert Reviewer has the following credentials:")
    doc.para("State(s) of Licensure: " + facts.states_sep.join(facts.states), space=0)
    doc.para("Certification(s)/Specialty: " + facts.specialty, space=0)
    doc.heading("CLINICAL CASE SUMMARY", space=1.5)
    doc.para(common.SUMMARY_INTRO)
    common.summary(doc, rng, plan, "dashes")
    doc.heading("IMR ISSUES, DECISIONS AND RATIONALES", space=1.5)
    doc.para(common.ISSUES_INTRO)
    for item in plan.items:
        # Sometimes no blank line before an item (never before a modified request's paragraph).
        tight = not item.modified and rng.random() < 0.1
        item_line(doc, item, rng, space=0.0 if tight else 1.0)
        doc.labelled(
            "Claims Administrator guideline:",
            guideline_sentences(item.ca, "Claims Administrator"),
        )
        doc.labelled("MAXIMUS guideline:", guideline_sentences(item.reviewer, "Expert Reviewer"))
        doc.labelled("Decision rationale:", item.decision.rationale or "")
    return doc
