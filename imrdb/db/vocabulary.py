"""Vocabulary normalization on the way in: catalog ids of cited guidelines, and the
normalized certifications of reviewers (``imrdb.vocab`` holds the data)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import Connection, select

from imrdb.db.dialect import insert_ignore
from imrdb.db.models import guidelines as guidelines_t
from imrdb.record import CaseRecord
from imrdb.vocab import guidelines, specialties, treatments


@lru_cache(maxsize=65536)
def catalog_name(source: str, title: str) -> str:
    """The catalog name of a cited title (the vocabulary's patterns, tried once per title)."""
    return guidelines.lookup(source, title)[0]


def guideline_ids(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Catalog ids for (source, name) pairs, adding the ones not yet catalogued."""
    if not keys:
        return {}
    insert_ignore(conn, guidelines_t, [{"source": s, "name": n} for s, n in sorted(keys)])
    ids: dict[tuple[str, str], int] = {}
    for source in {s for s, _ in keys}:
        names = [n for s, n in keys if s == source]
        query = select(guidelines_t.c.id, guidelines_t.c.name).where(
            guidelines_t.c.source == source, guidelines_t.c.name.in_(names)
        )
        ids.update({(source, name): gid for gid, name in conn.execute(query)})
    return ids


def specialty_rows(stored: Sequence[tuple[int, CaseRecord]]) -> list[dict]:
    """``case_specialties`` rows: each case's reviewer certifications, normalized."""
    return [
        {"case_id": case_id, "specialty": name}
        for case_id, record in stored
        for name in specialties.normalize(record.reviewer_specialty)
    ]


# The length of each taxonomy column (a value longer than its column is cut, never refused).
_TAXONOMY_WIDTHS = {
    "subcategory": 48,
    "normalized": 255,
    "drug": 255,
    "drug_class": 32,
    "brand": 64,
    "strength": 64,
    "body_region": 24,
}


def taxonomy_columns(treatment: str, category: str) -> dict[str, object]:
    """The decision's taxonomy columns (``imrdb.vocab.treatments.classify``)."""
    facts = treatments.classify(treatment, category)
    row: dict[str, object] = {"quantity": facts.quantity}
    for name, width in _TAXONOMY_WIDTHS.items():
        value = getattr(facts, name)
        row[name] = value[:width] if isinstance(value, str) else value
    return row


def diagnosis_rows(stored: Sequence[tuple[int, CaseRecord]]) -> list[dict]:
    """``case_diagnoses`` rows: each case's diagnoses, in the order the summary states them."""
    return [
        {"case_id": case_id, "ordinal": n, "text": d.text, "body_region": d.body_region}
        for case_id, record in stored
        for n, d in enumerate(record.diagnoses, start=1)
    ]
