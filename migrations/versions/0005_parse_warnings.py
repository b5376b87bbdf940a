"""parse warnings per document

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 23:40:00

A letter whose decisions were read but one fact was not is stored with that fact null; the
parser says which field and why, and ``documents.parse_warnings`` keeps it
(``imrdb failures --warnings`` lists them). NULL: the parser read every fact it looked for.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both engines (SQLite >= 3.35 drops columns itself): a batch copy of
# ``documents`` would lose the full-text triggers SQLite keeps on it.
def upgrade() -> None:
    op.add_column(
        "documents",
        sa.Column(
            "parse_warnings",
            sa.JSON(none_as_null=True),
            nullable=True,
            comment="facts the parser could not read in this letter: [{field, reason}]",
        ),
    )


def downgrade() -> None:
    op.drop_column("documents", "parse_warnings")
