"""a failure keeps the size of what was refused

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 01:00:00

Refused and failed files keep their hash, size and reason, not their text (issue 17): the
size says what a refused file weighed without keeping it. NULL where no bytes were read
(an unsafe archive member) and for failures recorded before this revision.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "ingest_failures",
        sa.Column(
            "size",
            sa.BigInteger(),
            nullable=True,
            comment="bytes of the file or member, where they were read",
        ),
    )


def downgrade() -> None:
    op.drop_column("ingest_failures", "size")
