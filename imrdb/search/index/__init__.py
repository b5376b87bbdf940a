"""Search owns its index: everything about the full-text projection of the stored cases.

- :mod:`.tables`: the projection's tables (``decision_facets``, specialty sets);
- :mod:`.project`: how a case is projected, the hook the store calls in its transaction
  (imported from there: a search never loads the writer);
- :mod:`.base`: the one interface of an engine's index (DDL, written columns, matching);
- :mod:`.sqlite` (FTS5, and the keyed rowid) and :mod:`.postgresql` (``tsvector``): the
  only dialect-specific code of search; :func:`for_dialect` picks one.

The migrations build the index by calling :func:`for_dialect`'s DDL methods; nothing else
writes its DDL. ``imrdb.db`` never imports this package.
"""

from __future__ import annotations

from imrdb.search.index.base import TIERS, Match, TextIndex
from imrdb.search.index.dialects import for_dialect
from imrdb.search.index.tables import facets_t


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic's comparison: leave out what the models do not describe, the engines'
    full-text tables and vector columns."""
    if type_ == "table":
        return not (name.startswith("decisions_fts") or name.startswith("documents_fts"))
    if type_ == "column":
        return not name.endswith("_vector")
    return not (type_ == "index" and name and name.endswith("_vector"))


__all__ = [
    "TIERS",
    "Match",
    "TextIndex",
    "facets_t",
    "for_dialect",
    "include_object",
]
