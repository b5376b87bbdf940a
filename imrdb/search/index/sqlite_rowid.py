"""SQLite's keyed rowid of ``decisions_fts``: the one place it is defined.

Its rowid is the letter's year code, the number of the decision's facet key in
``facet_combos`` and the decision id, so a year's hits are one range of rowids, facets over
a search are counted from the index alone (grouped by ``rowid >> 32``), and a hit's
decision is ``rowid & 0xFFFFFFFF``.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, column, literal_column, table

from imrdb.search import codes

# rowid = year code << 56 | combination number << 32 | decision id: the letter's year (the
# facet key's year code) on top, so hits come year by year and a first page reads only the
# newest years; then the number of the decision's facet key (``facet_combos``: the key
# itself may be as wide as facets need); then the id. A number past 24 bits (never seen:
# one per distinct combination of facet values) is left out (the rowid is the id alone),
# and those hits are counted through the projection instead.
ID_BITS = 32
ID_MASK = (1 << ID_BITS) - 1
COMBO_BITS = 24
COMBO_MASK = (1 << COMBO_BITS) - 1
YEAR_SHIFT = ID_BITS + COMBO_BITS
_YEAR_PART = codes.key_part("year")  # (shift, mask) of the year code in a facet key


def year_code(key: int) -> int:
    """The year code in facet key ``key`` (0: no year, or one the key cannot hold)."""
    shift, mask = _YEAR_PART
    return (key >> shift) & mask


def text_rowid(key: int, combo: int, decision_id: int) -> int:
    """The full-text rowid of decision ``decision_id`` with facet key ``key`` numbered
    ``combo`` in ``facet_combos``."""
    if not 0 < decision_id <= ID_MASK:
        raise ValueError(f"decision id {decision_id} does not fit {ID_BITS} bits")
    if not 0 < combo <= COMBO_MASK:
        return decision_id
    return (year_code(key) << YEAR_SHIFT) | (combo << ID_BITS) | decision_id


def year_rowids(code: int) -> tuple[int, int]:
    """The first and last rowid of year code ``code`` (code 0 also holds unnumbered hits)."""
    return code << YEAR_SHIFT, ((code + 1) << YEAR_SHIFT) - 1


def keyed_rowid_sql(facets: str) -> str:
    """SQL: :func:`text_rowid` of the ``decision_facets`` row called ``facets`` (what the
    triggers compute, and ``imrdb datasette``'s view)."""
    key, decision = f"{facets}.facet_key", f"{facets}.decision_id"
    shift, mask = _YEAR_PART
    numbered = (
        f"CASE WHEN fc.id <= {COMBO_MASK} THEN ((({key} >> {shift}) & {mask}) << {YEAR_SHIFT}) "
        f"| (fc.id << {ID_BITS}) | {decision} END"
    )
    return f"coalesce((SELECT {numbered} FROM facet_combos fc WHERE fc.key = {key}), {decision})"


# Migration 0004's rowid (the facet key itself above the id, when it fits 31 bits), kept so
# that revision builds and undoes what it always did.
_KEY_LIMIT_0004 = 1 << (63 - ID_BITS)


def rowid_sql_0004(facets: str) -> str:
    key, decision = f"{facets}.facet_key", f"{facets}.decision_id"
    return (
        f"CASE WHEN {key} >= 0 AND {key} < {_KEY_LIMIT_0004} "
        f"THEN ({key} << {ID_BITS}) | {decision} ELSE {decision} END"
    )


decisions_fts = table("decisions_fts", column("rowid", Integer))
documents_fts = table("documents_fts", column("rowid", Integer))


def decision_id() -> ColumnElement[int]:
    """A ``decisions_fts`` hit's decision id: the low bits of its rowid."""
    return decisions_fts.c.rowid.op("&")(literal_column(str(ID_MASK)))


def rowid_combo() -> ColumnElement[int]:
    """A ``decisions_fts`` hit's year code and combination number: its rowid's high bits."""
    return decisions_fts.c.rowid.op(">>")(literal_column(str(ID_BITS)))
