"""The passage around a match, with the matched words marked, computed from stored text.

Both engines store the same text and :mod:`imrdb.search.analyzer` cuts it into the very
terms the index holds, so a snippet is the same whichever engine found the hit, and costs
a page of hits a few milliseconds. Highlights are (start, end) offsets into the snippet;
:func:`marked` writes them as ``[...]`` for plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from imrdb.search.analyzer import token_spans
from imrdb.search.query import Node, Phrase, Word, leaves, positive

WINDOW = 32  # tokens in a snippet
ELLIPSIS = "…"
Span = tuple[int, int]


@dataclass(frozen=True)
class Snippet:
    field: str
    text: str
    highlights: tuple[Span, ...]
    start: int  # offset of the snippet's first character in the field's text (after "…")

    def to_dict(self) -> dict:
        return {
            "field": self.field,
            "text": self.text,
            "highlights": [list(h) for h in self.highlights],
            "start": self.start,
        }


def _word_matches(word: Word, term: str) -> bool:
    return term.startswith(word.term) if word.prefix else term == word.term


def matched_tokens(spans: Sequence[tuple[int, int, str]], targets: Sequence[Word | Phrase]):
    """Per token: the index of the target it belongs to, or -1."""
    marks = [-1] * len(spans)
    for t, target in enumerate(targets):
        words = (target,) if isinstance(target, Word) else target.words
        size = len(words)
        for i in range(len(spans) - size + 1):
            if all(_word_matches(w, spans[i + j][2]) for j, w in enumerate(words)):
                for j in range(size):
                    marks[i + j] = t
    return marks


def targets(expr: Node | None) -> list[Word | Phrase]:
    """What a hit is highlighted for: the words and phrases it must or may contain."""
    return list(dict.fromkeys(leaves(positive(expr))))


def _best_window(marks: list[int]) -> tuple[int, int, int, int]:
    """(distinct targets, marked tokens, start, end) of the best window of tokens."""
    best = (0, 0, 0, min(WINDOW, len(marks)))
    for start in range(len(marks)):
        if marks[start] < 0:
            continue
        begin = max(0, start - WINDOW // 4)
        end = min(len(marks), begin + WINDOW)
        inside = [m for m in marks[begin:end] if m >= 0]
        score = (len(set(inside)), len(inside), begin, end)
        if score[:2] > best[:2]:
            best = score
    return best


def _highlights(text: str, spans, marks: list[int], begin: int, end: int, base: int):
    """Offsets of the marked tokens ``begin:end`` in ``text[base:]``; neighbours merged."""
    out: list[list[int]] = []
    for (start, stop, _), mark in zip(spans[begin:end], marks[begin:end], strict=True):
        if mark < 0:
            continue
        if out and not text[base + out[-1][1] : start].strip(" -"):
            out[-1][1] = stop - base
        else:
            out.append([start - base, stop - base])
    return [(a, b) for a, b in out]


# Line breaks and tabs become spaces, one for one, so offsets stay those of the stored text.
_FLAT = str.maketrans("\n\r\t\f\v", "     ")


def snippet(fields: Iterable[tuple[str, str | None]], expr: Node | None) -> Snippet | None:
    """The passage with the most distinct matched words among ``fields`` (name, text); the
    earlier field wins ties, so a rationale is quoted before a treatment or a title."""
    wanted = targets(expr)
    best: tuple[int, Snippet] | None = None
    for name, text in fields:
        if not text:
            continue
        spans = token_spans(text)
        if not spans:
            continue
        marks = matched_tokens(spans, wanted)
        distinct, _marked, begin, end = _best_window(marks)
        start = 0 if begin == 0 else spans[begin][0]
        stop = len(text.rstrip()) if end == len(spans) else spans[end - 1][1]
        lead = ELLIPSIS if begin > 0 else ""
        tail = ELLIPSIS if end < len(spans) else ""
        shift = len(lead)
        marks_at = _highlights(text, spans, marks, begin, end, start)
        found = Snippet(
            name,
            (lead + text[start:stop] + tail).translate(_FLAT),
            tuple((a + shift, b + shift) for a, b in marks_at),
            start,
        )
        if best is None or distinct > best[0]:
            best = (distinct, found)
    return best[1] if best else None


def marked(snip: Snippet, open_: str = "[", close: str = "]") -> str:
    """The snippet's text with each highlight wrapped in ``open_``/``close``."""
    out, last = [], 0
    for start, end in snip.highlights:
        out += [snip.text[last:start], open_, snip.text[start:end], close]
        last = end
    out.append(snip.text[last:])
    return "".join(out)
