"""Case records built by hand for store and CLI tests (the parser has its own tests)."""

from __future__ import annotations

import datetime as dt

from imrdb.record import CaseRecord, Citation, Decision

FACET_BLOCK = CaseRecord(
    case_number="CM14-0087654",
    letter_date=dt.date(2014, 7, 25),
    date_assigned=dt.date(2014, 7, 23),
    application_received=dt.date(2014, 6, 10),
    ur_decision_date=dt.date(2014, 5, 21),
    date_of_injury=dt.date(2012, 1, 6),
    priority="standard",
    final_determination="upheld",
    patient_age=53,
    patient_sex=None,
    reviewer_specialty="Physical Medicine & Rehabilitation, Pain Management",
    reviewer_license_state="California",
    layout="final_determination_letter",
    spans={"case_number": (40, 52), "letter_date": (60, 69)},
    sections={"summary": (100, 900), "issues": (900, 2400)},
    decisions=(
        Decision(
            ordinal=1,
            treatment="Left C5-6 facet block (diagnostic)",
            outcome="upheld",
            category="injections",
            citations=(
                Citation(
                    "claims_administrator", "MTUS", "ACOEM Chapter 8 Neck and Upper Back Complaints"
                ),
                Citation(
                    "claims_administrator",
                    "ODG",
                    "Neck & Upper Back, Facet joint diagnostic blocks",
                ),
                Citation(
                    "reviewer", "MTUS", "ACOEM Chapter 8 Neck and Upper Back Complaints", "174"
                ),
                Citation(
                    "reviewer", "ODG", "Neck & Upper Back, Facet joint diagnostic blocks", "601-602"
                ),
            ),
            rationale="The MTUS guidelines clearly do not support facet blocks for chronic pain.",
            spans={"item": (950, 1800), "treatment": (950, 985)},
        ),
        Decision(
            ordinal=2,
            treatment="Norco 10/325mg #27",
            outcome="overturned",
            category="pharmaceuticals",
            original_request="Norco 10/325mg #120",
            authorized="Norco 10/325mg #93",
            citations=(
                Citation("reviewer", "MTUS", "Chronic Pain Medical Treatment Guidelines", "78-80"),
            ),
            rationale="Opioids are medically necessary here: documented functional improvement.",
        ),
    ),
)


def variant(record: CaseRecord, **changes) -> CaseRecord:
    from dataclasses import replace

    return replace(record, **changes)
