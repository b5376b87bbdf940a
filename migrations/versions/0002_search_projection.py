"""search projection: decision_facets (narrow per-decision rows), specialty sets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 02:00:00

Existing decisions are projected by 0003, which gives the projection its final shape.
"""

import sqlalchemy as sa
from alembic import op

from imrdb.search.index import for_dialect

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "specialty_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("names", sa.Text(), nullable=False, comment="sorted names, one per line"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_specialty_sets")),
        sa.UniqueConstraint("names", name=op.f("uq_specialty_sets_names")),
    )
    op.create_table(
        "specialty_set_members",
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("specialty", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["specialty_sets.id"],
            name=op.f("fk_specialty_set_members_set_id_specialty_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("set_id", "specialty", name=op.f("pk_specialty_set_members")),
    )
    with op.batch_alter_table("specialty_set_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_specialty_set_members_specialty"), ["specialty"], unique=False
        )
    op.create_table(
        "decision_facets",
        sa.Column("decision_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=True),
        sa.Column("letter_year", sa.Integer(), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("specialty_set", sa.Integer(), nullable=True),
        sa.Column("newest_rank", sa.BigInteger(), nullable=False),
        sa.Column("oldest_rank", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_facets_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["specialty_set"],
            ["specialty_sets.id"],
            name=op.f("fk_decision_facets_specialty_set_specialty_sets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_decision_facets")),
    )
    with op.batch_alter_table("decision_facets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_facets_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decision_facets_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_decision_facets_newest_rank"), ["newest_rank"], unique=False
        )
        batch_op.create_index(
            "ix_decision_facets_facets",
            ["outcome", "category", "priority", "letter_year", "sources", "specialty_set"],
            unique=False,
        )
    for_dialect(op.get_bind().dialect.name).add_projection_vectors(op.execute)


def downgrade() -> None:
    for_dialect(op.get_bind().dialect.name).drop_projection_vectors(op.execute)
    with op.batch_alter_table("decision_facets", schema=None) as batch_op:
        batch_op.drop_index("ix_decision_facets_facets")
        batch_op.drop_index(batch_op.f("ix_decision_facets_newest_rank"))
        batch_op.drop_index(batch_op.f("ix_decision_facets_document_id"))
        batch_op.drop_index(batch_op.f("ix_decision_facets_case_id"))
    op.drop_table("decision_facets")
    with op.batch_alter_table("specialty_set_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_specialty_set_members_specialty"))
    op.drop_table("specialty_set_members")
    op.drop_table("specialty_sets")
