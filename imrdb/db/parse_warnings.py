"""The parse warnings stored with documents: facts a stored letter left unread, and why."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, select

from imrdb.db.models import documents

_CHUNK = 500


def iter_warnings(conn: Connection) -> Iterator[dict]:
    """One row per warning of every stored document, by path and member."""
    query = (
        select(
            documents.c.path,
            documents.c.member,
            documents.c.sha256,
            documents.c.case_number,
            documents.c.parse_warnings,
        )
        .where(documents.c.parse_warnings.is_not(None))
        .order_by(documents.c.path, documents.c.member, documents.c.id)
    )
    for row in conn.execution_options(yield_per=_CHUNK).execute(query).mappings():
        for warning in row["parse_warnings"] or ():
            yield {
                "path": row["path"],
                "member": row["member"],
                "sha256": row["sha256"],
                "case_number": row["case_number"],
                "field": warning["field"],
                "reason": warning["reason"],
            }
