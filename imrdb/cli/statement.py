"""``--sql``: the statement selecting a search's decisions, as text for one's own tools.

Rendered in the dialect of the database ``--db`` names (the database need not exist, nor is
it connected to), with the values inlined; where a value cannot be inlined, the statement
keeps its placeholders and the parameters follow as a comment.
"""

from __future__ import annotations

from sqlalchemy.exc import CompileError

from imrdb.db.engine import resolve_url
from imrdb.search import SearchRequest, decision_ids


def render(db: str | None, request: SearchRequest) -> str:
    """The SQL ``request`` selects its decisions with, ending in a semicolon."""
    dialect = resolve_url(db).get_dialect()()
    statement = decision_ids(request.plan(), dialect.name)
    try:
        compiled = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        return f"{compiled};"
    except CompileError:
        compiled = statement.compile(dialect=dialect)
        return f"{compiled};\n-- parameters: {compiled.params!r}"
