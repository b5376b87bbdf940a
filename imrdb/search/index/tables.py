"""The search projection's tables: defined here, on the normalized schema's metadata.

``decision_facets`` has one narrow row per decision with what search filters, counts and
sorts on, so a query over a million decisions touches small rows only; specialty sets let
a search count certifications from one small integer instead of a join per hit. They are
written with each decision (:mod:`imrdb.search.index.project`) and are never the truth:
the normalized tables are. Importing this module registers them with ``Base.metadata``, so
the migrations' drift check compares them too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, Date, ForeignKey, Integer, MetaData, String, Table, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from imrdb.db.models import Base


class SpecialtySet(Base):
    """A distinct set of normalized reviewer certifications."""

    __tablename__ = "specialty_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    names: Mapped[str] = mapped_column(Text, unique=True, comment="sorted names, one per line")


class SpecialtySetMember(Base):
    __tablename__ = "specialty_set_members"

    set_id: Mapped[int] = mapped_column(
        ForeignKey("specialty_sets.id", ondelete="CASCADE"), primary_key=True
    )
    specialty: Mapped[str] = mapped_column(String(128), primary_key=True, index=True)


class TaxonomySet(Base):
    """A distinct treatment taxonomy (:data:`imrdb.search.codes.TAXONOMY_COLUMNS`), numbered
    so the facet key holds it: its facets are counted, and filtered, from the key alone."""

    __tablename__ = "taxonomy_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True, comment="codes.taxonomy_key")
    subcategory: Mapped[str | None] = mapped_column(String(48))
    drug_class: Mapped[str | None] = mapped_column(String(32))
    body_region: Mapped[str | None] = mapped_column(String(24))
    drug: Mapped[str | None] = mapped_column(String(255))


class DecisionFacet(Base):
    """One projection row per decision.

    ``sources`` has a bit per (party, source) cited; ``facet_key`` packs every facet value
    into one integer for counting (:mod:`imrdb.search.codes`);
    ``newest_rank``/``oldest_rank`` order decisions by letter date (newest or oldest first),
    then case number, then ordinal, as one integer each, identically on both engines.
    On PostgreSQL the migration adds the full-text vectors
    (:mod:`imrdb.search.index.postgresql`)."""

    __tablename__ = "decision_facets"

    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str | None] = mapped_column(String(16))
    letter_year: Mapped[int | None] = mapped_column(Integer)
    letter_date: Mapped[dt.date | None] = mapped_column(Date)
    sources: Mapped[int] = mapped_column(Integer)
    specialty_set: Mapped[int | None] = mapped_column(
        ForeignKey("specialty_sets.id", ondelete="SET NULL")
    )
    newest_rank: Mapped[int] = mapped_column(BigInteger, index=True)
    oldest_rank: Mapped[int] = mapped_column(BigInteger)
    facet_key: Mapped[int] = mapped_column(
        BigInteger, index=True, server_default="0", comment="imrdb.search.codes.facet_key"
    )


class FacetCombo(Base):
    """A facet key in use, numbered, with how many decisions have it.

    SQLite's full-text rowid carries the number (:mod:`imrdb.search.index.sqlite`), not the
    key, so the key may grow as facets are added (it has 63 bits; a second key column
    would give more) while the rowid's room stays fixed: a number per distinct
    combination of facet values, a few tens of thousands for millions of decisions.
    ``decisions`` is kept exact by triggers on ``decision_facets`` (migration 0007), so
    facets over every decision read this small table alone."""

    __tablename__ = "facet_combos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, unique=True, comment="codes.facet_key")
    decisions: Mapped[int] = mapped_column(BigInteger, server_default="0")


facets_t = DecisionFacet.__table__
combos_t = FacetCombo.__table__
sets_t, members_t = SpecialtySet.__table__, SpecialtySetMember.__table__
taxonomy_t = TaxonomySet.__table__


def with_vectors(table: Table, names: tuple[str, ...]) -> Table:
    """A copy of ``table`` (on its own metadata) with ``tsvector`` columns ``names``: what
    PostgreSQL rows are inserted into, since the models leave the vectors out."""
    columns = [Column(c.name, c.type, primary_key=c.primary_key) for c in table.columns]
    return Table(table.name, MetaData(), *columns, *(Column(n, TSVECTOR) for n in names))
