"""The case record every part of imrdb agrees on (see DATA_CONTRACT.md).

Frozen dataclasses: the parser returns them, the store writes and reads them, and the
CLI prints them. ``to_dict`` gives exactly the contract's JSON shape; ``spans`` carry
where each field came from in the letter's text (character offsets), so a case view can
quote the passage and search can highlight it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

OUTCOMES = ("upheld", "overturned")
FINAL_DETERMINATIONS = ("upheld", "overturned", "partially_overturned")
PRIORITIES = ("standard", "expedited")
SEXES = ("female", "male")
CITED_BY = ("claims_administrator", "reviewer")
SOURCES = ("MTUS", "ODG", "ACOEM", "OTHER")
CATEGORIES = (
    "pharmaceuticals",
    "injections",
    "surgery",
    "diagnostic_imaging",
    "diagnostic_testing",
    "physical_medicine",
    "dmepos",
    "evaluation_management",
    "behavioral_health",
    "programs",
    "home_health",
    "transportation",
    "other",
)
DATE_FIELDS = (
    "letter_date",
    "date_assigned",
    "application_received",
    "ur_decision_date",
    "date_of_injury",
)


_CASE_NUMBER = re.compile(r"(?:CM)?\s*(\d{2})\s*[-\s]?\s*(\d{7})", re.IGNORECASE)


def case_number_of(typed: str) -> str:
    """A case number as typed ("cm14 0087654", "14-0087654") in its ``CMyy-nnnnnnn`` form;
    anything else upper-cased, as given. ``show``, ``--case`` and ``case:`` all read it so."""
    match = _CASE_NUMBER.fullmatch(typed.strip())
    return f"CM{match[1]}-{match[2]}" if match else typed.strip().upper()


@dataclass(frozen=True)
class Citation:
    """One guideline one party cited for one decision."""

    cited_by: str
    source: str
    title: str
    pages: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cited_by": self.cited_by,
            "source": self.source,
            "title": self.title,
            "pages": self.pages,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Citation:
        return cls(data["cited_by"], data["source"], data["title"], data.get("pages"))


@dataclass(frozen=True)
class Decision:
    """One disputed item and the reviewer's answer to it."""

    ordinal: int
    treatment: str
    outcome: str
    category: str
    citations: tuple[Citation, ...] = ()
    rationale: str | None = None
    original_request: str | None = None
    authorized: str | None = None
    spans: Mapping[str, Span] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ordinal": self.ordinal,
            "treatment": self.treatment,
            "outcome": self.outcome,
            "category": self.category,
            "original_request": self.original_request,
            "authorized": self.authorized,
            "citations": [c.to_dict() for c in self.citations],
            "rationale": self.rationale,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        return cls(
            ordinal=data["ordinal"],
            treatment=data["treatment"],
            outcome=data["outcome"],
            category=data["category"],
            citations=tuple(Citation.from_dict(c) for c in data.get("citations") or ()),
            rationale=data.get("rationale"),
            original_request=data.get("original_request"),
            authorized=data.get("authorized"),
        )


@dataclass(frozen=True)
class ParseWarning:
    """A fact the parser could not read in a letter it otherwise read: the record keeps
    what was read, the gap is null, and this says which field and why (where it looked)."""

    field: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason}


@dataclass(frozen=True)
class Diagnosis:
    """A diagnosis the case summary states, as written, with the body region it names
    (``imrdb.vocab.regions``) and where it stands in the letter's text."""

    text: str
    body_region: str | None = None
    span: Span | None = field(default=None, compare=False)  # not stored

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "body_region": self.body_region}


@dataclass(frozen=True)
class CaseRecord:
    """One final determination letter: its header facts and its decisions."""

    case_number: str | None
    letter_date: dt.date | None = None
    date_assigned: dt.date | None = None
    application_received: dt.date | None = None
    ur_decision_date: dt.date | None = None
    date_of_injury: dt.date | None = None
    priority: str | None = None
    final_determination: str | None = None
    patient_age: int | None = None
    patient_sex: str | None = None
    reviewer_specialty: str | None = None
    reviewer_license_state: str | None = None
    decisions: tuple[Decision, ...] = ()
    layout: str | None = None
    spans: Mapping[str, Span] = field(default_factory=dict)
    sections: Mapping[str, Span] = field(default_factory=dict)
    # Not part of the contract's JSON: stored per document, listed by ``failures --warnings``.
    warnings: tuple[ParseWarning, ...] = ()
    # Stored per case (``case_diagnoses``); in the JSON only where asked (``diagnoses=True``).
    diagnoses: tuple[Diagnosis, ...] = ()

    def to_dict(self, diagnoses: bool = False) -> dict[str, Any]:
        """The contract's JSON shape (dates as ISO strings); ``diagnoses``: extended with the
        stored diagnoses (``show``, the API, the JSONL export), which the parser's own
        output and the real letters' expected records leave out."""
        out: dict[str, Any] = {"case_number": self.case_number}
        for name in DATE_FIELDS:
            value = getattr(self, name)
            out[name] = value.isoformat() if value else None
        out.update(
            priority=self.priority,
            final_determination=self.final_determination,
            patient_age=self.patient_age,
            patient_sex=self.patient_sex,
            reviewer_specialty=self.reviewer_specialty,
            reviewer_license_state=self.reviewer_license_state,
            decisions=[d.to_dict() for d in self.decisions],
        )
        if diagnoses:
            out["diagnoses"] = [d.to_dict() for d in self.diagnoses]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CaseRecord:
        dates = {
            name: dt.date.fromisoformat(data[name]) if data.get(name) else None
            for name in DATE_FIELDS
        }
        return cls(
            case_number=data.get("case_number"),
            priority=data.get("priority"),
            final_determination=data.get("final_determination"),
            patient_age=data.get("patient_age"),
            patient_sex=data.get("patient_sex"),
            reviewer_specialty=data.get("reviewer_specialty"),
            reviewer_license_state=data.get("reviewer_license_state"),
            decisions=tuple(Decision.from_dict(d) for d in data.get("decisions") or ()),
            **dates,
        )


def final_determination_of(outcomes: list[str] | tuple[str, ...]) -> str | None:
    """A letter's determination derived from its items' outcomes."""
    distinct = set(outcomes)
    if not distinct:
        return None
    if distinct == {"upheld"}:
        return "upheld"
    if distinct == {"overturned"}:
        return "overturned"
    return "partially_overturned"
