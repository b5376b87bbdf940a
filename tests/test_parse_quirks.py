"""Each layout quirk, as a named example: what the parser must read from it."""

from __future__ import annotations

import datetime as dt

import pytest

from imrdb.parse import ParseError, parse_letter
from imrdb.record import Citation
from tests.support import letter_text as lt


def one_decision(text: str):
    record = parse_letter(text)
    assert len(record.decisions) == 1
    return record.decisions[0]


# --- the header table ------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        lt.HEADER,  # value of the wrapped label on the "Application" row
        lt.HEADER.replace("Application 11/04/2016\nReceived:", "Application\nReceived: 11/04/2016"),
        lt.HEADER.replace(
            "Priority: Standard Application 11/04/2016\nReceived:\n",
            "Priority: Standard Application\n11/04/2016\nReceived:\n",
        ),
    ],
    ids=["value-beside-first-half", "value-after-second-half", "value-between-halves"],
)
def test_header_table_fields(header):
    record = parse_letter(lt.published(header=header))
    assert record.case_number == "CM16-0200001"
    assert record.letter_date == dt.date(2016, 12, 9)
    assert record.date_assigned == dt.date(2016, 11, 9)
    assert record.date_of_injury == dt.date(2016, 10, 13)
    assert record.ur_decision_date == dt.date(2016, 11, 3)
    assert record.application_received == dt.date(2016, 11, 4)
    assert record.priority == "standard"
    assert record.layout == "published_2016"


def test_header_expedited_and_written_dates():
    header = lt.HEADER.replace("Standard", "Expedited").replace("12/09/2016", "December 9, 2016")
    record = parse_letter(lt.published(header=header))
    assert record.priority == "expedited"
    assert record.letter_date == dt.date(2016, 12, 9)


# --- the reviewer and the worker -------------------------------------------------------


@pytest.mark.parametrize(
    ("states", "specialty", "want_states", "want_specialty"),
    [
        (
            "California,North Carolina",
            "Family Practice",
            "California, North Carolina",
            "Family Practice",
        ),  # comma list without spaces
        (
            "California",
            "Physical Medicine & Rehabilitation, Pain Management, Sports Medicine, Internal\n"
            "Medicine",
            "California",
            "Physical Medicine & Rehabilitation, Pain Management, Sports Medicine, Internal "
            "Medicine",
        ),  # a line wrapped at the margin
        (
            "California",
            "Public Health &\nGeneral Preventive Medicine",
            "California",
            "Public Health & General Preventive Medicine",
        ),  # a line ending in a connector continues
        (
            "Texas, California",
            "Sports Medicinea",
            "Texas, California",
            "Sports Medicinea",
        ),  # typos kept as written
    ],
)
def test_credentials(states, specialty, want_states, want_specialty):
    record = parse_letter(lt.published(states=states, specialty=specialty))
    assert record.reviewer_license_state == want_states
    assert record.reviewer_specialty == want_specialty


@pytest.mark.parametrize(
    ("summary", "age", "sex"),
    [
        ("The injured worker is a 48 year old male who was injured on 10-13-16.", 48, "male"),
        ("This case involves a now 39-year-old female with a history of a fall.", 39, "female"),
        ("The injured worker is a female who sustained an injury at work.", None, "female"),
        ("The injured worker reports that he slipped; his pain persists.", None, None),  # pronouns
        ("This 53 year-old injured worker sustained an injury on 01/06/2012.", 53, None),
    ],
)
def test_age_and_sex_as_first_stated(summary, age, sex):
    record = parse_letter(lt.published(summary=summary))
    assert (record.patient_age, record.patient_sex) == (age, sex)


# --- items -----------------------------------------------------------------------------


def test_outcome_word_on_its_own_line():
    text = lt.published(lt.item(name="Norco 10/325mg #120", outcome="\nOverturned"))
    d = one_decision(text)
    assert (d.treatment, d.outcome) == ("Norco 10/325mg #120", "overturned")


