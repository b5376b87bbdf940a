"""Header facts found by the shared readers -> the CaseRecord."""

from __future__ import annotations

from imrdb.parse import fields
from imrdb.parse.errors import ParseError
from imrdb.parse.text import Span
from imrdb.record import CaseRecord, Decision, final_determination_of

ITEM_SHAPES = (
    "no '<treatment>: Upheld/Overturned' line and no 'Item N: <treatment>' with a "
    "'Determination:' line"
)


def looked_in(issues: object, fallback: object, fallback_name: str = "case summary") -> str:
    """Where the items were looked for, in words, for the reason a refused letter gives."""
    if issues is not None:
        return "after the decisions heading"
    if fallback is not None:
        return f"after the {fallback_name} heading (no decisions heading found)"
    return "after the header (no decisions or summary heading found)"


def no_decision(looked: tuple[str, Span] | None) -> str:
    """The reason a letter without a readable decision is refused: what, and where."""
    if looked is None:
        return f"no decision found: {ITEM_SHAPES}"
    where, (start, end) = looked
    return f"no decision found: {ITEM_SHAPES} {where} (characters {start}-{end})"


def record(
    text: str,
    layout: str,
    decisions: list[Decision],
    header: Span,
    summary: Span | None,
    credentials: Span | None,
    sections: dict[str, Span],
    overrides: dict[str, fields.Found] | None = None,
    looked: tuple[str, Span] | None = None,
) -> CaseRecord:
    """The record of a letter whose header facts lie in ``header``, the reviewer's
    credentials in ``credentials`` and the worker's age and sex in ``summary``; ``looked``
    says where the decisions were looked for (the reason a letter without any gives)."""
    if not decisions:
        raise ParseError(no_decision(looked))
    found: dict[str, fields.Found] = fields.labelled_dates(text, *header)
    found["case_number"] = fields.case_number(text, *header) or fields.case_number(text)
    found["priority"] = fields.priority(text, *header)
    found["final_determination"] = fields.stated_determination(text, *header)
    if credentials:
        found["reviewer_specialty"] = fields.specialty(text, *credentials)
        found["reviewer_license_state"] = fields.licensure(text, *credentials)
    if summary:
        found["patient_age"], found["patient_sex"] = fields.age_and_sex(text, *summary)
        if found["date_of_injury"] is None:
            found["date_of_injury"] = fields.injury_in_summary(text, *summary)
    found.update(overrides or {})
    values: dict = {"case_number": None}
    values.update({name: f[0] for name, f in found.items() if f is not None})
    spans = {name: f[1] for name, f in found.items() if f is not None}
    if "final_determination" not in values:
        values["final_determination"] = final_determination_of([d.outcome for d in decisions])
    return CaseRecord(
        **values, decisions=tuple(decisions), layout=layout, spans=spans, sections=sections
    )
