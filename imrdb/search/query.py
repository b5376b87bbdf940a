"""The query language, parsed into an engine-neutral tree.

A lawyer's search syntax: words (all must match), ``"exact phrases"``, ``OR``, ``-excluded``
(or ``NOT``), ``prefix*``, parentheses, and filters inline (``outcome:upheld
specialty:"physical medicine"``). ``OR`` binds tighter than the implicit AND, as in Lexis
and Google: ``facet block OR injection`` is facet AND (block OR injection).

Words are cut into tokens exactly as the full-text index cuts text
(:mod:`imrdb.search.analyzer`), so what is searched is what was indexed on both engines: a
typed word that is several tokens (``L4-5``, ``10/325mg``) is a phrase of them. The tree
keeps each token as typed (SQLite's FTS5 stems it itself) and its index term (PostgreSQL is
given terms). Parsing never fails on odd input (stray quotes, a lone ``-``, ``OR OR``,
``*``): what has no token is dropped. It raises :class:`QueryError` only for what the user
must change: an unknown filter value, a filter inside ``OR``, a query too long or too deep.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from imrdb.errors import ImrdbError
from imrdb.search.analyzer import fold, stem

MAX_TOKENS = 256  # words and phrase tokens in one query, after synonyms
MAX_DEPTH = 16  # nested parentheses
MAX_TOKEN_CHARS = 200  # longer "words" are not words (and PostgreSQL caps lexemes)

# The same token rule as the analyzer: a run of letters and digits.
_TOKEN = re.compile(r"[^\W_]+")
_SPACE = frozenset(" \t\r\n\f\v\u00a0")
_SPECIAL = frozenset('()"')
_OPERATORS = {"OR": "OR", "|": "OR", "AND": "AND", "&": "AND", "NOT": "NOT"}


class QueryError(ImrdbError):
    """A query the user must change; the message says how, in one line."""


@dataclass(frozen=True)
class Word:
    """One token: as typed (for FTS5, which stems it) and its index term (for PostgreSQL)."""

    text: str
    term: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Tokens next to each other, in order; only the last may be a prefix."""

    words: tuple[Word, ...]


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Word | Phrase | And | Or | Not


@dataclass(frozen=True)
class FilterClause:
    """``field:value`` as typed; :mod:`imrdb.search.filters` checks and applies it."""

    field: str
    value: str
    negate: bool = False


@dataclass(frozen=True)
class Query:
    text: str
    expr: Node | None
    filters: tuple[FilterClause, ...] = ()


# --- lexing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # "(" ")" OR AND NOT - TEXT PHRASE FIELD
    value: str = ""
    prefix: bool = False  # PHRASE followed by *
    field: str = ""


_FIELD_LIKE = re.compile(r"[A-Za-z][A-Za-z_\-]{1,40}")


def _fields_hint(name: str, fields: frozenset[str]) -> str:
    names = sorted(f for f in fields if "-" not in f)
    near = difflib.get_close_matches(name.lower(), names, n=3, cutoff=0.6)
    listed = ", ".join(f"{f}:" for f in names)
    return f"did you mean {' or '.join(f + ':' for f in near)}? " * bool(near) + f"fields: {listed}"


def _read_quoted(text: str, i: int) -> tuple[str, int]:
    """The text after the quote at ``i`` up to the closing quote (or the end)."""
    end = text.find('"', i + 1)
    if end < 0:
        return text[i + 1 :], len(text)
    return text[i + 1 : end], end + 1


def _lex(text: str, fields: frozenset[str]) -> Iterator[_Tok]:
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _SPACE:
            i += 1
        elif ch in "()":
            yield _Tok(ch)
            i += 1
        elif ch == '"':
            value, i = _read_quoted(text, i)
            star = i < n and text[i] == "*"
            yield _Tok("PHRASE", value, prefix=star)
            i += star
        elif ch == "-":
            if i + 1 < n and text[i + 1] not in _SPACE and text[i + 1] != ")":
                yield _Tok("-")
            i += 1
        else:
            j = i
            while j < n and text[j] not in _SPACE and text[j] not in _SPECIAL:
                j += 1
            chunk, i = text[i:j], j
            if chunk in _OPERATORS:
                yield _Tok(_OPERATORS[chunk])
                continue
            name, colon, value = chunk.partition(":")
            if colon and name.lower() in fields:
                if not value and i < n and text[i] == '"':
                    value, i = _read_quoted(text, i)
                yield _Tok("FIELD", value, field=name.lower())
            elif colon and fields and _FIELD_LIKE.fullmatch(name):
                # "outcom:upheld" would otherwise be searched for as two words.
                raise QueryError(f"unknown field {name + ':'!r}; {_fields_hint(name, fields)}")
            else:
                yield _Tok("TEXT", chunk)


# --- parsing -----------------------------------------------------------------------------


def word_node(raw: str, prefix: bool) -> Node | None:
    """A typed word or phrase -> Word, Phrase, or None when it has no token."""
    tokens = _TOKEN.findall(raw)
    if not tokens:
        return None
    if any(len(t) > MAX_TOKEN_CHARS for t in tokens):
        raise QueryError(f"a word longer than {MAX_TOKEN_CHARS} characters cannot match anything")
    words = [Word(t, stem(fold(t))) for t in tokens]
    if prefix:
        last = words[-1]
        words[-1] = Word(last.text, last.term, prefix=True)
    return words[0] if len(words) == 1 else Phrase(tuple(words))


