"""``--expand``: a query word or phrase that is a treatment synonym also finds the others.

``facet blocks`` (two words, or the phrase) becomes ``(facet blocks) OR "facet injection"
OR "medial branch block" ...``; ``ESI`` becomes ``ESI OR "epidural steroid injection"``.
The original stays as typed; the alternatives are phrases. Prefix words are left alone.
"""

from __future__ import annotations

from imrdb.search.query import And, Node, Not, Or, Phrase, Word, word_node
from imrdb.vocab import synonyms


def _with_alternatives(node: Node, stems: tuple[str, ...]) -> Node:
    found = [word_node(text, prefix=False) for text in synonyms.alternatives(stems)]
    alternatives = [n for n in found if n is not None]
    return Or((node, *alternatives)) if alternatives else node


def _expand_run(items: tuple[Node, ...]) -> list[Node]:
    """Items of an AND, where runs of plain words that make a synonym are expanded."""
    out: list[Node] = []
    i, longest = 0, synonyms.longest_key()
    while i < len(items):
        for size in range(min(longest, len(items) - i), 0, -1):
            run = items[i : i + size]
            if not all(isinstance(w, Word) and not w.prefix for w in run):
                continue
            stems = tuple(w.term for w in run)  # type: ignore[union-attr]
            if synonyms.alternatives(stems):
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
