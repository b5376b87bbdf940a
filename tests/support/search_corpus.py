"""A corpus of generated letters for search tests, and an oracle that searches it in Python.

The oracle evaluates the parsed query on the analyzer's terms of each stored record,
field by field, with no SQL at all, so the engines are checked against something that
cannot share their bugs: the same hits, in the same order, with the same facet counts.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace

from imrdb.db.engine import write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.parse.diagnoses import find_diagnoses
from imrdb.record import CITED_BY, CaseRecord, Decision
from imrdb.search import codes
from imrdb.search.analyzer import terms
from imrdb.search.query import And, Node, Not, Or, Phrase, Word, positive
from imrdb.search.request import Plan
from imrdb.vocab import guidelines, specialties
from imrdb.vocab.treatments import classify
from scripts.generate_letters import generate
from scripts.letters.doc import BREAK, Fixed


def letter_text(letter) -> str:
    """The words of a generated letter, paragraph by paragraph (no PDF needed)."""
    parts = []
    for block in letter.document().blocks:
        if isinstance(block, Fixed):
            parts.append(" ".join(draw[3] for draw in block.draws))
        else:
            parts.append("".join("\n" if s.text == BREAK else s.text for s in block.segs))
    return "\n\n".join(parts)


def corpus(n: int, seed: int) -> list[tuple[SourceDocument, CaseRecord]]:
    """Generated letters, each record with the diagnoses its summary states (the generator's
    records have none: the parser finds them in the text)."""
    out = []
    for letter in generate(n, seed):
        text = letter_text(letter)
        digest = hashlib.sha256(f"{seed}:{letter.file_name}".encode()).hexdigest()
        record = replace(letter.record, diagnoses=find_diagnoses(text))
        out.append((SourceDocument(digest, letter.file_name, text), record))
    return out


def pg_database() -> AbstractContextManager[str]:
    """A fresh PostgreSQL database for a whole test module (conftest's is per test)."""
    from tests.support.pg import fresh_pg_database

    return fresh_pg_database("imrdb_search")


def load(engine, letters: Sequence[tuple[SourceDocument, CaseRecord]], batch=200) -> None:
    for i in range(0, len(letters), batch):
        with write_transaction(engine) as conn:
            save.save_letters(conn, letters[i : i + batch], "test")


# --- the oracle ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One stored decision as the oracle sees it."""

    record: CaseRecord
    decision: Decision
    letter: str
    fields: tuple[tuple[str, ...], ...]  # terms of treatment, citation titles, rationale
    letter_terms: tuple[str, ...]

    @property
    def key(self) -> tuple[str | None, int]:
        return (self.record.case_number, self.decision.ordinal)


def items(letters: Iterable[tuple[SourceDocument, CaseRecord]]) -> list[Item]:
    out = []
    for doc, record in letters:
        letter_terms = tuple(terms(doc.text))
        for d in record.decisions:
            titles = "\n".join(c.title for c in d.citations)
            fields = (
                tuple(terms(d.treatment)),
                tuple(terms(titles)),
                tuple(terms(d.rationale or "")),
            )
            out.append(Item(record, d, doc.text, fields, letter_terms))
    return out


def _word(word: Word, term: str) -> bool:
    return term.startswith(word.term) if word.prefix else term == word.term


def _occurs(leaf: Word | Phrase, fields: Sequence[Sequence[str]]) -> bool:
    words = (leaf,) if isinstance(leaf, Word) else leaf.words
    for field in fields:
        for i in range(len(field) - len(words) + 1):
            if all(_word(w, field[i + j]) for j, w in enumerate(words)):
                return True
    return False


def evaluate(node: Node, fields: Sequence[Sequence[str]]) -> bool:
    if isinstance(node, Word | Phrase):
        return _occurs(node, fields)
    if isinstance(node, Not):
        return not evaluate(node.item, fields)
    if isinstance(node, And):
        return all(evaluate(i, fields) for i in node.items)
    assert isinstance(node, Or)
    return any(evaluate(i, fields) for i in node.items)


def _contains(text: str | None, words: str) -> bool:
    return words in " ".join((text or "").split()).lower()


def _named(d: Decision, parties: Sequence[str]) -> set[str]:
    """The catalog names (lower case) of the guidelines ``parties`` cite for ``d``."""
    return {
        guidelines.lookup(c.source, c.title)[0].lower()
        for c in d.citations
        if c.cited_by in parties
    }


def _passes(item: Item, plan: Plan) -> bool:
    r, d = item.record, item.decision
    facts = classify(d.treatment, d.category)
    names = specialties.normalize(r.reviewer_specialty)
    parties = plan.cited_by
    cited = {(c.cited_by, c.source) for c in d.citations}
    checks = {
        "outcome": lambda v: d.outcome == v,
        "guideline": lambda v: any((p, v) in cited for p in parties),
        "cited_by": lambda v: any(p == v for p, _ in cited),
        "category": lambda v: d.category == v,
        "specialty": lambda v: v.lower() in {n.lower() for n in names},
        "year": lambda v: r.letter_date is not None and r.letter_date.year == v,
        "since": lambda v: r.letter_date is not None and r.letter_date >= v,
        "until": lambda v: r.letter_date is not None and r.letter_date <= v,
        "priority": lambda v: r.priority == v,
        "case": lambda v: r.case_number == v,
        "subcategory": lambda v: facts.subcategory == v,
        "drug": lambda v: facts.drug == v,
        "drug_class": lambda v: facts.drug_class == v,
        "body_region": lambda v: facts.body_region == v,
        "case_outcome": lambda v: r.final_determination == v,
        "guideline_name": lambda v: v.lower() in _named(d, parties),
        "injured_since": lambda v: r.date_of_injury is not None and r.date_of_injury >= v,
        "injured_until": lambda v: r.date_of_injury is not None and r.date_of_injury <= v,
        "received_since": lambda v: (
            r.application_received is not None and r.application_received >= v
        ),
        "received_until": lambda v: (
            r.application_received is not None and r.application_received <= v
        ),
        "diagnosis": lambda v: any(_contains(x.text, v) for x in r.diagnoses),
        "treatment": lambda v: _contains(d.treatment, v) or _contains(facts.normalized, v),
        "rationale": lambda v: _contains(d.rationale, v),
    }
    nullable = {
        "specialty": not names,
        "year": r.letter_date is None,
        "priority": r.priority is None,
    }
    for name, chosen in plan.selected.items():
        if (
            name == "cited_by"
            and "guideline" in plan.selected
            and plan.selected["guideline"].include
        ):
            pass  # the guideline check looks at the parties
        elif chosen.include and not any(checks[name](v) for v in chosen.include):
            return False
        if chosen.exclude:
            if name == "guideline":
                hit = any((p, v) in cited for p in parties for v in chosen.exclude)
            elif name == "cited_by":
                hit = any(p in chosen.exclude for p, _ in cited)
            elif name == "guideline_name":  # excluded: either party's citations
                hit = any(v.lower() in _named(d, CITED_BY) for v in chosen.exclude)
            else:
                hit = any(checks[name](v) for v in chosen.exclude)
            if hit and not nullable.get(name, False):
                return False
    return True


def tier(item: Item, plan: Plan) -> int:
    wanted = positive(plan.expr)
    if plan.scope == "letter" or wanted is None or plan.request.sort != "relevance":
        return 0
    if evaluate(wanted, item.fields[:1]):
        return 1
    return 2 if evaluate(wanted, item.fields[:2]) else 3


def hits(corpus_items: Sequence[Item], plan: Plan) -> list[Item]:
    """Every matching decision, in the order search ranks them."""
    found = []
    for item in corpus_items:
        if plan.expr is not None:
            fields = (item.letter_terms,) if plan.scope == "letter" else item.fields
            if not evaluate(plan.expr, fields):
                continue
        if _passes(item, plan):
            found.append(item)

    def order(item: Item):
        newest, oldest = codes.ranks(
            item.record.letter_date, item.record.case_number, item.decision.ordinal
        )
        return (tier(item, plan), oldest if plan.request.sort == "date" else newest)

    return sorted(found, key=order)


def facets(found: Sequence[Item], plan: Plan) -> dict[str, Counter]:
    counts = {
        n: Counter()
        for n in (
            *("outcome", "category", "guideline", "specialty", "year", "priority"),
            "case_outcome",
            *("subcategory", "drug_class", "body_region", "drug", "diagnosis"),
            "guideline_name",
        )
    }
    for item in found:
        r, d = item.record, item.decision
        counts["outcome"][d.outcome] += 1
        counts["category"][d.category] += 1
        counts["year"][r.letter_date.year if r.letter_date else None] += 1
        counts["priority"][r.priority] += 1
        sources = {c.source for c in d.citations if c.cited_by in plan.cited_by}
        for s in sources or {None}:
            counts["guideline"][s] += 1
        for name in specialties.normalize(r.reviewer_specialty) or [None]:
            counts["specialty"][name] += 1
        facts = classify(d.treatment, d.category)
        for name in ("subcategory", "drug_class", "body_region", "drug"):
            counts[name][getattr(facts, name)] += 1
        for text in {x.text.lower() for x in r.diagnoses}:
            counts["diagnosis"][text] += 1
        cited = {
            guidelines.lookup(c.source, c.title)[0]
            for c in d.citations
            if c.cited_by in plan.cited_by
        }
        for guideline in cited or {None}:
            counts["guideline_name"][guideline] += 1
        counts["case_outcome"][r.final_determination] += 1
    return counts


def ordered(name: str, counts: Counter, size: int) -> tuple[tuple, bool]:
    """A facet's values as search lists them: by count (years newest first), then value;
    the first ``size``, and whether there were more."""
    if name == "year":
        items = sorted(counts.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))
    else:
        items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, str(kv[0])))
    return tuple(items[:size]), len(items) > size
