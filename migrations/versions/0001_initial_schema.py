"""initial schema: documents, cases, decisions, citations, guidelines, ingest log, full text

Revision ID: 0001
Revises:
Create Date: 2026-11-25 00:45:07.200928
"""

import sqlalchemy as sa
from alembic import op

from imrdb.search.index import for_dialect

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False, comment="hash of the file bytes"),
        sa.Column("path", sa.Text(), nullable=False, comment="file path as given to ingest"),
        sa.Column("member", sa.Text(), nullable=True, comment="member name inside an archive"),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column(
            "text",
            sa.Text(),
            nullable=False,
            comment="extracted text; pages separated by form feeds",
        ),
        sa.Column("extractor", sa.String(length=32), nullable=True),
        sa.Column(
            "layout", sa.String(length=32), nullable=True, comment="letter layout the parser found"
        ),
        sa.Column("parser_version", sa.String(length=32), nullable=True),
        sa.Column(
            "case_number",
            sa.String(length=16),
            nullable=True,
            comment="case number parsed from this document",
        ),
        sa.Column("sections", sa.JSON(), nullable=True, comment="section name -> [start, end]"),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_case_number"), ["case_number"], unique=False)

    op.create_table(
        "guidelines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guidelines")),
        sa.UniqueConstraint("source", "name", name=op.f("uq_guidelines_source_name")),
    )
    with op.batch_alter_table("guidelines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guidelines_source"), ["source"], unique=False)

    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("command", sa.String(length=16), nullable=False),
        sa.Column("arguments", sa.Text(), nullable=True),
        sa.Column("extractor", sa.String(length=32), nullable=True),
        sa.Column("parser_version", sa.String(length=32), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=16), nullable=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            nullable=False,
            comment="the document this record was parsed from (offsets refer to its text)",
        ),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("letter_year", sa.Integer(), nullable=True),
        sa.Column("date_assigned", sa.Date(), nullable=True),
        sa.Column("application_received", sa.Date(), nullable=True),
        sa.Column("ur_decision_date", sa.Date(), nullable=True),
        sa.Column("date_of_injury", sa.Date(), nullable=True),
        sa.Column("priority", sa.String(length=16), nullable=True),
        sa.Column("final_determination", sa.String(length=24), nullable=True),
        sa.Column("patient_age", sa.Integer(), nullable=True),
        sa.Column("patient_sex", sa.String(length=8), nullable=True),
        sa.Column("reviewer_specialty", sa.Text(), nullable=True, comment="as written"),
        sa.Column("reviewer_license_state", sa.Text(), nullable=True),
        sa.Column("layout", sa.String(length=32), nullable=True),
        sa.Column("parser_version", sa.String(length=32), nullable=True),
        sa.Column("spans", sa.JSON(), nullable=True, comment="field -> [start, end] in the text"),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_cases_document_id_documents"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("case_number", name=op.f("uq_cases_case_number")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_document_id"), ["document_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cases_final_determination"), ["final_determination"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cases_letter_date"), ["letter_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_letter_year"), ["letter_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_priority"), ["priority"], unique=False)

    op.create_table(
        "ingest_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source_key",
            sa.String(length=64),
            nullable=False,
            comment="sha256 of the bytes, or of path and member where none were read",
        ),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("member", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ingest_runs.id"],
            name=op.f("fk_ingest_failures_run_id_ingest_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_failures")),
        sa.UniqueConstraint("source_key", name=op.f("uq_ingest_failures_source_key")),
    )
    with op.batch_alter_table("ingest_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingest_failures_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ingest_failures_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_ingest_failures_stage"), ["stage"], unique=False)

    op.create_table(
        "case_specialties",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("specialty", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_specialties_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "specialty", name=op.f("pk_case_specialties")),
    )
    with op.batch_alter_table("case_specialties", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_specialties_specialty"), ["specialty"], unique=False
        )

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("treatment", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("original_request", sa.Text(), nullable=True),
        sa.Column("authorized", sa.Text(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("citation_text", sa.Text(), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("letter_year", sa.Integer(), nullable=True),
        sa.Column("priority", sa.String(length=16), nullable=True),
        sa.Column("spans", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_decisions_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("case_id", "ordinal", name=op.f("uq_decisions_case_id_ordinal")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_letter_date"), ["letter_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_letter_year"), ["letter_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_outcome"), ["outcome"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_priority"), ["priority"], unique=False)

    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("cited_by", sa.String(length=24), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("pages", sa.String(length=64), nullable=True),
        sa.Column("guideline_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_citations_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["guideline_id"],
            ["guidelines.id"],
            name=op.f("fk_citations_guideline_id_guidelines"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
        sa.UniqueConstraint(
            "decision_id", "ordinal", name=op.f("uq_citations_decision_id_ordinal")
        ),
    )
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citations_cited_by"), ["cited_by"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_citations_guideline_id"), ["guideline_id"], unique=False
        )
        batch_op.create_index(
            "ix_citations_source_decision_id", ["source", "decision_id"], unique=False
        )

    for_dialect(op.get_bind().dialect.name).create(op.execute)


def downgrade() -> None:
    for_dialect(op.get_bind().dialect.name).drop(op.execute)
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_index("ix_citations_source_decision_id")
        batch_op.drop_index(batch_op.f("ix_citations_guideline_id"))
        batch_op.drop_index(batch_op.f("ix_citations_cited_by"))

    op.drop_table("citations")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_priority"))
        batch_op.drop_index(batch_op.f("ix_decisions_outcome"))
        batch_op.drop_index(batch_op.f("ix_decisions_letter_year"))
        batch_op.drop_index(batch_op.f("ix_decisions_letter_date"))
        batch_op.drop_index(batch_op.f("ix_decisions_category"))

    op.drop_table("decisions")
    with op.batch_alter_table("case_specialties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_specialties_specialty"))

    op.drop_table("case_specialties")
    with op.batch_alter_table("ingest_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingest_failures_stage"))
        batch_op.drop_index(batch_op.f("ix_ingest_failures_sha256"))
        batch_op.drop_index(batch_op.f("ix_ingest_failures_run_id"))

    op.drop_table("ingest_failures")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_priority"))
        batch_op.drop_index(batch_op.f("ix_cases_letter_year"))
        batch_op.drop_index(batch_op.f("ix_cases_letter_date"))
        batch_op.drop_index(batch_op.f("ix_cases_final_determination"))
        batch_op.drop_index(batch_op.f("ix_cases_document_id"))

    op.drop_table("cases")
    op.drop_table("ingest_runs")
    with op.batch_alter_table("guidelines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guidelines_source"))

    op.drop_table("guidelines")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_case_number"))

    op.drop_table("documents")
