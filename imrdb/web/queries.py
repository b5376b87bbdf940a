"""What the case and guideline pages show beyond the library's views: a case's source
document and the catalog entry of each citation, a guideline's "cited by" list with its
uphold rates, and a decision's similar decisions.

Plain SQLAlchemy over the normalized tables (read-only); similar decisions reuse
:func:`imrdb.search.search` for their candidates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, distinct, func, select

from imrdb.db.models import cases, citations, decisions, documents, guidelines
from imrdb.record import CaseRecord
from imrdb.record import Decision as DecisionRecord
from imrdb.search import QueryError, SearchRequest, search
from imrdb.search.analyzer import terms
from imrdb.search.guideline_names import read_name

SIMILAR = 5  # similar decisions shown per decision
SIMILAR_CANDIDATES = 30  # hits of each candidate search, re-ranked by shared terms
SIMILAR_WORDS = 6  # the treatment's words the candidate search looks for
CITED_BY_PAGE = 50
_OPERATORS = {"and", "not"}  # words the query language reads as operators


@dataclass(frozen=True)
class CaseExtras:
    """The source document's name and, per (item ordinal, citation index), its catalog id."""

    document: str | None
    guideline_ids: dict[tuple[int, int], int]


def case_extras(conn: Connection, case_number: str) -> CaseExtras:
    row = conn.execute(
        select(documents.c.path, documents.c.member)
        .select_from(cases.join(documents, documents.c.id == cases.c.document_id))
        .where(cases.c.case_number == case_number)
    ).first()
    name = None
    if row is not None:
        name = row.path.replace("\\", "/").rsplit("/", 1)[-1]
        name = f"{name} : {row.member}" if row.member else name
    query = (
        select(decisions.c.ordinal, citations.c.ordinal, citations.c.guideline_id)
        .select_from(
            cases.join(decisions, decisions.c.case_id == cases.c.id).join(
                citations, citations.c.decision_id == decisions.c.id
            )
        )
        .where(cases.c.case_number == case_number)
        .order_by(decisions.c.ordinal, citations.c.ordinal)
    )
    ids: dict[tuple[int, int], int] = {}
    index: Counter = Counter()
    for item, _ordinal, guideline_id in conn.execute(query):
        if guideline_id is not None:
            ids[(item, index[item])] = guideline_id
        index[item] += 1
    return CaseExtras(name, ids)


# --- guideline pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """Decisions upheld and overturned in one group."""

    label: str
    upheld: int = 0
    overturned: int = 0

    @property
    def decisions(self) -> int:
        return self.upheld + self.overturned

    @property
    def upheld_pct(self) -> float | None:
        return round(100 * self.upheld / self.decisions, 1) if self.decisions else None

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "decisions": self.decisions,
            "upheld": self.upheld,
            "overturned": self.overturned,
            "upheld_pct": self.upheld_pct,
        }


@dataclass(frozen=True)
class CitingDecision:
    case_number: str | None
    ordinal: int
    letter_date: dt.date | None
    treatment: str
    outcome: str
    cited_by: tuple[str, ...]


@dataclass(frozen=True)
class GuidelinePage:
    id: int
    source: str
    name: str
    total: Rate
    by_year: list[Rate]
    by_party: list[Rate]
    decisions: list[CitingDecision]
    offset: int


def _rates(rows, label) -> list[Rate]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for key, outcome, n in rows:
        counts[label(key)][outcome] += n
    return [Rate(k, c["upheld"], c["overturned"]) for k, c in counts.items()]


def guideline_page(conn: Connection, guideline_id: int, offset: int = 0) -> GuidelinePage | None:
    """The guideline's catalog entry, uphold rates (all, by year, by citing party) of the
    decisions citing it, and a page of those decisions, newest first."""
    entry = conn.execute(
        select(guidelines.c.source, guidelines.c.name).where(guidelines.c.id == guideline_id)
    ).first()
    if entry is None:
        return None
    citing = (
        select(citations.c.decision_id, citations.c.cited_by)
        .where(citations.c.guideline_id == guideline_id)
        .subquery()
    )
    joined = citing.join(decisions, decisions.c.id == citing.c.decision_id)
    per_decision = select(citing.c.decision_id).distinct().scalar_subquery()
    year_rows = conn.execute(
        select(decisions.c.letter_year, decisions.c.outcome, func.count())
        .where(decisions.c.id.in_(per_decision))
        .group_by(decisions.c.letter_year, decisions.c.outcome)
        .order_by(decisions.c.letter_year)
    ).all()
    by_year = _rates(year_rows, lambda y: str(y) if y is not None else "(no date)")
    party_rows = conn.execute(
        select(citing.c.cited_by, decisions.c.outcome, func.count(distinct(decisions.c.id)))
        .select_from(joined)
        .group_by(citing.c.cited_by, decisions.c.outcome)
        .order_by(citing.c.cited_by)
    ).all()
    by_party = _rates(party_rows, lambda p: p.replace("_", " "))
    total = Rate(
        "all",
        sum(r.upheld for r in by_year),
        sum(r.overturned for r in by_year),
    )
    page = conn.execute(
        select(decisions.c.id)
        .where(decisions.c.id.in_(per_decision))
        .order_by(decisions.c.letter_date.desc().nulls_last(), decisions.c.id.desc())
        .limit(CITED_BY_PAGE)
        .offset(offset)
    ).scalars()
    return GuidelinePage(
        guideline_id,
        entry.source,
        entry.name,
        total,
        by_year,
        by_party,
        _citing(conn, list(page), guideline_id),
        offset,
    )


