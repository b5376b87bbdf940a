"""Facet counts kept for the most frequent terms: facets over a word most decisions contain
read a few thousand rows instead of grouping millions of hits.

Facets over "pain" at 3.5 million decisions group 2.3 million hits by facet key: SQLite
sorts them (it has no hash aggregate: 360 of 455 ms), PostgreSQL reads every hit's
projection row (900 ms). So the hits of each term in at least ``KEEP_FROM`` decisions are
counted by key when an ingest ends (:mod:`imrdb.search.count_terms`), into
``term_combos``, and read as ``facet_combos`` is read for every decision. They are read
only while exact: ``kept_terms.generation`` must equal ``projection_writes.generation``,
which triggers bump on every write that can change a term's hits; otherwise the hits are
grouped as before. A count read from them is the count the hits give, never an estimate.
"""

from __future__ import annotations

from sqlalchemy import Connection, Select, func, select

from imrdb.search.index.base import KeyCondition, Match
from imrdb.search.index.tables import kept_terms_t, term_combos_t, writes_t
from imrdb.search.query import Word


def kept_word(match: Match) -> Word | None:
    """The one word a query is, if its facets could come from kept counts."""
    word = match.expr
    if match.scope != "decision" or not isinstance(word, Word) or word.prefix:
        return None
    return word


def groups(conn: Connection, match: Match, on_key: KeyCondition | None) -> Select | None:
    """The kept counts (``k``, ``n``) of the query's one word, keys passing ``on_key``;
    None unless the word is kept and nothing has been written since it was counted."""
    word = kept_word(match)
    if word is None or not _current(conn, word):
        return None
    key = term_combos_t.c.key
    where = [term_combos_t.c.term == word.term]
    if on_key is not None:
        where.append(on_key(key))
    return select(key.label("k"), term_combos_t.c.decisions.label("n")).where(*where)


def count(conn: Connection, match: Match, on_key: KeyCondition | None) -> int | None:
    """How many decisions the query's one word matches (keys passing ``on_key``), from
    its kept counts; None where :func:`groups` is None. PostgreSQL would otherwise read
    every matching projection row (1.5 s for "pain" at 3.5 million decisions)."""
    found = groups(conn, match, on_key)
    if found is None:
        return None
    counted = found.subquery()
    return int(conn.scalar(select(func.coalesce(func.sum(counted.c.n), 0))))


def _current(conn: Connection, word: Word) -> bool:
    now = select(writes_t.c.generation).where(writes_t.c.id == 1).scalar_subquery()
    current = select(kept_terms_t.c.generation == now).where(kept_terms_t.c.term == word.term)
    return bool(conn.scalar(current))
