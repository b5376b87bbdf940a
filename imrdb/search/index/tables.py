"""The search projection's tables: defined here, on the normalized schema's metadata.

``decision_facets`` has one narrow row per decision with what search filters, counts and
sorts on, so a query over a million decisions touches small rows only; specialty sets let
a search count certifications from one small integer instead of a join per hit. They are
written with each decision (:mod:`imrdb.search.index.project`) and are never the truth:
the normalized tables are. Importing this module registers them with the schema's ``metadata``, so
the migrations' drift check compares them too.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from imrdb.db.models import metadata
from imrdb.search.index import key_parts

# A distinct set of normalized reviewer certifications.
sets_t = Table(
    "specialty_sets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("names", Text, nullable=False, unique=True, comment="sorted names, one per line"),
)

members_t = Table(
    "specialty_set_members",
    metadata,
    Column("set_id", ForeignKey("specialty_sets.id", ondelete="CASCADE"), primary_key=True),
    Column("specialty", String(128), primary_key=True, index=True),
)

# A distinct treatment taxonomy (:data:`imrdb.search.codes.TAXONOMY_COLUMNS`), numbered so
# the facet key holds it: its facets are counted, and filtered, from the key alone.
taxonomy_t = Table(
    "taxonomy_sets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True, comment="codes.taxonomy_key"),
    Column("subcategory", String(48)),
    Column("drug_class", String(32)),
    Column("body_region", String(24)),
    Column("drug", String(255)),
)

# One projection row per decision.
#
# ``sources`` has a bit per (party, source) cited; ``facet_key`` packs every facet value
# into one integer for counting (:mod:`imrdb.search.codes`); ``newest_rank``/``oldest_rank``
# order decisions by letter date (newest or oldest first), then case number, then ordinal,
# as one integer each, identically on both engines. On PostgreSQL the migration adds the
# full-text vectors (:mod:`imrdb.search.index.postgresql`).
facets_t = Table(
    "decision_facets",
    metadata,
    Column(
        "decision_id",
        ForeignKey("decisions.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("case_id", Integer, nullable=False, index=True),
    Column("document_id", Integer, nullable=False, index=True),
    Column("outcome", String(16), nullable=False),
    Column("category", String(32), nullable=False),
    Column("priority", String(16)),
    Column("letter_year", Integer),
    Column("letter_date", Date),
    Column("sources", Integer, nullable=False),
    Column("specialty_set", ForeignKey("specialty_sets.id", ondelete="SET NULL")),
    Column("newest_rank", BigInteger, nullable=False, index=True),
    Column("oldest_rank", BigInteger, nullable=False),
    Column(
        "facet_key",
        BigInteger,
        nullable=False,
        index=True,
        server_default="0",
        comment="imrdb.search.codes.facet_key",
    ),
)

# A facet key in use, numbered, with how many decisions have it.
#
# SQLite's full-text rowid carries the number (:mod:`imrdb.search.index.sqlite`), not the
# key, so the key may grow as facets are added (it has 63 bits; a second key column would
# give more) while the rowid's room stays fixed: a number per distinct combination of facet
# values, a few tens of thousands for millions of decisions. ``decisions`` is kept exact by
# triggers on ``decision_facets`` (migration 0007), so facets over every decision read this
# small table alone.
combos_t = Table(
    "facet_combos",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", BigInteger, nullable=False, unique=True, comment="codes.facet_key"),
    Column("decisions", BigInteger, nullable=False, server_default="0"),
)
# Each part facets are counted by, in order, with the key (for filters) and its count: facets
# over every decision read these in order, grouping without a sort (migration 0010).
for _, _name, _sql in key_parts.PARTS:
    Index(f"ix_facet_combos_{_name}", _sql(combos_t.c.key), combos_t.c.key, combos_t.c.decisions)


# Facet counts kept for the most frequent terms (:mod:`imrdb.search.kept_terms`): a term's
# matching decisions counted by facet key, as ``facet_combos`` counts every decision. Read
# only while ``kept_terms.generation`` equals ``projection_writes.generation``, which
# triggers bump on every write that can change a term's hits (migration 0010); they bump
# ``rewrites`` too on a delete or an update, and log inserted decisions in
# ``projection_inserts``, so counts can be brought up to date by adding the inserted
# decisions alone while nothing was deleted or rewritten.
writes_t = Table(
    "projection_writes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("generation", BigInteger, nullable=False, server_default="0"),
    Column("rewrites", BigInteger, nullable=False, server_default="0"),
    Column("origin", Text, nullable=False, comment="random, set once: this database's own"),
)

inserts_t = Table(
    "projection_inserts",
    metadata,
    Column("decision_id", Integer, primary_key=True, autoincrement=False),
    Column("generation", BigInteger, nullable=False, comment="projection_writes' after it"),
)

kept_terms_t = Table(
    "kept_terms",
    metadata,
    Column("term", Text, primary_key=True, comment="an index term, as FTS5 stems it"),
    Column("generation", BigInteger, nullable=False),
    Column("rewrites", BigInteger, nullable=False),
    Column("decisions", BigInteger, nullable=False),
)

term_combos_t = Table(
    "term_combos",
    metadata,
    Column("term", Text, primary_key=True),
    Column("key", BigInteger, primary_key=True, comment="codes.facet_key"),
    Column("decisions", BigInteger, nullable=False),
    sqlite_with_rowid=False,  # a term's rows side by side, in key order
)


def with_vectors(table: Table, names: tuple[str, ...]) -> Table:
    """A copy of ``table`` (on its own metadata) with ``tsvector`` columns ``names``: what
    PostgreSQL rows are inserted into, since the tables above leave the vectors out."""
    from sqlalchemy.dialects.postgresql import TSVECTOR  # SQLite never loads the dialect

    columns = [Column(c.name, c.type, primary_key=c.primary_key) for c in table.columns]
    return Table(table.name, MetaData(), *columns, *(Column(n, TSVECTOR) for n in names))
