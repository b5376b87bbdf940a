"""What a filter is: a value check, a SQL condition, a few words (``FilterSpec``).
``imrdb.search.filters`` lists the filters; ``imrdb.search.typed`` reads their values."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement


def or_words(values: Sequence[Any]) -> str:
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def spaced(value: str) -> str:
    return value.replace("_", " ")


@dataclass(frozen=True)
class Selected:
    """The values a filter must have (any of) and must not have (none of)."""

    include: tuple[Any, ...] = ()
    exclude: tuple[Any, ...] = ()


FilterValues = Mapping[str, Selected]


KeySQL = Callable[[tuple, FilterValues, ColumnElement[int]], ColumnElement[bool] | None]


@dataclass(frozen=True)
class FilterSpec:
    """One filter: its name (CLI ``--name``, inline ``name:``), how a value is read, the SQL
    condition over ``decision_facets`` for the included values, and its words."""

    name: str
    help: str
    parse: Callable[[str], Any]
    sql: Callable[[tuple, FilterValues], ColumnElement[bool]]
    words: Callable[[tuple, FilterValues], str]
    aliases: tuple[str, ...] = ()
    nullable: bool = False  # excluding a value keeps decisions that have none
    # The condition on a facet key, where the key can say it (None: only the columns can).
    # "No value" is code 0 in a key, never a value's code, so exclusion needs no NULL case.
    key_sql: KeySQL | None = None
    metavar: str = "VALUE"
    choices: tuple[str, ...] = field(default=())
