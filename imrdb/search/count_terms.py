"""Counting the facets of the most frequent terms (:mod:`imrdb.search.kept_terms` reads
them): after an ingest, from the inserted decisions alone when nothing was deleted or
rewritten since they were counted, else from each term's hits again.

A full count at 3.5 million decisions reads each kept term's hits once (SQLite: FTS5
doclists, 51 s; PostgreSQL: the projection's rows once per 32 terms, 2.4 min); adding
inserted decisions reads their own text only, tokenized as the index tokenizes it
(:mod:`imrdb.search.analyzer`, 20-60 µs a decision).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    update,
)

from imrdb.db.engine import write_transaction
from imrdb.db.models import decisions
from imrdb.search import facets as facet_counts
from imrdb.search.analyzer import stem, terms
from imrdb.search.analyzer import words as analyzer_words
from imrdb.search.index import for_dialect
from imrdb.search.index.base import DECISION_FIELDS
from imrdb.search.index.tables import (
    facets_t,
    inserts_t,
    kept_terms_t,
    term_combos_t,
    writes_t,
)
from imrdb.search.query import Word

# A term is kept from this many matching decisions: below it, grouping its hits takes
# under ~40 ms on PostgreSQL, which reads each hit's row (~2 µs), and ~4 ms on SQLite.
KEEP_FROM = 20_000
KEEP_MOST = 256  # terms kept at most, the most frequent
SAMPLE = 4_000  # decisions read to find the terms worth counting exactly
_MARGIN = 0.5  # a sampled share this far under KEEP_FROM's is still counted exactly
# Inserted decisions added to the counts at most (20-60 µs each to tokenize): past this,
# the terms are counted again from their hits, which costs the same at any number of inserts.
ADD_MOST = 100_000
# Terms counted in one transaction (PostgreSQL: in one pass over the projection, which
# reads its rows once for all of them: 2.2 s for 32 terms at 1 million, 0.8 s a term alone).
BATCH = 32


@dataclass(frozen=True)
class Counted:
    kept: int  # terms whose counts are kept
    counted: int  # terms counted from their hits
    added: int  # inserted decisions added to the counts
    seconds: float


def refresh(
    engine: Engine,
    minimum: int = KEEP_FROM,
    most: int = KEEP_MOST,
    sample: int = SAMPLE,
    full: bool = False,
) -> Counted:
    """Bring the kept counts up to date: add the decisions inserted since they were
    counted (unless ``full``, or something was deleted or rewritten, or more than
    :data:`ADD_MOST` were inserted), else count every term in ``minimum`` decisions or more
    (the ``most`` most frequent) from its hits and drop the rest."""
    started = time.monotonic()
    if not full:
        with write_transaction(engine) as conn:
            added = _add_inserted(conn)
            if added is not None:
                _prune_log(conn)
                kept = conn.scalar(select(func.count()).select_from(kept_terms_t)) or 0
                return Counted(kept, 0, added, time.monotonic() - started)
    kept, counted = _count_all(engine, minimum, most, sample)
    with write_transaction(engine) as conn:
        _prune_log(conn)
    return Counted(kept, counted, 0, time.monotonic() - started)


def _state(conn: Connection) -> tuple[int, int]:
    """(generation, rewrites), the row locked until the transaction ends against writers
    and other counts (PostgreSQL; SQLite's write transaction excludes both already), so
    what is counted is what the generation says, and two ingests ending at once take
    turns instead of writing the same term's rows."""
    row = conn.execute(
        select(writes_t.c.generation, writes_t.c.rewrites)
        .where(writes_t.c.id == 1)
        .with_for_update()
    ).one()
    return row.generation, row.rewrites


# --- adding inserted decisions ---------------------------------------------------------------


def _add_inserted(conn: Connection) -> int | None:
    """Add the logged inserts to each kept term counted before them; None when that cannot
    give exact counts (a delete or rewrite since) or would cost more than counting again."""
    at, rewrites = _state(conn)
    kept = conn.execute(
        select(kept_terms_t.c.term, kept_terms_t.c.generation, kept_terms_t.c.rewrites)
    ).all()
    stale = {row.term: row.generation for row in kept if row.generation != at}
    if not kept or any(row.rewrites != rewrites for row in kept if row.term in stale):
        return None
    if not stale:
        return 0
    oldest = min(stale.values())
    logged = inserts_t.c.generation > oldest
    if (conn.scalar(select(func.count()).where(logged)) or 0) > ADD_MOST:
        return None
    fields = [decisions.c[name] for name in DECISION_FIELDS]
    rows = conn.execute(
        select(inserts_t.c.generation, facets_t.c.facet_key, *fields)
        .join(facets_t, facets_t.c.decision_id == inserts_t.c.decision_id)
        .join(decisions, decisions.c.id == inserts_t.c.decision_id)
        .where(logged)
    )
    by_key: Counter[tuple[str, int]] = Counter()
    added = 0
    for generation, key, *texts in rows:
        added += 1
        found = {t for text in texts if text for t in terms(text)}
        for term in found.intersection(stale):
            if generation > stale[term]:
                by_key[term, key] += 1
    _add(conn, by_key)
    totals: Counter[str] = Counter()
    for (term, _), n in by_key.items():
        totals[term] += n
    kept_c = kept_terms_t.c
    conn.execute(
        update(kept_terms_t)
        .where(kept_c.term == bindparam("t"))
        .values(generation=at, decisions=kept_c.decisions + bindparam("n")),
        [{"t": term, "n": totals[term]} for term in stale],
    )
    return added


def _add(conn: Connection, by_key: Counter[tuple[str, int]]) -> None:
    """``term_combos`` += ``by_key``: rows that exist updated, the others inserted."""
    if not by_key:
        return
    wanted_terms = sorted({term for term, _ in by_key})
    existing = set(
        conn.execute(
            select(term_combos_t.c.term, term_combos_t.c.key).where(
                term_combos_t.c.term.in_(wanted_terms),
                term_combos_t.c.key.in_(sorted({key for _, key in by_key})),
            )
        ).all()
    )
    old = [{"t": t, "k": k, "n": n} for (t, k), n in by_key.items() if (t, k) in existing]
    new = [
        {"term": t, "key": k, "decisions": n}
        for (t, k), n in by_key.items()
        if (t, k) not in existing
    ]
    if old:
        target = term_combos_t.c
        conn.execute(
            update(term_combos_t)
            .where(and_(target.term == bindparam("t"), target.key == bindparam("k")))
            .values(decisions=target.decisions + bindparam("n")),
            old,
        )
    if new:
        conn.execute(insert(term_combos_t), new)


def _prune_log(conn: Connection) -> None:
    """Forget the inserts every kept term has counted (all of them, with none kept)."""
    oldest = conn.scalar(select(func.min(kept_terms_t.c.generation)))
    if oldest is None:
        conn.execute(delete(inserts_t))
    else:
        conn.execute(delete(inserts_t).where(inserts_t.c.generation <= oldest))


# --- counting from the hits ------------------------------------------------------------------


def candidates(conn: Connection, minimum: int, sample: int = SAMPLE) -> dict[str, str]:
    """Index terms that a sample of decisions says may be in ``minimum`` decisions or more,
    most frequent first, each with a word that stems to it (what FTS5 is asked for)."""
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


def _count_all(engine: Engine, minimum: int, most: int, sample: int) -> tuple[int, int]:
    """(terms kept, terms counted): candidates counted, most frequent first, a batch of
    :data:`BATCH` to a transaction, until ``most`` are kept."""
    with write_transaction(engine) as conn:
        found = [Word(word, term) for term, word in candidates(conn, minimum, sample).items()]
    kept: dict[str, int] = {}
    counted = 0
    while counted < len(found) and len(kept) < most:  # the rest are rarer, give or take
        batch = found[counted : counted + min(BATCH, most - len(kept))]
        with write_transaction(engine) as conn:
            kept.update(_count_batch(conn, batch, minimum))
        counted += len(batch)
    with write_transaction(engine) as conn:
        stale = set(conn.scalars(select(kept_terms_t.c.term))) - set(kept)
        _forget(conn, sorted(stale))
    return len(kept), counted


def _count_batch(conn: Connection, words: list[Word], minimum: int) -> dict[str, int]:
    """Count ``words``' hits by facet key into ``term_combos`` in SQL, at the generation
    read (and locked) in the same transaction; keep those in ``minimum`` decisions or more
    and return their totals. In one pass over the projection where the engine can
    (PostgreSQL), else word by word from the index."""
    at, rewrites = _state(conn)
    names = [word.term for word in words]
    _forget(conn, names)
    index = for_dialect(conn.dialect.name)
    columns = ["term", "key", "decisions"]
    together = index.key_counts(conn, words)
    if together is not None:
        conn.execute(insert(term_combos_t).from_select(columns, together))
    else:
        for word in words:
            groups = facet_counts.hit_groups(index.match(word, word, "decision")).subquery()
            counted = select(literal(word.term), groups.c.k, func.sum(groups.c.n)).group_by(
                groups.c.k
            )
            conn.execute(insert(term_combos_t).from_select(columns, counted))
    term = term_combos_t.c.term
    totals = dict(
        conn.execute(
            select(term, func.sum(term_combos_t.c.decisions)).where(term.in_(names)).group_by(term)
        ).all()
    )
    kept = {name: int(totals[name]) for name in names if totals.get(name, 0) >= minimum}
    _forget(conn, [name for name in names if name not in kept])
    if kept:
        conn.execute(
            insert(kept_terms_t),
            [
                {"term": name, "generation": at, "rewrites": rewrites, "decisions": n}
                for name, n in kept.items()
            ],
        )
    return kept


def _forget(conn: Connection, names: list[str]) -> None:
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        conn.execute(delete(term_combos_t).where(term_combos_t.c.term.in_(chunk)))
        conn.execute(delete(kept_terms_t).where(kept_terms_t.c.term.in_(chunk)))
