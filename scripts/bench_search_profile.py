"""Where a benchmark query's time goes: each SQL statement it runs, timed, with its plan.

``python scripts/bench_search.py --profile`` prints, per query, every statement the library
ran (milliseconds, rows returned) and the engine's plan of it (SQLite: ``EXPLAIN QUERY
PLAN``; PostgreSQL: ``EXPLAIN (ANALYZE, BUFFERS)``), after the timed runs, so caches are
as warm as the benchmark's. The table in docs/search.md ("Where the time goes") is made
from this output.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine, event, text


def statements(engine: Engine, run: Callable[[], object]) -> list[tuple[str, dict, float]]:
    """(SQL, parameters, ms) of each statement ``run`` executes, in order."""
    found: list[tuple[str, dict, float]] = []
    started: list[float] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        started.append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        found.append((statement, parameters, (time.perf_counter() - started.pop()) * 1000))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return found


def plan(engine: Engine, statement: str, parameters) -> list[str]:
    """The engine's plan of one statement (PostgreSQL runs it: ANALYZE)."""
    postgresql = engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgresql else "EXPLAIN QUERY PLAN "
    with engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.execute(prefix + statement, parameters)
        rows = cursor.fetchall()
    if postgresql:
        return [row[0] for row in rows]
    depth: dict[int, int] = {0: 0}
    out = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        out.append("  " * (depth[node] - 1) + detail)
    return out


def report(engine: Engine, label: str, run: Callable[[], object]) -> str:
    """The profile of one query as text."""
    run()  # warm
    total = time.perf_counter()
    found = statements(engine, run)
    total = (time.perf_counter() - total) * 1000
    lines = [f"## {label}: {total:.1f} ms in all, {sum(ms for *_, ms in found):.1f} ms in SQL"]
    for statement, parameters, ms in found:
        lines.append(f"-- {ms:.1f} ms")
        lines.append(statement.strip())
        if parameters:
            lines.append(f"   params: {parameters!r}"[:300])
        lines += ["   | " + line for line in plan(engine, statement, parameters)]
    with engine.connect() as conn:  # make sure nothing is left open
        conn.execute(text("SELECT 1"))
    return "\n".join(lines)