class _Parser:
    def __init__(self, tokens: list[_Tok]):
        self.tokens = tokens
        self.i = 0
        self.filters: list[FilterClause] = []

    def peek(self) -> str | None:
        return self.tokens[self.i].kind if self.i < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        items: list[Node] = []
        while self.peek() is not None:
            node = self.conjunction(depth=0)
            if node is not None:
                items.append(node)
            if self.peek() == ")":  # a stray closing parenthesis
                self.take()
        return _join(And, items)

    def conjunction(self, depth: int) -> Node | None:
        items: list[Node] = []
        while self.peek() not in (None, ")"):
            if self.peek() in ("AND", "OR"):  # AND is implicit; an OR without a left side
                self.take()
                continue
            node = self.disjunction(depth)
            if node is not None:
                items.append(node)
        return _join(And, items)

    def disjunction(self, depth: int) -> Node | None:
        items: list[Node] = []
        filters_before = len(self.filters)
        node = self.unary(depth)
        if node is not None:
            items.append(node)
        operands = 1
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, ")", "OR", "AND"):
                continue  # OR with nothing on its right: ignored
            operands += 1
            node = self.unary(depth)
            if node is not None:
                items.append(node)
        if operands > 1 and len(self.filters) > filters_before:
            raise QueryError(
                "a filter such as outcome:upheld cannot be an OR operand; give a filter "
                "several values instead (outcome:upheld outcome:overturned)"
            )
        return _join(Or, items)

    def unary(self, depth: int) -> Node | None:
        negate = False
        while self.peek() in ("-", "NOT"):
            self.take()
            negate = not negate
        if self.peek() in (None, ")", "OR", "AND"):
            return None
        tok = self.take()
        if tok.kind == "FIELD":
            if depth > 0:
                raise QueryError(f"put the filter {tok.field}:{tok.value} outside parentheses")
            self.filters.append(FilterClause(tok.field, tok.value, negate))
            return None
        if tok.kind == "(":
            if depth + 1 > MAX_DEPTH:
                raise QueryError(f"parentheses nested deeper than {MAX_DEPTH} levels")
            node = self.conjunction(depth + 1)
            if self.peek() == ")":
                self.take()
        elif tok.kind == "TEXT":
            raw = tok.value
            node = word_node(raw.rstrip("*"), prefix=raw.endswith("*"))
        else:  # PHRASE
            node = word_node(tok.value, prefix=tok.prefix)
        if node is None:
            return None
        return node.item if negate and isinstance(node, Not) else Not(node) if negate else node


def _join(kind: type[And] | type[Or], items: list[Node]) -> Node | None:
    """``kind`` of ``items``, flattened; one item stands alone, none is nothing."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def count_tokens(node: Node | None) -> int:
    if node is None:
        return 0
    if isinstance(node, Word):
        return 1
    if isinstance(node, Phrase):
        return len(node.words)
    if isinstance(node, Not):
        return count_tokens(node.item)
    return sum(count_tokens(item) for item in node.items)


def check_size(node: Node | None) -> None:
    """Refuse a query with more tokens than :data:`MAX_TOKENS` (a pasted page, say)."""
    n = count_tokens(node)
    if n > MAX_TOKENS:
        raise QueryError(f"the query has {n} words; at most {MAX_TOKENS} are searched at once")


def parse(text: str, fields: frozenset[str] = frozenset()) -> Query:
    """Parse ``text``; ``fields`` are the filter names recognized as ``name:value``."""
    parser = _Parser(list(_lex(text, fields)))
    expr = parser.parse()
    check_size(expr)
    return Query(text, expr, tuple(parser.filters))


# --- what the tree means -----------------------------------------------------------------


def positive(node: Node | None) -> Node | None:
    """The tree without its exclusions: what a hit contains (ranking and highlighting)."""
    if node is None or isinstance(node, Word | Phrase):
        return node
    if isinstance(node, Not):
        return None
    kept = [p for p in (positive(item) for item in node.items) if p is not None]
    return _join(type(node), kept)


def indexable(node: Node) -> bool:
    """Can one full-text expression say it? FTS5 has no lone NOT: every AND needs a
    positive operand and an OR cannot have an exclusion as an operand."""
    if isinstance(node, Word | Phrase):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, Or):
        return all(indexable(item) for item in node.items)
    positives = [i for i in node.items if not isinstance(i, Not)]
    negatives = [i.item for i in node.items if isinstance(i, Not)]
    return bool(positives) and all(indexable(i) for i in positives + negatives)


def leaves(node: Node | None) -> Iterator[Word | Phrase]:
    """The words and phrases of ``node``, exclusions included."""
    if node is None:
        return
    if isinstance(node, Word | Phrase):
        yield node
    elif isinstance(node, Not):
        yield from leaves(node.item)
    else:
        for item in node.items:
            yield from leaves(item)


def _quote(text: str) -> str:
    return '"' + text + '"'


def to_text(node: Node | None) -> str:
    """The tree written back in the query language (normalized, filters left out)."""
    if node is None:
        return ""
    if isinstance(node, Word):
        return node.text + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        star = "*" if node.words[-1].prefix else ""
        return _quote(" ".join(w.text for w in node.words)) + star
    if isinstance(node, Not):
        inner = to_text(node.item)
        return "-" + (f"({inner})" if isinstance(node.item, And | Or) else inner)
    if isinstance(node, Or):
        parts = [f"({to_text(i)})" if isinstance(i, And) else to_text(i) for i in node.items]
        return " OR ".join(parts)
    return " ".join(to_text(i) for i in node.items)
