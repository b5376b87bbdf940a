"""The later "MEDICAL PROFESSIONAL REVIEW" letter (2018 on), designed from its known headings.

No real example was at hand, so the layout keeps every field on a labelled line: a header
block of "Label: value" lines, the numbered ISSUE AT DISPUTE list, CASE SUMMARY, DOCUMENTS
REVIEWED FOR DETERMINATION, then per item "Item N: <treatment>", "Determination: Upheld",
the guideline section (one "Guideline:" line per citation and a "Why:" line) and the
rationale section; MEDICAL REVIEWER QUALIFICATIONS last. Only the reviewer's citations
appear. Furniture: the case number and "Page N of M" on every page.
"""

from __future__ import annotations

import datetime as dt
import random

from scripts.letters import common, prose
from scripts.letters.doc import Document, Seg
from scripts.letters.records import LetterPlan

GUIDELINES_HEADING = "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:"
RATIONALE_HEADING = (
    "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:"
)
_WHY_MTUS = (
    "The MTUS is the primary standard for treatment of California injured workers and "
    "addresses this request.",
    "The MTUS addresses the requested service; the other guidelines listed support its "
    "reading of the evidence.",
)
_WHY_OTHER = (
    "The MTUS does not address this request, so other evidence-based guidelines were used, "
    "as the strength of evidence hierarchy provides.",
)


def build(plan: LetterPlan, rng: random.Random) -> Document:
    r, facts = plan.record, plan.facts
    doc = Document(furniture=common.furniture(r.case_number or "", rng.choice((0, 1)), 1))
    date_style = rng.choice(("long", "mdy0"))
    doc.para(Seg("MEDICAL PROFESSIONAL REVIEW", "title"), align="C", space=0)
    doc.para("Independent Medical Review Final Determination", align="C", space=0)
    fields = (
        ("IMR Case Number:", r.case_number or ""),
        ("Decision Date:", common.date(r.letter_date, date_style)),
        ("Date Assigned:", common.date(r.date_assigned, date_style)),
        ("Application Received:", common.date(r.application_received, date_style)),
        ("UR Denial Date:", common.date(r.ur_decision_date, date_style)),
        ("Date of Injury:", common.date(r.date_of_injury, date_style)),
        ("Priority:", (r.priority or "standard").capitalize()),
    )
    for i, (label, value) in enumerate(fields):
        doc.labelled(label, value, space=1.5 if i == 0 else 0.0)
    doc.heading("ISSUE AT DISPUTE:", align="L", space=1.5)
    for item in plan.items:
        doc.para(f"{item.decision.ordinal}. {item.decision.treatment}", space=0)
    doc.heading("CASE SUMMARY:", align="L", space=1.5)
    start = len(doc.blocks)
    common.summary(doc, rng, plan, date_style)
    doc.blocks[start].space = 0
    doc.heading("DOCUMENTS REVIEWED FOR DETERMINATION:", align="L", space=1.5)
    dates = {
        "ur": common.date(r.ur_decision_date, "mdy0"),
        "app": common.date(r.application_received, "mdy0"),
    }
    for key, back in (("d1", 20), ("d2", 45), ("d3", 12), ("d4", 150)):
        day = r.ur_decision_date - dt.timedelta(days=back + rng.randint(0, 9))
        dates[key] = common.date(day, "mdy0")
    for line in prose.documents(rng, dates, facts.region.name):
        doc.para(line, space=0)
    for item in plan.items:
        d = item.decision
        doc.para(Seg(f"Item {d.ordinal}: {d.treatment}", "bold"), space=2, keep_with_next=True)
        doc.labelled("Determination:", d.outcome.capitalize(), space=0.5)
        doc.para(Seg(GUIDELINES_HEADING, "heading_small"), space=1.0, keep_with_next=True)
        for w in item.reviewer:
            doc.labelled("Guideline:", w.text, space=0)
        if not any(w.source == "MTUS" for w in item.reviewer):
            why = _WHY_OTHER[0]
        else:
            why = _WHY_MTUS[1] if len(item.reviewer) > 1 else _WHY_MTUS[0]
        doc.labelled("Why:", why, space=0.5)
        doc.para(Seg(RATIONALE_HEADING, "heading_small"), space=1.0, keep_with_next=True)
        doc.para(d.rationale or "", space=0)
    doc.heading("MEDICAL REVIEWER QUALIFICATIONS:", align="L", space=2)
    doc.labelled("State(s) of Licensure:", facts.states_sep.join(facts.states), space=0)
    doc.labelled("Certification(s)/Specialty:", facts.specialty, space=0)
    doc.para(
        "The professional reviewer has practiced clinically for more than five years, currently "
        "practices at least 24 hours a week, and has no affiliation with the employer, the "
        "employee, the providers or the claims administrator.",
        space=0.5,
    )
    return doc
