"""The 2013-2015 "Final Determination Letter": a cover page, then the reviewer's pages.

Page 1: title with the case number, "Dated:", a two-column field block (variant A with
"IMR Case Number:" and "Date of UR Decision:"; variant B with "Case Number:", "UR Denial
Date:" and an "Expert Reviewer Information" block), the final determination, appeal rights,
signature. Pages 2+: the decision, modelled on the seed letter (two spaces between
sentences, redaction blanks), with the case number and "Page N of M" in a margin.
``documents_reviewed`` is this layout with a DOCUMENTS REVIEWED section.
"""

from __future__ import annotations

import datetime as dt
import random

from scripts.letters import common, prose
from scripts.letters.doc import Document, Fixed, Seg
from scripts.letters.guidelines import Written
from scripts.letters.records import LetterPlan

LABEL_X, VALUE_X, RIGHT_LABEL_X, RIGHT_VALUE_X = 72.0, 178.0, 318.0, 446.0
ROW = 15.0
_MEANING = {
    "upheld": "This means that none of the disputed items/services were found medically "
    "necessary and appropriate.",
    "overturned": "This means that all of the disputed items/services were found medically "
    "necessary and appropriate.",
    "partially_overturned": "This means that some, but not all, of the disputed items/services "
    "were found medically necessary and appropriate.",
}


def field_block(plan: LetterPlan, date_style: str) -> Fixed:
    r, variant = plan.record, plan.facts.variant
    case_label = "IMR Case Number:" if variant == "A" else "Case Number:"
    ur_label = "Date of UR Decision:" if variant == "A" else "UR Denial Date:"
    rows = [
        (case_label, r.case_number, "Date Assigned:", common.date(r.date_assigned, date_style)),
        (
            "Date of Injury:",
            common.date(r.date_of_injury, date_style),
            ur_label,
            common.date(r.ur_decision_date, date_style),
        ),
        (
            "Priority:",
            (r.priority or "standard").capitalize(),
            "Application Received:",
            common.date(r.application_received, date_style),
        ),
    ]
    draws = []
    for i, (label, value, right_label, right_value) in enumerate(rows):
        y = 12.0 + i * ROW
        draws += [
            (LABEL_X, y, "bold", label),
            (VALUE_X, y, "body", value or ""),
            (RIGHT_LABEL_X, y, "bold", right_label),
            (RIGHT_VALUE_X, y, "body", right_value),
        ]
    for i, label in enumerate(("Employee Name:", "Provider Name:")):
        draws.append((LABEL_X, 12.0 + (3 + i) * ROW, "bold", label))
    return Fixed(draws, 12.0 + 5 * ROW, space=12.0)


def cover(doc: Document, plan: LetterPlan, rng: random.Random, date_style: str) -> None:
    r, facts = plan.record, plan.facts
    common.cover_address(doc, upper=False)
    doc.para(
        Seg(f"Final Determination Letter for IMR Case Number {r.case_number}", "bold"),
        space=1.5,
    )
    doc.para(f"Dated: {common.date(r.letter_date, rng.choice(('mdy', 'mdy0', 'long')))}")
    doc.blocks.append(field_block(plan, date_style))
    doc.para(Seg("Treatment(s) in Dispute Listed on IMR Application:", "bold"))
    for item in plan.items:
        doc.para(item.decision.treatment.upper(), space=0)
    if facts.variant == "B":
        doc.para(Seg("Expert Reviewer Information", "bold"))
        doc.labelled("State(s) of Licensure:", facts.states_sep.join(facts.states), space=0)
        doc.labelled("Certification(s)/Specialty:", facts.specialty, space=0)
    doc.para("Dear  :")
    doc.para(
        "MAXIMUS Federal Services has completed the Independent Medical Review (IMR) of the "
        "above workers' compensation case. This letter gives you the IMR Final Determination "
        "and explains how it was reached."
    )
    final = (r.final_determination or "upheld").replace("_", " ").upper()
    doc.para(Seg(f"Final Determination: {final}", "bold"))
    doc.para(
        _MEANING[r.final_determination or "upheld"]
        + " The decision on each item, with the reasons for it, follows this letter."
    )
    doc.para(common.APPEAL)
    common.signature(doc)


def guideline_sentences(cited: tuple[Written, ...]) -> str:
    if not cited:
        return "The Claims Administrator did not cite any medical evidence for its decision."
    return "  ".join(
        (
            "Decision based on MTUS "
            if w.source == "MTUS"
            else "Decision based on Non-MTUS Citation "
        )
        + w.text
        + "."
        for w in cited
    )


def credentials(plan: LetterPlan) -> str:
    """The reviewer's board certification sentence (variant A only)."""
    if plan.facts.variant != "A":
        return ""
    return (
        f"The expert reviewer is Board Certified in {plan.facts.specialty}, and is licensed to "
        f"practice in {plan.facts.states[0]}. "
    )


def build(plan: LetterPlan, rng: random.Random, documents: bool = False) -> Document:
    record = plan.record
    form = rng.randrange(3)
    doc = Document(furniture=common.furniture(record.case_number or "", form))
    date_style = rng.choice(("mdy", "mdy0"))
    cover(doc, plan, rng, date_style)
    double = rng.random() < 0.8
    doc.para(
        Seg("HOW THE IMR FINAL DETERMINATION WAS MADE", "bold"),
        align="C",
        page_break=True,
        keep_with_next=True,
    )
    doc.para(
        common.sentences(common.REVIEWER_BOILERPLATE.format(credentials=credentials(plan)), double)
    )
    if documents:
        doc.heading("DOCUMENTS REVIEWED")
        dates = {
            "ur": common.date(record.ur_decision_date, "mdy0"),
            "app": common.date(record.application_received, "mdy0"),
        }
        for key, back in (("d1", 20), ("d2", 45), ("d3", 12), ("d4", 150)):
            day = record.ur_decision_date - dt.timedelta(days=back + rng.randint(0, 9))
            dates[key] = common.date(day, "mdy0")
        site = plan.facts.region.name
        for i, line in enumerate(prose.documents(rng, dates, site)):
            doc.para(line, space=1.0 if i == 0 else 0.0)
    doc.heading("CLINICAL CASE SUMMARY")
    doc.para(common.SUMMARY_INTRO)
    summary_style = rng.choice(("mdy0", "mdy0", "long"))
    start = len(doc.blocks)
    common.summary(doc, rng, plan, summary_style)
    for block in doc.blocks[start:]:
        block.segs = [Seg(common.sentences(s.text, double), s.font) for s in block.segs]
    heading = (
        "IMR DECISION(S) AND RATIONALE(S)" if documents else "IMR ISSUES, DECISIONS AND RATIONALES"
    )
    doc.heading(heading)
    doc.para(common.ISSUES_INTRO)
    for item in plan.items:
        d = item.decision
        doc.para(Seg(f"{d.treatment}:", "bold"), Seg(f"  {d.outcome.capitalize()}"))
        doc.labelled("Claims Administrator guideline:", guideline_sentences(item.ca))
        doc.labelled("MAXIMUS guideline:", guideline_sentences(item.reviewer))
        doc.labelled("Decision rationale:", common.sentences(d.rationale or "", double))
    return doc
