"""Facet counts kept for the most frequent terms: facets over a word most decisions contain
read a few thousand rows instead of grouping millions of hits.

Facets over "pain" at 3.5 million decisions group 2.3 million hits by facet key: SQLite
sorts them (it has no hash aggregate: 360 of 455 ms), PostgreSQL reads every hit's
projection row (900 ms). So the hits of each term in at least :data:`KEEP_FROM` decisions
are counted by key once, after an ingest (:func:`refresh`), into ``term_combos``, and read
as ``facet_combos`` is read for every decision. They are read only while they are exact:
``kept_terms.generation`` must equal ``projection_writes.generation``, which triggers bump
on every write that can change a term's hits; otherwise the hits are grouped as before. A
count from them is the count the hits give, never an estimate.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Select, delete, func, insert, select

from imrdb.db.engine import write_transaction
from imrdb.db.models import decisions
from imrdb.search import facets as facet_counts
from imrdb.search.analyzer import stem
from imrdb.search.analyzer import words as analyzer_words
from imrdb.search.index import for_dialect
from imrdb.search.index.base import DECISION_FIELDS, KeyCondition, Match
from imrdb.search.index.tables import kept_terms_t, term_combos_t, writes_t
from imrdb.search.query import Word

# A term is kept from this many matching decisions: below it, grouping its hits takes
# under ~20 ms on SQLite (about 200 ns a hit) and ~140 ms on PostgreSQL.
KEEP_FROM = 100_000
KEEP_MOST = 256  # terms kept at most, the most frequent
SAMPLE = 4_000  # decisions read to find the terms worth counting exactly
_MARGIN = 0.5  # a sampled share this far under KEEP_FROM's is still counted exactly


def generation(conn: Connection) -> int:
    return conn.scalar(select(writes_t.c.generation).where(writes_t.c.id == 1)) or 0


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
    if word is None:
        return None
    now = select(writes_t.c.generation).where(writes_t.c.id == 1).scalar_subquery()
    current = select(kept_terms_t.c.generation == now).where(kept_terms_t.c.term == word.term)
    if not conn.scalar(current):
        return None
    key = term_combos_t.c.key
    where = [term_combos_t.c.term == word.term]
    if on_key is not None:
        where.append(on_key(key))
    return select(key.label("k"), term_combos_t.c.decisions.label("n")).where(*where)


def candidates(conn: Connection, minimum: int, sample: int = SAMPLE) -> dict[str, str]:
    """Index terms that a sample of decisions says may be in ``minimum`` decisions or more,
    each with a word that stems to it (what FTS5 is asked for)."""
    stored = conn.execute(select(func.count(), func.min(decisions.c.id), func.max(decisions.c.id)))
    total, low, high = stored.one()
    if not total or total < minimum:
        return {}
    rng = random.Random(total)  # the same sample while the decisions are the same
    ids = sorted({rng.randint(low, high) for _ in range(sample)})
    fields = [decisions.c[name] for name in DECISION_FIELDS]
    seen: Counter[str] = Counter()
    words: dict[str, str] = {}
    read = 0
    for start in range(0, len(ids), 500):
        rows = conn.execute(select(*fields).where(decisions.c.id.in_(ids[start : start + 500])))
        for row in rows:
            read += 1
            found = {stem(token): token for text in row for token in analyzer_words(text or "")}
            seen.update(found.keys())
            for term, token in found.items():
                words.setdefault(term, token)
    if not read:
        return {}
    share = minimum / total * _MARGIN
    return {t: words[t] for t, n in seen.most_common() if n / read >= share}


@dataclass(frozen=True)
class Refreshed:
    kept: int  # terms whose counts are kept
    counted: int  # terms counted exactly (the sample's candidates)
    seconds: float


def refresh(
    engine: Engine,
    minimum: int = KEEP_FROM,
    most: int = KEEP_MOST,
    sample: int = SAMPLE,
) -> Refreshed:
    """Count again, exactly, the facets of every term in ``minimum`` decisions or more (the
    ``most`` most frequent), each in a write transaction of its own; terms no
    longer that frequent are dropped. Terms counted at the current generation are kept."""
    started = time.monotonic()
    with write_transaction(engine) as conn:
        found = candidates(conn, minimum, sample)
        fresh = dict(
            conn.execute(
                select(kept_terms_t.c.term, kept_terms_t.c.decisions).where(
                    kept_terms_t.c.generation == generation(conn)
                )
            ).all()
        )
    kept: dict[str, int] = {}
    for term, word in found.items():
        if term in fresh:
            kept[term] = fresh[term]
            continue
        with write_transaction(engine) as conn:
            counted = _count(conn, Word(word, term))
            if counted >= minimum:
                kept[term] = counted
            else:
                _forget(conn, [term])
    dropped = sorted(kept, key=lambda t: (-kept[t], t))[most:]
    with write_transaction(engine) as conn:
        stale = set(conn.scalars(select(kept_terms_t.c.term))) - (set(kept) - set(dropped))
        _forget(conn, sorted(stale))
    return Refreshed(len(kept) - len(dropped), len(found), time.monotonic() - started)


def _count(conn: Connection, word: Word) -> int:
    """Count ``word``'s hits by facet key into ``term_combos``, at the generation read in
    the same transaction (PostgreSQL: with the row locked, so no write slips between)."""
    at = conn.scalar(
        select(writes_t.c.generation).where(writes_t.c.id == 1).with_for_update(read=True)
    )
    match = for_dialect(conn.dialect.name).match(word, word, "decision")
    by_key: Counter[int] = Counter()
    for key, n in conn.execute(facet_counts.hit_groups(match)):
        by_key[key] += n
    _forget(conn, [word.term])
    rows = [{"term": word.term, "key": k, "decisions": n} for k, n in sorted(by_key.items())]
    for start in range(0, len(rows), 10_000):
        conn.execute(insert(term_combos_t), rows[start : start + 10_000])
    total = sum(by_key.values())
    conn.execute(insert(kept_terms_t), [{"term": word.term, "generation": at, "decisions": total}])
    return total


def _forget(conn: Connection, names: list[str]) -> None:
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        conn.execute(delete(term_combos_t).where(term_combos_t.c.term.in_(chunk)))
        conn.execute(delete(kept_terms_t).where(kept_terms_t.c.term.in_(chunk)))
