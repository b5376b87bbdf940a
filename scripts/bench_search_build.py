"""Building the search benchmark's databases fast: a pool of generated letters stored the way
ingest stores them, then copied in SQL until the database holds N decisions.

Generating a letter costs ~0.4 ms a decision and storing it through the store another
~0.7 ms (SQLAlchemy, the projection, the full-text index row by row): 3.5 million decisions
took 22 minutes. Here the full-text index is suspended during the load (built once, in
rowid order, at the end), at most ``pool`` decisions are generated and stored, and the rest
are copies of the pool made by ``INSERT ... SELECT`` on the server, each under new ids,
new case numbers (``CM<yy>-<document id>``) and ranks to match. Copies share the pool's
texts and facet values in the pool's proportions; what a query costs depends on how many
rows match and how they are spread, which copying keeps.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterator

from sqlalchemy import Connection, Engine, inspect, text

from imrdb.db.engine import write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.search import count_terms
from imrdb.search.index import for_dialect
from scripts.generate_letters import generate

POOL = 250_000  # distinct generated decisions; beyond, copies
BATCH = 2000  # letters per transaction
_ID_COLUMNS = {"documents": "document_id", "cases": "case_id", "decisions": "decision_id"}
# Not copied: full-text tables, run logs, and what the projection's triggers write
# (projection_inserts logs each copied decision itself).
_SKIPPED = ("decisions_fts", "documents_fts", "ingest_", "alembic", "projection_inserts")
_DAY = 10**12  # codes.ranks: days * 10**12 + case rank * 1000 + ordinal
_NO_CASE = 999_999_999


def letters(n_decisions: int, seed: int) -> Iterator[tuple[SourceDocument, object]]:
    """Generated letters until they hold ``n_decisions`` decisions (the last one may pass)."""
    total = 0
    for letter in generate(10**9, seed):
        record = letter.record
        digest = hashlib.sha256(f"{seed}:{letter.file_name}".encode()).hexdigest()
        yield SourceDocument(digest, letter.file_name, record.case_number or ""), record
        total += len(record.decisions)
        if total >= n_decisions:
            return


def _count(conn: Connection, sql: str) -> int:
    return int(conn.scalar(text(sql)) or 0)


def _store_pool(engine: Engine, n: int, seed: int) -> None:
    started, done, batch = time.perf_counter(), 0, []
    for item in letters(n, seed):
        batch.append(item)
        if len(batch) == BATCH:
            with write_transaction(engine) as conn:
                save.save_letters(conn, batch, "bench")
            done += sum(len(r.decisions) for _, r in batch)
            batch = []
            elapsed = time.perf_counter() - started
            print(f"\r  {done:,} decisions stored, {elapsed:,.0f} s", end="", file=sys.stderr)
    if batch:
        with write_transaction(engine) as conn:
            save.save_letters(conn, batch, "bench")
    print(file=sys.stderr)


class _Sql:
    """The few expressions the engines spell differently."""

    def __init__(self, dialect: str) -> None:
        self.pg = dialect == "postgresql"

    def pad7(self, expr: str) -> str:
        return f"lpad(CAST({expr} AS text), 7, '0')" if self.pg else f"printf('%07d', {expr})"

    def number(self, document_id: str) -> str:
        """The new case number: the old one's year, the document id as its number."""
        return (
            "CASE WHEN case_number IS NULL THEN NULL ELSE "
            f"'CM' || substr(case_number, 3, 2) || '-' || {self.pad7(document_id)} END"
        )

    @staticmethod
    def rank(column: str, document_id: str) -> str:
        """``codes.ranks`` again with the new case number (same year, new number)."""
        case_rank = f"(({column} % {_DAY}) / 1000)"
        return (
            f"CASE WHEN {case_rank} = {_NO_CASE} THEN {column} ELSE "
            f"({column} / {_DAY}) * {_DAY} + ({case_rank} / 10000000 * 10000000 "
            f"+ {document_id}) * 1000 + {column} % 1000 END"
        )


def _tables(conn: Connection) -> list[tuple[str, list[str]]]:
    """The tables holding cases' rows, parents first, with their columns."""
    found = []
    for name in inspect(conn).get_table_names():
        if name.startswith(_SKIPPED):
            continue
        columns = [c["name"] for c in inspect(conn).get_columns(name)]
        if name in _ID_COLUMNS or set(columns) & set(_ID_COLUMNS.values()):
            found.append((name, columns))
    order = list(_ID_COLUMNS)
    return sorted(found, key=lambda t: (order.index(t[0]) if t[0] in order else 3, t[0]))


