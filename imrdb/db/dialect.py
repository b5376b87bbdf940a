"""The db layer's only dialect branches: inserts that SQLAlchemy's core says differently.

Everything else in ``imrdb.db`` is dialect-neutral SQLAlchemy; the full-text index's
dialects belong to search (``imrdb.search.index``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table, insert, text

# PostgreSQL hands out a batch's ids in one query, so the rows go in as one prepared
# statement executed many times (a multi-row INSERT ... RETURNING costs psycopg more time
# to build than the server takes to run it).
_PG_NEXT_IDS = text(
    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
)


def _insert(conn: Connection, table: Table):
    # Imported here: loading SQLAlchemy's PostgreSQL dialect costs every command start-up.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table)


def insert_ignore(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Insert ``rows``, skipping those a unique constraint already holds."""
    if rows:
        conn.execute(_insert(conn, table).on_conflict_do_nothing(), rows)


def upsert(conn: Connection, table: Table, rows: list[dict], key: str) -> None:
    """Insert ``rows``, or update every other column of the row with the same ``key``."""
    if not rows:
        return
    statement = _insert(conn, table)
    changed = {k: statement.excluded[k] for k in rows[0] if k != key}
    conn.execute(statement.on_conflict_do_update(index_elements=[key], set_=changed), rows)


def insert_returning_ids(
    conn: Connection, table: Table, rows: list[dict], keys: Sequence[str]
) -> list[int]:
    """Insert ``rows`` (a few statements for the whole batch) and return their ids in order.

    ``keys`` are columns that tell the rows apart, so ids are matched to rows without asking
    the database to keep the rows' order (which makes SQLAlchemy insert SQLite rows one by
    one)."""
    if not rows:
        return []
    if conn.dialect.name == "postgresql":
        ids = list(conn.scalars(_PG_NEXT_IDS, {"table": table.name, "n": len(rows)}))
        conn.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    returned = conn.execute(
        insert(table).returning(table.c.id, *(table.c[k] for k in keys)), rows
    ).all()
    ids_by_key = {tuple(row[1:]): row[0] for row in returned}
    return [ids_by_key[tuple(row[k] for k in keys)] for row in rows]
