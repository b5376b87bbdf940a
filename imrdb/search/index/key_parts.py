"""SQL of a facet key's parts that facets are counted by (:mod:`imrdb.search.codes`): the
key without its numbered sets, its specialty set and its taxonomy set. Defined once, since
``facet_combos``' indexes (migration 0010) are on these very expressions, which a query
must repeat exactly for SQLite to read an index instead of sorting."""

from __future__ import annotations

from sqlalchemy import ColumnElement, literal_column

from imrdb.search import codes


def rest(key: ColumnElement[int]) -> ColumnElement[int]:
    """SQL: ``key`` without its specialty and taxonomy sets."""
    return key.op("&")(literal_column(str(codes.REST_MASK)))


def specialty_set(key: ColumnElement[int]) -> ColumnElement[int]:
    """SQL: the specialty set number in ``key``."""
    shifted = key.op(">>")(literal_column(str(codes.SET_SHIFT)))
    return shifted.op("&")(literal_column(str(codes.SET_MASK)))


def taxonomy_set(key: ColumnElement[int]) -> ColumnElement[int]:
    """SQL: the taxonomy set number in ``key`` (its top bits)."""
    return key.op(">>")(literal_column(str(codes.TAXONOMY_SHIFT)))


# (part number in :func:`imrdb.search.facets.counts_query`'s rows, name, SQL)
PARTS = ((0, "rest", rest), (1, "specialty_set", specialty_set), (3, "taxonomy_set", taxonomy_set))
