"""The parser on the real published letters (../shared/real-letters), against truth.jsonl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from imrdb.evaluate import DECISION_FIELDS, HEADER_FIELDS, evaluate
from imrdb.parse import parse_letter
from tests.support.paths import SHARED


@pytest.fixture(scope="module")
def reports(request):
    from tests.support.paths import require_real_letters

    folder = require_real_letters()
    return {name: evaluate(folder, name, jobs=2) for name in ("pdfium", "pdfminer")}


def test_every_field_meets_the_bar(reports):
    report = reports["pdfminer"]
    assert report.parsed == report.letters == 97
    for name in (*HEADER_FIELDS, "item_count", *DECISION_FIELDS):
        bar = 0.95 if name == "category" else 0.99
        assert report.accuracy(name) >= bar, (name, report.accuracy(name), report.differences)


def test_both_extractors_give_the_same_records(reports):
    assert reports["pdfium"].to_dict() == reports["pdfminer"].to_dict()


SEED = SHARED / "examples" / "seed-letter-2014-pages2-3.txt"


@pytest.fixture
def seed() -> str:
    if not SEED.exists():
        from tests.support.paths import require_real_letters

        require_real_letters()  # skips or fails with the same message and rule
    return Path(SEED).read_text("utf-8")


def test_seed_letter_pages_2_3(seed):
    """The 2014 seed letter without its first page: DATA_CONTRACT's example record."""
    record = parse_letter(seed)
    assert record.layout == "final_letter_2014"
    assert record.case_number is None  # page 1 is missing
    assert record.date_of_injury == dt.date(2012, 1, 6)
    assert record.patient_age == 53
    assert record.patient_sex is None
    assert record.reviewer_specialty == "Physical Medicine and Rehabilitation"
    assert record.reviewer_license_state == "California"
    assert record.final_determination == "upheld"
    [decision] = record.decisions
    assert decision.to_dict() == {
        "ordinal": 1,
        "treatment": "Left C5-6 facet block (diagnostic)",
        "outcome": "upheld",
        "category": "injections",
        "original_request": None,
        "authorized": None,
        "citations": [
            {
                "cited_by": "claims_administrator",
                "source": "MTUS",
                "title": "ACOEM Chapter 8 Neck and Upper Back Complaints",
                "pages": None,
            },
            {
                "cited_by": "claims_administrator",
                "source": "ODG",
                "title": "Neck & Upper Back, Facet joint diagnostic blocks",
                "pages": None,
            },
            {
                "cited_by": "reviewer",
                "source": "MTUS",
                "title": "ACOEM Chapter 8 Neck and Upper Back Complaints",
                "pages": "174",
            },
            {
                "cited_by": "reviewer",
                "source": "ODG",
                "title": "Neck & Upper Back, Facet joint diagnostic blocks",
                "pages": "601-602",
            },
        ],
        "rationale": decision.rationale,
    }
    assert decision.rationale.startswith("The MTUS guidelines clearly do not support facet blocks")
    assert decision.rationale.endswith(
        "The Left C5-6 Facet Block (diagnostic) is not medically necessary."
    )
    assert "  " not in decision.rationale
