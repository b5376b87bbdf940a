"""The normalized schema: these tables are the truth. Search's projection of them (its
tables and full-text index) is defined by search, ``imrdb.search.index``, on this metadata.

Every schema change is an Alembic migration (``migrations/``); ``tests/test_migrations.py``
checks that these models and the migrations agree on both engines.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Document(Base):
    """One source file as read: its bytes' hash, where it came from, its text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, comment="hash of the file bytes")
    path: Mapped[str] = mapped_column(Text, comment="file path as given to ingest")
    member: Mapped[str | None] = mapped_column(Text, comment="member name inside an archive")
    size: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, comment="extracted text; pages separated by form feeds")
    extractor: Mapped[str | None] = mapped_column(String(32))
    layout: Mapped[str | None] = mapped_column(String(32), comment="letter layout the parser found")
    parser_version: Mapped[str | None] = mapped_column(String(32))
    case_number: Mapped[str | None] = mapped_column(
        String(16), index=True, comment="case number parsed from this document"
    )
    sections: Mapped[dict | None] = mapped_column(JSON, comment="section name -> [start, end]")
    parse_warnings: Mapped[list | None] = mapped_column(
        JSON(none_as_null=True),
        comment="facts the parser could not read in this letter: [{field, reason}]",
    )
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Case(Base):
    """One letter's header facts; a case number appears once."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_number: Mapped[str | None] = mapped_column(String(16), unique=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"),
        index=True,
        comment="the document this record was parsed from (offsets refer to its text)",
    )
    letter_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    letter_year: Mapped[int | None] = mapped_column(Integer, index=True)
    date_assigned: Mapped[dt.date | None] = mapped_column(Date)
    application_received: Mapped[dt.date | None] = mapped_column(Date)
    ur_decision_date: Mapped[dt.date | None] = mapped_column(Date)
    date_of_injury: Mapped[dt.date | None] = mapped_column(Date)
    priority: Mapped[str | None] = mapped_column(String(16), index=True)
    final_determination: Mapped[str | None] = mapped_column(String(24), index=True)
    patient_age: Mapped[int | None] = mapped_column(Integer)
    patient_sex: Mapped[str | None] = mapped_column(String(8))
    reviewer_specialty: Mapped[str | None] = mapped_column(Text, comment="as written")
    reviewer_license_state: Mapped[str | None] = mapped_column(Text)
    layout: Mapped[str | None] = mapped_column(String(32))
    parser_version: Mapped[str | None] = mapped_column(String(32))
    spans: Mapped[dict | None] = mapped_column(JSON, comment="field -> [start, end] in the text")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class CaseSpecialty(Base):
    """The reviewer's certifications, normalized by the specialty vocabulary: one row each."""

    __tablename__ = "case_specialties"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    specialty: Mapped[str] = mapped_column(String(128), primary_key=True, index=True)


class Decision(Base):
    """One disputed item. ``letter_date``/``letter_year``/``priority`` copy the case's so
    search filters and counts facets on one table; ``citation_text`` feeds the full-text
    index."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("case_id", "ordinal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    treatment: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16), index=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    original_request: Mapped[str | None] = mapped_column(Text)
    authorized: Mapped[str | None] = mapped_column(Text)
    rationale: Mapped[str | None] = mapped_column(Text)
    citation_text: Mapped[str | None] = mapped_column(Text)
    letter_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    letter_year: Mapped[int | None] = mapped_column(Integer, index=True)
    priority: Mapped[str | None] = mapped_column(String(16), index=True)
    spans: Mapped[dict | None] = mapped_column(JSON)
    # The treatment taxonomy (imrdb.vocab.treatments), derived from treatment and category.
    subcategory: Mapped[str | None] = mapped_column(String(48), index=True)
    normalized: Mapped[str | None] = mapped_column(
        String(255), index=True, comment="generic drug or procedure, without strength/quantity"
    )
    drug: Mapped[str | None] = mapped_column(String(255), index=True, comment="generic name(s)")
    drug_class: Mapped[str | None] = mapped_column(String(32), index=True)
    brand: Mapped[str | None] = mapped_column(String(64), comment="as written")
    strength: Mapped[str | None] = mapped_column(String(64))
    quantity: Mapped[int | None] = mapped_column(Integer)
    body_region: Mapped[str | None] = mapped_column(String(24), index=True)


class CaseDiagnosis(Base):
    """A diagnosis the case summary states, as written, with the body region it names."""

    __tablename__ = "case_diagnoses"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    ordinal: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)
    body_region: Mapped[str | None] = mapped_column(String(24), index=True)


class Guideline(Base):
    """The guideline catalog: one row per (source, canonical name)."""

    __tablename__ = "guidelines"
    __table_args__ = (UniqueConstraint("source", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(8), index=True)
    name: Mapped[str] = mapped_column(Text)


class Citation(Base):
    """One guideline one party cited for one decision."""

    __tablename__ = "citations"
    __table_args__ = (
        UniqueConstraint("decision_id", "ordinal"),
        Index("ix_citations_source_decision_id", "source", "decision_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    cited_by: Mapped[str] = mapped_column(String(24), index=True)
    source: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    pages: Mapped[str | None] = mapped_column(String(64))
    guideline_id: Mapped[int | None] = mapped_column(
        ForeignKey("guidelines.id", ondelete="SET NULL"), index=True
    )


class IngestRun(Base):
    """One ``imrdb ingest`` (or ``reparse``) invocation and its counts."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    command: Mapped[str] = mapped_column(String(16))
    arguments: Mapped[str | None] = mapped_column(Text)
    extractor: Mapped[str | None] = mapped_column(String(32))
    parser_version: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")
    counts: Mapped[dict | None] = mapped_column(JSON)


class IngestFailure(Base):
    """A file (or archive member) that could not be stored, and why."""

    __tablename__ = "ingest_failures"
    __table_args__ = (UniqueConstraint("source_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_key: Mapped[str] = mapped_column(
        String(64), comment="sha256 of the bytes, or of path and member where none were read"
    )
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ingest_runs.id", ondelete="SET NULL"), index=True
    )
    path: Mapped[str] = mapped_column(Text)
    member: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None] = mapped_column(
        BigInteger, comment="bytes of the file or member, where they were read"
    )
    stage: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