def _citing(conn: Connection, ids: list[int], guideline_id: int) -> list[CitingDecision]:
    if not ids:
        return []
    rows = conn.execute(
        select(
            decisions.c.id,
            decisions.c.ordinal,
            decisions.c.treatment,
            decisions.c.outcome,
            cases.c.case_number,
            cases.c.letter_date,
        )
        .select_from(decisions.join(cases, cases.c.id == decisions.c.case_id))
        .where(decisions.c.id.in_(ids))
    ).all()
    parties: dict[int, set[str]] = defaultdict(set)
    for decision_id, party in conn.execute(
        select(citations.c.decision_id, citations.c.cited_by).where(
            citations.c.decision_id.in_(ids), citations.c.guideline_id == guideline_id
        )
    ):
        parties[decision_id].add(party)
    by_id = {r.id: r for r in rows}
    return [
        CitingDecision(
            by_id[i].case_number,
            by_id[i].ordinal,
            by_id[i].letter_date,
            by_id[i].treatment,
            by_id[i].outcome,
            tuple(sorted(parties[i])),
        )
        for i in ids
    ]


# --- similar decisions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Similar:
    case_number: str | None
    ordinal: int
    treatment: str
    outcome: str
    letter_date: dt.date | None
    shared: int


def _distinct_words(text: str) -> list[str]:
    """The treatment's words worth matching: letters, 3+ characters, first seen first."""
    seen = dict.fromkeys(w.lower() for w in text.split())
    return [w for w in seen if len(w) >= 3 and w.isalpha() and w not in _OPERATORS][:SIMILAR_WORDS]


def _item_facts(
    conn: Connection, case_number: str | None, ordinal: int
) -> tuple[str | None, list[str]]:
    """The stored subcategory of an item and the catalog names of the guidelines it cites
    (by either party), as the filters read them."""
    item = (cases.c.case_number == case_number) & (decisions.c.ordinal == ordinal)
    joined = cases.join(decisions, decisions.c.case_id == cases.c.id)
    subcategory = conn.scalar(select(decisions.c.subcategory).select_from(joined).where(item))
    names = conn.scalars(
        select(guidelines.c.name)
        .distinct()
        .select_from(
            joined.join(citations, citations.c.decision_id == decisions.c.id).join(
                guidelines, guidelines.c.id == citations.c.guideline_id
            )
        )
        .where(item)
        .order_by(guidelines.c.name)
    ).all()
    return subcategory, [n for n in names if reads_as_itself(n)]


def reads_as_itself(name: str) -> bool:
    """Whether the ``guideline_name`` filter reads ``name`` as this very guideline."""
    try:
        return read_name(name) == name
    except QueryError:
        return False


@dataclass(frozen=True)
class SimilarFound:
    """Similar decisions and the filters that chose their candidates, in the library's
    words ("on Physical therapy, citing “ODG Low Back ...”")."""

    basis: str
    decisions: list[Similar]


def similar(conn: Connection, record: CaseRecord, decision: DecisionRecord) -> SimilarFound:
    """Decisions of other cases in the same subcategory (the category where the item has
    none) citing a guideline (the catalog's, by name) this one cites, nearest by shared
    terms.

    Candidates: a search for all of the treatment's words (then its first three, then two,
    then none, while fewer than :data:`SIMILAR` are found), filtered to the subcategory and
    the guidelines cited (their sources where none has a name the filter reads); the first
    :data:`SIMILAR_CANDIDATES` hits of each in relevance order (matched in the treatment
    first, newest first). They are ranked by the number of distinct index terms their
    treatment shares with this one, then by overlap (Jaccard), then newest."""
    words = _distinct_words(decision.treatment)
    subcategory, names = _item_facts(conn, record.case_number, decision.ordinal)
    filters: dict[str, list[str]] = (
        {"subcategory": [subcategory]} if subcategory else {"category": [decision.category]}
    )
    sources = sorted({c.source for c in decision.citations})
    if names:
        filters["guideline_name"] = names
    elif sources:
        filters["guideline"] = sources
    mine = set(terms(decision.treatment))
    scored: dict[tuple[str | None, int], tuple[tuple, Similar]] = {}
    for size in dict.fromkeys((len(words), 3, 2, 0)):
        if size > len(words) or len(scored) >= SIMILAR:
            continue
        request = SearchRequest(" ".join(words[:size]), filters, limit=SIMILAR_CANDIDATES)
        for hit in search(conn, request).hits:
            if hit.case_number == record.case_number:
                continue
            theirs = set(terms(hit.treatment))
            shared = len(mine & theirs)
            overlap = shared / len(mine | theirs) if mine | theirs else 0
            newest = -(hit.letter_date.toordinal() if hit.letter_date else 0)
            found = Similar(
                hit.case_number, hit.ordinal, hit.treatment, hit.outcome, hit.letter_date, shared
            )
            scored[(hit.case_number, hit.ordinal)] = ((-shared, -overlap, newest), found)
    ranked = sorted(scored.values(), key=lambda pair: pair[0])
    basis = SearchRequest("", filters).plan().description().removeprefix("decisions ")
    return SimilarFound(basis, [found for _, found in ranked[:SIMILAR]])
