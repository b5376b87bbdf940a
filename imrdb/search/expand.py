"""``--expand``: a query word or phrase that is a treatment synonym also finds the others.

``facet blocks`` (two words, or the phrase) becomes ``(facet blocks) OR "facet injection"
OR "medial branch block" ...``; ``ESI`` becomes ``ESI OR "epidural steroid injection"``.
The original stays as typed; the alternatives are phrases. Prefix words are left alone.
"""

from __future__ import annotations

from functools import cache

from imrdb.search.analyzer import terms
from imrdb.search.query import And, Node, Not, Or, Phrase, Word, word_node
from imrdb.vocab import synonyms


@cache
def _by_stems() -> dict[tuple[str, ...], int]:
    """Each synonym's stems (as the index stems them) -> its group."""
    return {tuple(terms(t)): i for i, group in enumerate(synonyms.groups()) for t in group}


@cache
def _longest() -> int:
    """The most words any synonym has (how far a query run is worth looking)."""
    return max(len(stems) for stems in _by_stems())


def alternatives(stems: tuple[str, ...]) -> list[str]:
    """The other terms of the group whose term has these stems ([] if none), as written."""
    group = _by_stems().get(stems)
    if group is None:
        return []
    return [t for t in synonyms.groups()[group] if tuple(terms(t)) != stems]


def _with_alternatives(node: Node, stems: tuple[str, ...]) -> Node:
    found = [word_node(text, prefix=False) for text in alternatives(stems)]
    others = [n for n in found if n is not None]
    return Or((node, *others)) if others else node


def _expand_run(items: tuple[Node, ...]) -> list[Node]:
    """Items of an AND, where runs of plain words that make a synonym are expanded."""
    out: list[Node] = []
    i, longest = 0, _longest()
    while i < len(items):
        for size in range(min(longest, len(items) - i), 0, -1):
            run = items[i : i + size]
            if not all(isinstance(w, Word) and not w.prefix for w in run):
                continue
            stems = tuple(w.term for w in run)  # type: ignore[union-attr]
            if alternatives(stems):
                original = run[0] if size == 1 else And(run)
                out.append(_with_alternatives(original, stems))
                i += size
                break
        else:
            out.append(expand(items[i]))
            i += 1
    return out


def expand(node: Node | None) -> Node | None:
    """``node`` with every synonym it contains expanded."""
    if node is None:
        return None
    if isinstance(node, Word):
        return node if node.prefix else _with_alternatives(node, (node.term,))
    if isinstance(node, Phrase):
        if node.words[-1].prefix:
            return node
        return _with_alternatives(node, tuple(w.term for w in node.words))
    if isinstance(node, Not):
        return Not(expand(node.item))
    if isinstance(node, Or):
        return Or(tuple(expand(i) for i in node.items))
    expanded = _expand_run(node.items)
    return expanded[0] if len(expanded) == 1 else And(tuple(expanded))
