"""The query language: what each input parses to, how it is written for each engine, and
that no input at all makes the parser fail other than with a one-line QueryError."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imrdb.search.filters import FIELD_NAMES
from imrdb.search.index.postgresql import tsquery
from imrdb.search.index.sqlite import fts5
from imrdb.search.index.sqlite_ddl import TOKENIZE
from imrdb.search.query import (
    MAX_DEPTH,
    MAX_TOKENS,
    And,
    FilterClause,
    Not,
    Or,
    Phrase,
    QueryError,
    Word,
    indexable,
    parse,
    positive,
    to_text,
)


def _parse(text: str):
    return parse(text, FIELD_NAMES)


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("facet block", "facet block"),  # words: all must match
        ("Facet   BLOCKS", "Facet BLOCKS"),  # tokens kept as typed; terms are stems
        ('"facet block"', '"facet block"'),  # phrase
        ("norco OR vicodin", "norco OR vicodin"),  # OR
        ("facet block OR injection", "facet block OR injection"),  # OR binds tighter
        ("(facet block) OR injection", "(facet block) OR injection"),
        ("facet -lumbar", "facet -lumbar"),  # exclusion
        ("facet NOT lumbar", "facet -lumbar"),  # NOT is an exclusion
        ("-(lumbar OR cervical) facet", "-(lumbar OR cervical) facet"),
        ("inject*", "inject*"),  # prefix
        ('"urine drug"*', '"urine drug"*'),  # phrase ending in a prefix
        ("L4-5", '"L4 5"'),  # one typed word, two tokens: a phrase
        ("10/325mg", '"10 325mg"'),
        ("facet AND block", "facet block"),  # AND is implicit
        ("10:30", '"10 30"'),  # a colon after digits is not a field: words
        ('"unclosed phrase', '"unclosed phrase"'),  # stray quote: to the end
        ("(unclosed group", "unclosed group"),
        ("stray ) paren", "stray paren"),
        ("- lone dash", "lone dash"),
        ("OR OR facet OR", "facet"),  # OR without operands
        ("*", ""),  # nothing to search
        ("--facet", "facet"),  # a double exclusion
        ("'; DROP TABLE cases; --", "DROP TABLE cases"),  # SQL is words like any other
        ("café naïve", "café naïve"),
    ],
)
def test_parse_and_write_back(text, normalized):
    parsed = _parse(text)
    assert to_text(parsed.expr) == normalized
    again = _parse(to_text(parsed.expr))
    assert again.expr == parsed.expr  # the normalized text means the same


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("outcom:upheld", "did you mean outcome:"),  # a typo names the closest field
        ("treatmnt:norco", "did you mean treatment:"),
        ("note: this", "fields: body_region:"),  # no close one: every field is listed
    ],
)
def test_unknown_field_is_an_error_naming_the_fields(text, said):
    with pytest.raises(QueryError, match=said):
        _parse(text)


def test_terms_are_stems_and_prefixes_are_stemmed():
    parsed = _parse("Facet blocks injections*")
    assert parsed.expr == And(
        (Word("Facet", "facet"), Word("blocks", "block"), Word("injections", "inject", True))
    )


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("outcome:upheld", [FilterClause("outcome", "upheld")]),
        ("facet -outcome:upheld", [FilterClause("outcome", "upheld", negate=True)]),
        ('specialty:"physical medicine"', [FilterClause("specialty", "physical medicine")]),
        (
            "Guideline:ODG cited-by:reviewer",
            [FilterClause("guideline", "ODG"), FilterClause("cited-by", "reviewer")],
        ),
    ],
)
def test_inline_filters_are_taken_out_of_the_text(text, filters):
    parsed = _parse(text)
    assert list(parsed.filters) == filters


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("facet OR outcome:upheld", "cannot be an OR operand"),
        ("(facet outcome:upheld)", "outside parentheses"),
        ("(" * (MAX_DEPTH + 1) + "x", "nested deeper"),
        ("word " * (MAX_TOKENS + 1), "at most"),
        ("x" * 300, "longer than"),
    ],
)
def test_what_the_user_must_change(text, message):
    with pytest.raises(QueryError, match=message):
        _parse(text)


def test_positive_part_and_indexable():
    expr = _parse("facet -lumbar OR cervical").expr
    assert positive(expr) == And((Word("facet", "facet"), Word("cervical", "cervic")))
    assert not indexable(expr)  # an OR with an exclusion as operand
    assert indexable(_parse("facet -lumbar").expr)
    assert not indexable(_parse("-lumbar").expr)


@pytest.mark.parametrize(
    ("text", "fts", "ts"),
    [
        ("facet blocks", '("facet" AND "blocks")', "('facet' & 'block')"),
        ('"facet blocks"', '"facet blocks"', "('facet' <-> 'block')"),
        ("injections*", '"injections"*', "'inject':*"),
        ("a OR b -c", '((("a" OR "b")) NOT "c")', "(('a' | 'b') & !'c')"),
    ],
)
def test_rendering_for_each_engine(text, fts, ts):
    expr = _parse(text).expr
    assert fts5(expr) == fts
    assert tsquery(expr) == ts


def test_quotes_inside_tokens_cannot_escape():
    # Tokens are letters and digits, so quotes never reach FTS5; the escaping is kept anyway.
    assert fts5(Word('a"b', "a")) == '"a""b"'
    assert tsquery(Word("x", "it's")) == "'it''s'"


_FTS = sqlite3.connect(":memory:")
_FTS.execute(f"CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='{TOKENIZE}')")
_FTS.execute("INSERT INTO t VALUES ('facet block injections', 'norco')")

# Text a user might type, weighted toward the characters the language gives meaning to.
_query_text = st.text(
    alphabet=st.sampled_from([*"abc xyz-*()\"|&:OR NOT AND outcome:year:é5/'\\;", "\x00"])
    | st.characters(),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(_query_text)
def test_any_text_parses_or_gives_a_query_error_and_renders_valid_fts5(text):
    try:
        parsed = _parse(text)
    except QueryError as exc:
        assert "\n" not in str(exc)
        return
    if parsed.expr is None:
        return
    for node in (parsed.expr, positive(parsed.expr)):
        if node is not None and indexable(node):
            # FTS5 accepts the expression: no syntax error whatever was typed.
            _FTS.execute("SELECT count(*) FROM t WHERE t MATCH ?", (fts5(node),)).fetchone()
    assert isinstance(parsed.expr, Word | Phrase | And | Or | Not)
