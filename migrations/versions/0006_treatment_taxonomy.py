"""treatment taxonomy on decisions; diagnoses per case

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 23:50:00

Each decision gets its subcategory, normalized treatment, generic drug, drug class, brand,
strength, quantity and body region (``imrdb.vocab.treatments``); ``case_diagnoses`` keeps
the diagnoses a case summary states. Existing rows stay NULL until ``imrdb reparse`` (which
takes every letter whose decisions have no subcategory yet).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("subcategory", sa.String(48), True, None),
    ("normalized", sa.String(255), True, "generic drug or procedure, without strength/quantity"),
    ("drug", sa.String(255), True, "generic name(s)"),
    ("drug_class", sa.String(32), True, None),
    ("brand", sa.String(64), False, "as written"),
    ("strength", sa.String(64), False, None),
    ("quantity", sa.Integer(), False, None),
    ("body_region", sa.String(24), True, None),
)


# Plain ALTER TABLE on both engines: a batch copy of ``decisions`` would lose the triggers
# and the keyed full-text index SQLite keeps beside it.
def upgrade() -> None:
    for name, type_, indexed, comment in _COLUMNS:
        op.add_column("decisions", sa.Column(name, type_, nullable=True, comment=comment))
        if indexed:
            op.create_index(f"ix_decisions_{name}", "decisions", [name])
    op.create_table(
        "case_diagnoses",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("body_region", sa.String(24), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name="fk_case_diagnoses_case_id_cases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "ordinal", name="pk_case_diagnoses"),
    )
    op.create_index("ix_case_diagnoses_body_region", "case_diagnoses", ["body_region"])


def downgrade() -> None:
    op.drop_index("ix_case_diagnoses_body_region", table_name="case_diagnoses")
    op.drop_table("case_diagnoses")
    for name, _type, indexed, _comment in reversed(_COLUMNS):
        if indexed:
            op.drop_index(f"ix_decisions_{name}", table_name="decisions")
        op.drop_column("decisions", name)
