"""The parser returns a record or raises ParseError, whatever text it is given."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imrdb.parse import ParseError, parse_letter
from imrdb.record import CaseRecord
from tests.support import letter_text as lt
from tests.support.strategies import damaged

FRAGMENTS = [
    "Case Number:",
    "CM16-0200001",
    "Decision Date:",
    "12/09/2016",
    "Upheld",
    "Overturned",
    ":",
    "IMR ISSUES, DECISIONS AND RATIONALES",
    "Claims Administrator guideline:",
    "MAXIMUS guideline:",
    "Decision rationale:",
    "Decision based on MTUS",
    "Non-MTUS Citation",
    "was the original request.",
    "The remaining IMR eligible portion of the original request,",
    "Page 2 of 4",
    "\f",
    "\n",
    "  ",
    "CLINICAL CASE SUMMARY",
    "year old",
    "Priority:",
    "Regarding the request for",
    "ISSUE AT DISPUTE:",
    "DOCUMENTS REVIEWED",
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "Certification(s)/Specialty:",
    "(",
    ")",
    "#",
]


def _parses_or_refuses(text: str) -> None:
    try:
        record = parse_letter(text)
    except ParseError as exc:
        assert exc.reason
    else:
        assert isinstance(record, CaseRecord)
        assert record.decisions


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text(text):
    _parses_or_refuses(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=60))
def test_letter_like_fragments(parts):
    _parses_or_refuses(" ".join(parts))


SYNTHETIC = [
    lt.published(lt.item(), lt.item(name="Norco 10/325mg #120", outcome="\nOverturned")),
    lt.published(*[lt.item(name=f"Item {i} MRI") for i in range(5)]),
]


@settings(max_examples=200, deadline=None)
@given(damaged(SYNTHETIC))
def test_damaged_synthetic_letters(text):
    _parses_or_refuses(text)


@pytest.fixture(scope="module")
def real_texts():
    from imrdb.extract import extract_text
    from tests.support.paths import require_real_letters

    folder = require_real_letters()
    return [extract_text(p.read_bytes(), "pdfium").text for p in sorted(folder.glob("*.pdf"))[:25]]


def test_damaged_real_letters(real_texts):
    @settings(max_examples=300, deadline=None)
    @given(damaged(real_texts))
    def check(text):
        _parses_or_refuses(text)

    check()