def test_items_without_blank_lines_between_them():
    first = lt.item(name="Acupuncture 6 sessions").replace("\n\n", "\n")
    second = lt.item(name="Associated surgical service: Cold therapy unit", outcome="Overturned")
    record = parse_letter(lt.published(first, second.replace("\n\n", "\n")))
    assert [(d.treatment, d.outcome, d.category) for d in record.decisions] == [
        ("Acupuncture 6 sessions", "upheld", "physical_medicine"),
        ("Associated surgical service: Cold therapy unit", "overturned", "dmepos"),
    ]
    assert record.final_determination == "partially_overturned"


def test_wrapped_item_name():
    name = "Physical therapy two times a week for six weeks for the lumbar spine and\nthe left knee"
    d = one_decision(lt.published(lt.item(name=name)))
    assert d.treatment == " ".join(name.split())


@pytest.mark.parametrize(
    ("name", "treatment", "original", "authorized"),
    [
        (
            "Baclofen 100mg #30 was the original request. Baclofen 100mg #27 was authorized by\n"
            "the Claims Administrator. The remaining IMR eligible portion of the original\n"
            "request, Baclofen 100mg #3",
            "Baclofen 100mg #3",
            "Baclofen 100mg #30",
            "Baclofen 100mg #27",
        ),
        (
            "Occupational therapy for nine sessions was the original request. Occupational\n"
            "therapy for three sessions was authorized by the Claims Administrator. The\n"
            "remaining IMR eligible portion of the original request, Occupational therapy for\n"
            "six sessions is",
            "Occupational therapy for six sessions",
            "Occupational therapy for nine sessions",
            "Occupational therapy for three sessions",
        ),
        (
            "Acupuncture (unspecified quantity) was the original request. The Claims\n"
            "Administrator authorized Acupuncture, 6 sessions, leaving the original request\n"
            "IMR eligible. The original request, Acupuncture (unspecified quantity) is",
            "Acupuncture (unspecified quantity)",
            "Acupuncture (unspecified quantity)",
            "Acupuncture, 6 sessions",
        ),
    ],
    ids=["remaining-portion", "remaining-portion-is", "original-request-left-eligible"],
)
def test_modified_requests(name, treatment, original, authorized):
    d = one_decision(lt.published(lt.item(name=name)))
    assert (d.treatment, d.original_request, d.authorized) == (treatment, original, authorized)


def test_item_names_with_colons_slashes_and_numbers():
    names = [
        "Pre-op labs: CBC",
        "EMG/NCV of the bilateral upper extremities",
        "L4-5 ESI",
        "Retrospective: Urine drug screen (DOS 10/12/16)",
        "Norco 10/325mg #120",
    ]
    record = parse_letter(lt.published(*[lt.item(name=n) for n in names]))
    assert [d.treatment for d in record.decisions] == names
    assert [d.category for d in record.decisions] == [
        "diagnostic_testing",
        "diagnostic_testing",
        "injections",
        "diagnostic_testing",
        "pharmaceuticals",
    ]


def test_many_items():
    record = parse_letter(
        lt.published(*[lt.item(name=f"Item number {i} x-ray") for i in range(22)])
    )
    assert len(record.decisions) == 22
    assert [d.ordinal for d in record.decisions] == list(range(1, 23))


