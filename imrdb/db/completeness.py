"""Which version of a case wins: a letter cut short never replaces a more complete record.

The store asks this when a case number it holds arrives again (a re-publication, or the
same letter inside a bundle); the loser's document is stored and keeps the conflict as a
warning (``imrdb failures --warnings``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import Connection, func, select, update

from imrdb.db.models import cases, documents
from imrdb.db.models import decisions as decisions_t
from imrdb.record import CaseRecord

CHUNK = 500  # ids per IN (...) list, here and in the store


class Completeness(NamedTuple):
    """How complete a case's record is: whether its letter looks whole (no ``completeness``
    warning), its decisions, its letter's date."""

    whole: bool
    decisions: int
    letter_date: dt.date | None

    def loses_to(self, stored: Completeness) -> bool:
        """A letter cut short never replaces a more complete record of its case: one with a
        completeness warning loses to a whole one; one with fewer decisions loses unless it
        is a later letter (a re-publication that dropped an item)."""
        if self.whole != stored.whole:
            return not self.whole
        later = self.letter_date and stored.letter_date and self.letter_date > stored.letter_date
        return not later and self.decisions < stored.decisions


def completeness_of(record: CaseRecord) -> Completeness:
    """How complete a letter's record is (:class:`Completeness`)."""
    whole = not any(w.field == "completeness" for w in record.warnings)
    return Completeness(whole, len(record.decisions), record.letter_date)


def stored_completeness(conn: Connection, case_ids: Iterable[int]) -> dict[int, Completeness]:
    """The completeness of stored cases' records: their document's warnings, their decisions."""
    wanted = sorted(set(case_ids))
    found: dict[int, Completeness] = {}
    for i in range(0, len(wanted), CHUNK):
        chunk = wanted[i : i + CHUNK]
        query = (
            select(cases.c.id, cases.c.letter_date, documents.c.parse_warnings)
            .join(documents, documents.c.id == cases.c.document_id)
            .where(cases.c.id.in_(chunk))
        )
        counts = dict(
            conn.execute(
                select(decisions_t.c.case_id, func.count())
                .where(decisions_t.c.case_id.in_(chunk))
                .group_by(decisions_t.c.case_id)
            ).all()
        )
        for case_id, letter_date, warnings in conn.execute(query):
            whole = not any(w.get("field") == "completeness" for w in warnings or ())
            found[case_id] = Completeness(whole, counts.get(case_id, 0), letter_date)
    return found


def note_kept(conn: Connection, document_id: int, record: CaseRecord, stored: Completeness) -> None:
    """List the conflict as a warning of the less complete document (``failures
    --warnings``): the stored record of its case stays."""

    def described(c: Completeness) -> str:
        return f"{'whole' if c.whole else 'incomplete'}, {c.decisions} decisions"

    reason = (
        f"less complete than the stored record of case {record.case_number} "
        f"({described(stored)}; this letter: {described(completeness_of(record))}): "
        "the stored record stays"
    )
    conflict = {"field": "completeness", "reason": reason}
    warnings = [*(w.to_dict() for w in record.warnings), conflict]
    conn.execute(
        update(documents).where(documents.c.id == document_id).values(parse_warnings=warnings)
    )
