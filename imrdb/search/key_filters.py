"""Filters said on a facet key (:func:`imrdb.search.codes.facet_key`): SQL over any column
holding keys, so the same condition tests a projection row, a ``facet_combos`` row or, on
SQLite, a full-text hit's number before any join."""

from __future__ import annotations

from sqlalchemy import ColumnElement, literal_column, select

from imrdb.search import codes
from imrdb.search.filter_spec import FilterValues, KeySQL
from imrdb.search.index.key_parts import taxonomy_set
from imrdb.search.index.tables import taxonomy_t


def part(key: ColumnElement[int], name: str) -> ColumnElement[int]:
    """SQL: part ``name`` of ``key``."""
    shift, mask = codes.key_part(name)
    return key.op(">>")(literal_column(str(shift))).op("&")(literal_column(str(mask)))


def part_in(name: str) -> KeySQL:
    """Part ``name`` has one of the values' codes (None where a value has no code)."""

    def sql(values: tuple, _all: FilterValues, key: ColumnElement[int]):
        found = [codes.key_code(name, v) for v in values]
        return None if None in found else part(key, name).in_(found)

    return sql


def taxonomy_in(column: str) -> KeySQL:
    """The key's taxonomy set is one of those whose ``column`` has one of the values."""

    def sql(values: tuple, _all: FilterValues, key: ColumnElement[int]) -> ColumnElement[bool]:
        sets = select(taxonomy_t.c.id).where(taxonomy_t.c[column].in_(values))
        return taxonomy_set(key).in_(sets)

    return sql