def _renumber_pool(conn: Connection, sql: _Sql) -> None:
    """The pool's cases numbered from their document ids, as every copy is (through a
    temporary number: a unique column must never hold a number twice, even for a row)."""
    for statement in (
        "UPDATE cases SET case_number = 'T' || CAST(id AS text) WHERE case_number IS NOT NULL",
        f"UPDATE documents SET case_number = {sql.number('id')}",
        "UPDATE documents SET text = case_number WHERE case_number IS NOT NULL",
        "UPDATE cases SET case_number = (SELECT d.case_number FROM documents d "
        "WHERE d.id = cases.document_id) WHERE case_number IS NOT NULL",
        f"UPDATE decision_facets SET newest_rank = {sql.rank('newest_rank', 'document_id')}, "
        f"oldest_rank = {sql.rank('oldest_rank', 'document_id')}",
    ):
        conn.execute(text(statement))


def _value(table: str, column: str, copy: int, shift: dict[str, int], sql: _Sql) -> str:
    """What copy ``copy`` of ``table``'s ``column`` is, in SQL over the pool's row."""
    if column == "id":
        return f"id + {shift[table]}"
    if column in _ID_COLUMNS.values():
        return f"{column} + {shift[column]}"
    document = f"{'id' if table == 'documents' else 'document_id'} + {shift['document_id']}"
    if table in ("documents", "cases") and column == "case_number":
        return sql.number(document)
    if table == "documents" and column == "text":
        return f"coalesce({sql.number(document)}, text)"
    if table == "documents" and column == "sha256":
        return f"substr(sha256, 1, 56) || '{copy:08d}'"
    if table == "decision_facets" and column in ("newest_rank", "oldest_rank"):
        return sql.rank(column, document)
    return column


def _copy(conn: Connection, sql: _Sql, copy: int, pool: dict[str, int], last_case: int) -> None:
    """Copy ``copy`` of the pool's cases up to ``last_case``: one statement a table."""
    shift = {table: copy * top for table, top in pool.items()}
    shift.update({column: shift[table] for table, column in _ID_COLUMNS.items()})
    limits = {
        "document_id": _count(conn, f"SELECT max(document_id) FROM cases WHERE id <= {last_case}"),
        "case_id": last_case,
        "decision_id": _count(conn, f"SELECT max(id) FROM decisions WHERE case_id <= {last_case}"),
    }
    for table, columns in _tables(conn):
        own = _ID_COLUMNS.get(table)
        key = next(c for c in ("case_id", "decision_id", "document_id") if c in columns or c == own)
        where = f"{'id' if key == own else key} <= {limits[key]}"
        values = ", ".join(_value(table, c, copy, shift, sql) for c in columns)
        conn.execute(
            text(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} FROM {table} "
                f"WHERE {where}"
            )
        )


def _replicate(engine: Engine, n: int) -> None:
    """Copies of the pool until ``n`` decisions (the last copy: the first cases enough)."""
    sql = _Sql(engine.dialect.name)
    with write_transaction(engine) as conn:
        _renumber_pool(conn, sql)
        pool = {
            table: _count(conn, f"SELECT coalesce(max(id), 0) FROM {table}")
            for table, columns in _tables(conn)
            if "id" in columns
        }
        in_pool = _count(conn, "SELECT count(*) FROM decisions")
    have, copy = in_pool, 1
    while have < n:
        wanted = min(n - have, in_pool)
        with write_transaction(engine) as conn:
            last_case = _count(
                conn,
                f"SELECT case_id FROM decisions WHERE id <= {pool['decisions']} "
                f"ORDER BY case_id LIMIT 1 OFFSET {wanted - 1}",
            )
            _copy(conn, sql, copy, pool, last_case)
            have = _count(conn, "SELECT count(*) FROM decisions")
        print(f"\r  {have:,} decisions after copy {copy}", end="", file=sys.stderr)
        copy += 1
    print(file=sys.stderr)


def build(engine: Engine, n: int, seed: int, pool: int = POOL) -> float:
    """``n`` decisions into an empty database: the pool stored, copied, then indexed;
    prints each phase's minutes."""
    started = last = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        print(f"  {name}: {(now - last) / 60:.1f} min", file=sys.stderr)
        last = now

    index = for_dialect(engine.dialect.name)
    with write_transaction(engine) as conn:
        index.suspend(lambda statement: conn.execute(text(statement)))
    _store_pool(engine, min(n, pool), seed)
    phase("pool stored")
    _replicate(engine, n)
    phase("copies")
    with write_transaction(engine) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
        index.resume(lambda statement: conn.execute(text(statement)))
        if engine.dialect.name == "postgresql":  # copies took ids their sequences never gave
            for table, columns in _tables(conn):
                if "id" in columns:
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
    phase("full-text index")
    finish(engine)
    phase("optimize, statistics")
    kept = count_terms.refresh(engine, full=True)
    phase(f"kept counts of {kept.kept} frequent terms ({kept.counted} counted)")
    return time.perf_counter() - started


def finish(engine: Engine) -> None:
    """What an operator runs after a bulk load: statistics, and compacted indexes."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with write_transaction(engine) as conn:
            conn.execute(text("INSERT INTO decisions_fts(decisions_fts) VALUES ('optimize')"))
            conn.execute(text("ANALYZE"))
