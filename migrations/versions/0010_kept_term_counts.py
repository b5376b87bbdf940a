"""facet counts kept for the most frequent terms (term_combos), and the projection's writes
counted (projection_writes) so they are read only while they are exact

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 00:00:00

Facets over a word most decisions contain grouped millions of hits (455 ms for "pain" at
3.5 million decisions on SQLite, 904 ms on PostgreSQL). ``term_combos`` keeps, for the
terms in at least ``imrdb.search.kept_terms.KEEP_FROM`` decisions, their hits counted by
facet key; ``kept_terms`` says at which generation of the projection each was counted, and
triggers bump ``projection_writes.generation`` on every write that can change a term's
hits (and ``rewrites`` on a delete or an update), and log inserted decisions in
``projection_inserts``, so the counts are brought up to date from those alone while nothing
was deleted or rewritten. The tables start empty: ``imrdb ingest`` (or ``imrdb db
count-terms``) fills them.
"""

import uuid

import sqlalchemy as sa
from alembic import op

from imrdb.search.index import for_dialect

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# facet_combos' keys by the parts facets are counted by (imrdb.search.index.key_parts, the
# key layout of migration 0009): facets over every decision group in index order.
_PART_INDEXES = {
    "rest": '("key" & 4194303)',
    "specialty_set": '(("key" >> 22) & 262143)',
    "taxonomy_set": '("key" >> 40)',
}


def upgrade() -> None:
    op.create_table(
        "projection_writes",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("generation", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("rewrites", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column(
            "origin",
            sa.Text(),
            nullable=False,
            comment="random, set once: this database's own",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projection_writes")),
    )
    op.execute(
        sa.text(
            "INSERT INTO projection_writes (id, generation, rewrites, origin) "
            "VALUES (1, 0, 0, :origin)"
        ).bindparams(origin=uuid.uuid4().hex)
    )
    op.create_table(
        "projection_inserts",
        sa.Column("decision_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column(
            "generation",
            sa.BigInteger(),
            nullable=False,
            comment="projection_writes' after it",
        ),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_projection_inserts")),
    )
    op.create_table(
        "kept_terms",
        sa.Column("term", sa.Text(), nullable=False, comment="an index term, as FTS5 stems it"),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.Column("rewrites", sa.BigInteger(), nullable=False),
        sa.Column("decisions", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_kept_terms")),
    )
    op.create_table(
        "term_combos",
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False, comment="codes.facet_key"),
        sa.Column("decisions", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("term", "key", name=op.f("pk_term_combos")),
        sqlite_with_rowid=False,
    )
    for_dialect(op.get_bind().dialect.name).count_writes(op.execute)
    for name, expression in _PART_INDEXES.items():
        op.create_index(
            f"ix_facet_combos_{name}", "facet_combos", [sa.text(expression), "key", "decisions"]
        )


def downgrade() -> None:
    for name in _PART_INDEXES:
        op.drop_index(f"ix_facet_combos_{name}", table_name="facet_combos")
    for_dialect(op.get_bind().dialect.name).uncount_writes(op.execute)
    op.drop_table("term_combos")
    op.drop_table("kept_terms")
    op.drop_table("projection_inserts")
    op.drop_table("projection_writes")
