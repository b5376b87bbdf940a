"""The 2013 "Notice of Independent Medical Review Determination".

Page 1: address block, title, "Dated:", one labelled field per line, a numbered list of
determinations ("1) MAXIMUS Federal Services, Inc. has determined the request for X is not
medically necessary and appropriate."), appeal rights. Pages 2+: "INDEPENDENT MEDICAL REVIEW
DECISION AND RATIONALE" with the filing and assignment dates, the list again, the
reviewer's qualifications, the case summary and, per item, the three labelled sections.
"""

from __future__ import annotations

import random

from scripts.letters import common
from scripts.letters.doc import Document, Seg
from scripts.letters.guidelines import Written
from scripts.letters.records import LetterPlan

CA_LABEL = (
    "Medical Treatment Guideline(s) Used by the Claims Administrator in the Utilization Review "
    "Denial:"
)
REVIEWER_LABEL = "Medical Treatment Guideline(s) the Expert Reviewer Used:"
RATIONALE_LABEL = "Rationale Used by the Expert Reviewer:"
ADOPTS = (
    "The Expert Reviewer found the guideline used by the Claims Administrator relevant and "
    "appropriate for the employee's clinical circumstance."
)


def determinations(plan: LetterPlan, run_together: bool) -> list[str]:
    lines = []
    for item in plan.items:
        d = item.decision
        verdict = (
            "is medically necessary" if d.outcome == "overturned" else "is not medically necessary"
        )
        if run_together:
            verdict = verdict.replace("not medically", "notmedically")
        lines.append(
            f"{d.ordinal}) MAXIMUS Federal Services, Inc. has determined the request for "
            f"{d.treatment} {verdict} and appropriate."
        )
    return lines


def _part(w: Written) -> str:
    return "which is part of the MTUS" if w.source == "MTUS" else "which is not part of the MTUS"


def ca_sentences(cited: tuple[Written, ...]) -> str:
    if not cited:
        return (
            "The Claims Administrator did not cite any evidence-based guidelines for its decision."
        )
    return " ".join(
        f"The Claims Administrator based its decision on the {w.text}, {_part(w)}." for w in cited
    )


def reviewer_sentences(cited: tuple[Written, ...], adopts: bool) -> str:
    if adopts:
        return ADOPTS
    return " ".join(
        f"The Expert Reviewer based his/her decision on the {w.text}, {_part(w)}." for w in cited
    )


def build(plan: LetterPlan, rng: random.Random) -> Document:
    r, facts = plan.record, plan.facts
    doc = Document(furniture=common.furniture(r.case_number or "", rng.randrange(3)))
    date_style = rng.choice(("mdy", "mdy0"))
    common.cover_address(doc, upper=True)
    doc.heading("Notice of Independent Medical Review Determination", space=1.5)
    doc.para(f"Dated: {common.date(r.letter_date, date_style)}")
    fields = (
        ("Employee:", ""),
        ("Claim Number:", ""),
        ("Date of UR Decision:", common.date(r.ur_decision_date, date_style)),
        ("Date of Injury:", common.date(r.date_of_injury, date_style)),
        ("IMR Application Received:", common.date(r.application_received, date_style)),
        ("MAXIMUS Case Number:", r.case_number or ""),
    )
    for i, (label, value) in enumerate(fields):
        doc.labelled(label, value, space=1.0 if i == 0 else 0.0)
    doc.para("Dear  :")
    doc.para(
        "MAXIMUS Federal Services, Inc. has reviewed the disputed medical treatment in the "
        "above workers' compensation case under the Independent Medical Review (IMR) program. "
        "Its determination for each treatment in dispute follows:"
    )
    listed = determinations(plan, run_together=rng.random() < 0.3)
    common.numbered(doc, listed)
    doc.para(common.APPEAL)
    common.signature(doc)
    doc.para(
        Seg("INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE", "bold"),
        align="C",
        page_break=True,
        keep_with_next=True,
    )
    doc.para(
        "An application for Independent Medical Review was filed on "
        f"{common.date(r.application_received, date_style)} disputing the Utilization Review "
        f"Denial dated {common.date(r.ur_decision_date, date_style)}. A Notice of Assignment and "
        "Request for Information was provided to the above parties on "
        f"{common.date(r.date_assigned, date_style)}. A decision has been made for each of the "
        "treatment requests in dispute, as follows:"
    )
    common.numbered(doc, listed)
    doc.para(Seg("Medical Qualifications of the Expert Reviewer:", "bold"))
    doc.para(
        f"The expert reviewer is Board Certified in {facts.specialty} and is licensed to practice "
        f"in {facts.states[0]}. The expert reviewer has practiced clinically for more than five "
        "years, currently practices at least 24 hours a week, and has no affiliation with the "
        "employer, the employee, the providers or the claims administrator.",
        space=0,
    )
    doc.para(Seg("Case Summary:", "bold"))
    start = len(doc.blocks)
    common.summary(doc, rng, plan, date_style)
    doc.blocks[start].space = 0
    for item in plan.items:
        d = item.decision
        doc.para(Seg(f"{d.ordinal}) Regarding the request for {d.treatment}:", "bold"), space=1.5)
        doc.para(Seg(CA_LABEL, "bold"))
        doc.para(ca_sentences(item.ca), space=0)
        doc.para(Seg(REVIEWER_LABEL, "bold"))
        doc.para(reviewer_sentences(item.reviewer, item.adopts), space=0)
        doc.para(Seg(RATIONALE_LABEL, "bold"))
        doc.para(d.rationale or "", space=0)
    return doc
