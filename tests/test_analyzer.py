"""The Python analyzer makes exactly the terms SQLite FTS5's porter tokenizer makes.

PostgreSQL is indexed with these terms, so any difference here would be a difference
between the two engines' search results.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from imrdb.search import analyzer
from imrdb.search.index.sqlite_ddl import TOKENIZE

# Words where the C porter and the Snowball porter part ways, and tokenizer edge cases.
EDGE_CASES = [
    "anesthesiology",  # C porter's step 2 rule -logi -> -log
    "psychology",
    "apology",
    "is",  # under 3 bytes: never stemmed
    "vs",
    "as",
    "L4-5",  # split on the hyphen
    "10/325mg",
    "Norco®",
    "Café",  # diacritics removed
    "naïve",
    "hydrocodone-acetaminophen",
    "x" * 70,  # over 64 bytes: never stemmed
    "notmedically",
    "it's",
    "under_score",
]


def _fts5_terms(texts: list[str]) -> list[list[str]]:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(a, tokenize='{TOKENIZE}')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    conn.executemany("INSERT INTO t(rowid, a) VALUES (?, ?)", enumerate(texts, start=1))
    out: list[list[tuple[int, str]]] = [[] for _ in texts]
    for term, doc, _col, offset in conn.execute("SELECT term, doc, col, offset FROM v"):
        out[doc - 1].append((offset, term))
    return [[term for _, term in sorted(terms)] for terms in out]


def test_edge_cases_match_fts5():
    assert [analyzer.terms(t) for t in EDGE_CASES] == _fts5_terms(EDGE_CASES)


def test_real_letter_vocabulary_matches_fts5(real_letters):
    from imrdb.extract import extract_text

    words: set[str] = set()
    for pdf in sorted(real_letters.glob("*.pdf"))[:40]:
        words.update(re.findall(r"\S+", extract_text(pdf.read_bytes()).text))
    sample = sorted(words)
    mismatches = [
        (w, ours, theirs)
        for w, ours, theirs in zip(
            sample, map(analyzer.terms, sample), _fts5_terms(sample), strict=True
        )
        if ours != theirs
    ]
    assert len(sample) > 2000
    assert mismatches == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Facet Blocks", ["facet", "block"]),  # stems and case
        ("injections", ["inject"]),
        ("medial branch block", ["medial", "branch", "block"]),
    ],
)
def test_terms(text, expected):
    assert analyzer.terms(text) == expected
