"""Each layout other than the published letter, as a named example (our wording, the
layouts' structure: ../shared/LETTER_FORMATS.md and docs/generated-layouts.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from imrdb.parse import parse_letter
from tests.support import letter_text as lt


def cites(decision, party):
    return [(c.source, c.title, c.pages) for c in decision.citations if c.cited_by == party]


def test_notice_2013():
    record = parse_letter(lt.NOTICE)
    assert record.layout == "notice_2013"
    assert (record.case_number, record.letter_date) == ("CM13-0028462", dt.date(2013, 9, 26))
    # The date assigned is a sentence in the decision pages.
    assert record.date_assigned == dt.date(2013, 9, 23)
    assert record.ur_decision_date == dt.date(2013, 8, 30)
    assert record.application_received == dt.date(2013, 9, 6)
    assert record.priority is None  # the notice states none
    assert record.reviewer_specialty == "Occupational Medicine"
    assert (record.patient_age, record.patient_sex) == (45, "male")
    first, second = record.decisions
    # "notmedically" run together still reads as not medically necessary.
    assert (first.treatment, first.outcome) == ("a 28 day functional restoration program", "upheld")
    assert (second.treatment, second.outcome) == ("Norco 10/325mg #90", "overturned")
    assert record.final_determination == "partially_overturned"
    # A label cut by a page break (with furniture) still reads; the reviewer adopts the
    # claims administrator's guideline.
    cited = (
        "MTUS",
        "Chronic Pain Medical Treatment Guidelines, Functional restoration programs",
        "30-32",
    )
    assert cites(first, "claims_administrator") == [cited]
    assert cites(first, "reviewer") == [cited]
    # Non-MTUS: the ODG preamble is dropped for display.
    assert cites(second, "claims_administrator") == [("ODG", "Pain Chapter, Opioids", None)]
    assert cites(second, "reviewer") == [
        ("MTUS", "Chronic Pain Medical Treatment Guidelines, Opioids", "74-96")
    ]


@pytest.mark.parametrize(
    ("variant", "documents", "layout", "specialty", "states"),
    [
        ("A", False, "final_letter_2014", "Anesthesiology", "California"),  # board sentence
        (
            "B",
            False,
            "final_letter_2014",
            "Anesthesiology, Pain Medicine",
            "California, Oregon",
        ),  # the Expert Reviewer Information block on page 1
        ("A", True, "documents_reviewed", "Anesthesiology", "California"),
    ],
    ids=["2014-variant-A", "2014-variant-B", "documents-reviewed"],
)
def test_final_determination_letters(variant, documents, layout, specialty, states):
    record = parse_letter(lt.final_letter(variant, documents))
    assert record.layout == layout
    assert record.case_number == "CM14-0087001"
    assert record.letter_date == dt.date(2014, 7, 25)
    assert record.date_assigned == dt.date(2014, 7, 23)
    assert record.ur_decision_date == dt.date(2014, 5, 21)
    assert record.application_received == dt.date(2014, 6, 10)
    assert record.date_of_injury == dt.date(2012, 1, 6)
    assert record.priority == "expedited"
    assert record.final_determination == "partially_overturned"  # as the letter states it
    assert (record.reviewer_specialty, record.reviewer_license_state) == (specialty, states)
    assert (record.patient_age, record.patient_sex) == (61, None)
    esi, norco = record.decisions
    assert (esi.treatment, esi.outcome, esi.category) == (
        "Lumbar epidural steroid injection L4-5",
        "upheld",
        "injections",
    )
    # Furniture inside the rationale is not part of it.
    assert (
        esi.rationale == "Radiculopathy is not documented. The request is not medically necessary."
    )
    assert cites(esi, "reviewer") == [
        ("MTUS", "Chronic Pain Medical Treatment Guidelines", "46"),
        ("ODG", "Low Back, Epidural steroid injections", "1012-1013"),
    ]
    # No blank line between items; "did not cite any medical evidence" gives no citation.
    assert (norco.treatment, norco.outcome) == ("Norco 10/325mg #120", "overturned")
    assert cites(norco, "claims_administrator") == []
    assert cites(norco, "reviewer") == [
        ("MTUS", "Chronic Pain Medical Treatment Guidelines", "78-80")
    ]


def test_final_letter_without_page_1_takes_the_running_header_case_number():
    record = parse_letter(lt.final_letter(page_1=False))
    assert record.case_number == "CM14-0087001"
    assert record.letter_date is None


def test_professional_review():
    record = parse_letter(lt.PROFESSIONAL)
    assert record.layout == "professional_review"
    assert record.case_number == "CM19-0150001"
    assert record.letter_date == dt.date(2019, 1, 20)
    assert record.date_of_injury == dt.date(2005, 12, 26)
    assert (record.patient_age, record.patient_sex) == (40, "female")
    assert (record.reviewer_specialty, record.reviewer_license_state) == ("Psychiatry", "Colorado")
    pill, chiro = record.decisions
    assert (pill.treatment, pill.outcome, pill.category) == (
        "Eszopiclone 3mg #60",
        "upheld",
        "pharmaceuticals",
    )
    assert cites(pill, "reviewer") == [("MTUS", "MTUS Drug Formulary, Eszopiclone", None)]
    # A wrapped item name; a page reference on its own line is not furniture.
    assert chiro.treatment == (
        "Chiropractic treatment 3 times a week for 4 weeks (12 sessions) for the lumbar spine"
    )
    assert cites(chiro, "reviewer") == [
        ("MTUS", "MTUS (ACOEM Practice Guidelines, 3rd Edition (2011)), Low Back Disorders", "309"),
        ("ODG", "Low Back - Lumbar & Thoracic (Acute & Chronic), Manipulation", None),
    ]
    assert record.final_determination == "partially_overturned"
