"""The normalized schema: these tables are the truth. Search's projection of them (its
tables and full-text index) is defined by search, ``imrdb.search.index``, on this metadata.

Plain SQLAlchemy Core tables, not ORM classes: nothing maps rows to objects, and the ORM's
import and mapper set-up cost every command a fifth of its start-up.

Every schema change is an Alembic migration (``migrations/``); ``tests/test_migrations.py``
checks that these tables and the migrations agree on both engines.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# One source file as read: its bytes' hash, where it came from, its text.
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True, comment="hash of the file bytes"),
    Column("path", Text, nullable=False, comment="file path as given to ingest"),
    Column("member", Text, comment="member name inside an archive"),
    Column("size", Integer),
    Column("pages", Integer),
    Column("text", Text, nullable=False, comment="extracted text; pages separated by form feeds"),
    Column("extractor", String(32)),
    Column("layout", String(32), comment="letter layout the parser found"),
    Column("parser_version", String(32)),
    Column("case_number", String(16), index=True, comment="case number parsed from this document"),
    Column("sections", JSON, comment="section name -> [start, end]"),
    Column(
        "parse_warnings",
        JSON(none_as_null=True),
        comment="facts the parser could not read in this letter: [{field, reason}]",
    ),
    Column("ingested_at", DateTime, nullable=False, default=_now),
)

# One letter's header facts; a case number appears once.
cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_number", String(16), unique=True),
    Column(
        "document_id",
        ForeignKey("documents.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
        comment="the document this record was parsed from (offsets refer to its text)",
    ),
    Column("letter_date", Date, index=True),
    Column("letter_year", Integer, index=True),
    Column("date_assigned", Date),
    Column("application_received", Date),
    Column("ur_decision_date", Date),
    Column("date_of_injury", Date),
    Column("priority", String(16), index=True),
    Column("final_determination", String(24), index=True),
    Column("patient_age", Integer),
    Column("patient_sex", String(8)),
    Column("reviewer_specialty", Text, comment="as written"),
    Column("reviewer_license_state", Text),
    Column("layout", String(32)),
    Column("parser_version", String(32)),
    Column("spans", JSON, comment="field -> [start, end] in the text"),
    Column("updated_at", DateTime, nullable=False, default=_now, onupdate=_now),
)

# The reviewer's certifications, normalized by the specialty vocabulary: one row each.
case_specialties = Table(
    "case_specialties",
    metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("specialty", String(128), primary_key=True, index=True),
)

# One disputed item. ``letter_date``/``letter_year``/``priority`` copy the case's so search
# filters and counts facets on one table; ``citation_text`` feeds the full-text index.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("treatment", Text, nullable=False),
    Column("outcome", String(16), nullable=False, index=True),
    Column("category", String(32), nullable=False, index=True),
    Column("original_request", Text),
    Column("authorized", Text),
    Column("rationale", Text),
    Column("citation_text", Text),
    Column("letter_date", Date, index=True),
    Column("letter_year", Integer, index=True),
    Column("priority", String(16), index=True),
    Column("spans", JSON),
    # The treatment taxonomy (imrdb.vocab.treatments), derived from treatment and category.
    Column("subcategory", String(48), index=True),
    Column(
        "normalized",
        String(255),
        index=True,
        comment="generic drug or procedure, without strength/quantity",
    ),
    Column("drug", String(255), index=True, comment="generic name(s)"),
    Column("drug_class", String(32), index=True),
    Column("brand", String(64), comment="as written"),
    Column("strength", String(64)),
    Column("quantity", Integer),
    Column("body_region", String(24), index=True),
    UniqueConstraint("case_id", "ordinal"),
)

# A diagnosis the case summary states, as written, with the body region it names.
case_diagnoses = Table(
    "case_diagnoses",
    metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("ordinal", Integer, primary_key=True, autoincrement=False),
    Column("text", Text, nullable=False),
    Column("body_region", String(24), index=True),
)

# The guideline catalog: one row per (source, canonical name).
guidelines = Table(
    "guidelines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(8), nullable=False, index=True),
    Column("name", Text, nullable=False),
    UniqueConstraint("source", "name"),
)

# One guideline one party cited for one decision.
citations = Table(
    "citations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("decision_id", ForeignKey("decisions.id", ondelete="CASCADE"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("cited_by", String(24), nullable=False, index=True),
    Column("source", String(8), nullable=False),
    Column("title", Text, nullable=False),
    Column("pages", String(64)),
    Column("guideline_id", ForeignKey("guidelines.id", ondelete="SET NULL"), index=True),
    UniqueConstraint("decision_id", "ordinal"),
    Index("ix_citations_source_decision_id", "source", "decision_id"),
)

# One ``imrdb ingest`` (or ``reparse``) invocation and its counts.
ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("command", String(16), nullable=False),
    Column("arguments", Text),
    Column("extractor", String(32)),
    Column("parser_version", String(32)),
    Column("started_at", DateTime, nullable=False, default=_now),
    Column("finished_at", DateTime),
    Column("status", String(16), nullable=False, default="running"),
    Column("counts", JSON),
)

# A file (or archive member) that could not be stored, and why.
ingest_failures = Table(
    "ingest_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "source_key",
        String(64),
        nullable=False,
        comment="sha256 of the bytes, or of path and member where none were read",
    ),
    Column("run_id", ForeignKey("ingest_runs.id", ondelete="SET NULL"), index=True),
    Column("path", Text, nullable=False),
    Column("member", Text),
    Column("sha256", String(64), index=True),
    Column("size", BigInteger, comment="bytes of the file or member, where they were read"),
    Column("stage", String(16), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime, nullable=False, default=_now),
    UniqueConstraint("source_key"),
)