# --- guideline sentences -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "citations"),
    [
        (  # one MTUS part with a section
            "Decision based on MTUS Shoulder Complaints 2004, Section(s): Special Studies.",
            [("MTUS", "Shoulder Complaints 2004, Section(s): Special Studies", None)],
        ),
        (  # several MTUS parts in one sentence; "Forearm, Wrist, and Hand" is one part
            "Decision based on MTUS Forearm, Wrist, and Hand Complaints 2004, Section(s):\n"
            "Work-Relatedness, and Postsurgical Treatment 2009, Section(s): Forearm, Wrist,\n"
            "& Hand.",
            [
                (
                    "MTUS",
                    "Forearm, Wrist, and Hand Complaints 2004, Section(s): Work-Relatedness",
                    None,
                ),
                ("MTUS", "Postsurgical Treatment 2009, Section(s): Forearm, Wrist, & Hand", None),
            ],
        ),
        (  # outside the MTUS: the source comes from the text
            "The Claims Administrator based their decision on recommendation(s) outside of the\n"
            "MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines,\n"
            "2016, Web Version, Facet joint diagnostic blocks.",
            [
                (
                    "ODG",
                    "Official Disability Guidelines, 2016, Web Version, Facet joint diagnostic "
                    "blocks",
                    None,
                )
            ],
        ),
        (  # no citation at all
            "The Claims Administrator did not cite any medical evidence for its decision.",
            [],
        ),
        (  # "and Other Medical Treatment Guidelines X" is a second citation
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low\n"
            "Back/Intra-operative monitoring and Other Medical Treatment Guidelines\n"
            "http://www.example.org/policy.html.",
            [
                (
                    "ODG",
                    "Official Disability Guidelines (ODG) Low Back/Intra-operative monitoring",
                    None,
                ),
                ("OTHER", "http://www.example.org/policy.html", None),
            ],
        ),
        (  # pages only where the text gives pages; a section number is not a page
            "Decision based on Non-MTUS Citation ACOEM Occupational Medicine Practice Guidelines,\n"
            "3rd ed., Shoulder Disorders, pg. 64. Decision based on MTUS Elbow Complaints 2007,\n"
            "Section(s): 326.",
            [
                (
                    "ACOEM",
                    "ACOEM Occupational Medicine Practice Guidelines, 3rd ed., Shoulder "
                    "Disorders, pg. 64",
                    "64",
                ),
                ("MTUS", "Elbow Complaints 2007, Section(s): 326", None),
            ],
        ),
    ],
    ids=["section", "two-mtus-parts", "non-mtus", "no-evidence", "other-guidelines", "pages"],
)
def test_guideline_sentences(sentence, citations):
    d = one_decision(lt.published(lt.item(ca=sentence)))
    got = [
        (c.source, c.title, c.pages) for c in d.citations if c.cited_by == "claims_administrator"
    ]
    assert got == citations


# --- robustness to real text -----------------------------------------------------------------


def test_page_furniture_inside_a_rationale():
    rationale = (
        "The records do not show a failed trial of conservative care.\n"
        "Page 2 of 4\nCM16-0200001\f"
        "Therefore the request is not medically necessary."
    )
    d = one_decision(lt.published(lt.item(rationale=rationale)))
    assert d.rationale == (
        "The records do not show a failed trial of conservative care. "
        "Therefore the request is not medically necessary."
    )


def test_double_spaces_and_page_break_inside_a_name():
    d = one_decision(lt.published(lt.item(name="Lumbar  epidural steroid\finjection  L4-5")))
    assert d.treatment == "Lumbar epidural steroid injection L4-5"
    assert d.category == "injections"


def test_spans_point_into_the_text():
    text = lt.published(lt.item(name="Lumbar epidural steroid injection"))
    record = parse_letter(text)
    d = record.decisions[0]
    start, end = d.spans["treatment"]
    assert text[start:end] == "Lumbar epidural steroid injection"
    start, end = record.spans["case_number"]
    assert text[start:end] == "CM16-0200001"
    assert text[slice(*d.spans["rationale"])].startswith("The guidelines support")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty text"),
        ("Dear Sir, thank you for your order of 12 widgets.", "not an IMR determination letter"),
        (
            lt.HEADER + "\nHOW THE IMR FINAL DETERMINATION WAS MADE\n\nIMR ISSUES, DECISIONS AND "
            "RATIONALES\n\nNothing here.",
            "no decision found: no '<treatment>: Upheld/Overturned' line and no 'Item N: "
            "<treatment>' with a 'Determination:' line after the decisions heading "
            "(characters 263-278)",
        ),
    ],
    ids=["empty", "not-a-letter", "no-decisions"],
)
def test_parse_errors_name_the_reason(text, reason):
    with pytest.raises(ParseError) as excinfo:
        parse_letter(text)
    assert excinfo.value.reason == reason


def test_citation_types():
    d = one_decision(lt.published())
    assert d.citations == (
        Citation("claims_administrator", "MTUS", "Low Back Complaints 2004"),
        Citation("reviewer", "MTUS", "Low Back Complaints 2004, Section(s): Special Studies"),
    )
