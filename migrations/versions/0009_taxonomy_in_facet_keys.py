"""the treatment taxonomy (numbered in taxonomy_sets) and the case outcome in the facet key

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 22:00:00

A decision's subcategory, drug class, body region and drug are numbered as one taxonomy
set, whose number joins the facet key (``imrdb.search.codes``) on top, and the letter's
final determination (case outcome) becomes a two-bit part beside the others (the specialty
set moves two bits up): their facets are counted, and their filters said, from keys alone,
as the first six facets are, instead of by a join per matching decision. Every stored key
is rewritten here; the counting and full-text triggers follow the keys as they change
(for 100,000 decisions: 15 s on SQLite, 10 s on PostgreSQL; the facets are the same after).
"""

import sqlalchemy as sa
from alembic import op

from imrdb.search import codes
from imrdb.search.index.project import rekey_0009, unkey_0009

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    largest = bind.scalar(sa.text("SELECT max(id) FROM specialty_sets")) or 0
    if largest > codes.SET_MASK:
        raise RuntimeError(
            f"specialty set {largest} does not fit the facet key's specialty part; "
            "this database needs a wider key before it can be upgraded"
        )
    op.create_table(
        "taxonomy_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False, comment="codes.taxonomy_key"),
        sa.Column("subcategory", sa.String(length=48), nullable=True),
        sa.Column("drug_class", sa.String(length=32), nullable=True),
        sa.Column("body_region", sa.String(length=24), nullable=True),
        sa.Column("drug", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_sets")),
        sa.UniqueConstraint("key", name=op.f("uq_taxonomy_sets_key")),
    )
    rekey_0009(bind)


def downgrade() -> None:
    unkey_0009(op.get_bind())
    op.drop_table("taxonomy_sets")
