"""Words to index terms, exactly as SQLite FTS5's ``porter unicode61`` tokenizer makes them.

SQLite tokenizes and stems inside FTS5; PostgreSQL gets the same terms from this module
(as a ``tsvector`` built here), so both engines index, match and count identically.
PostgreSQL's own ``english`` configuration would not: it stems with Porter2 and drops stop
words such as "not", which would make "not medically necessary" match "medically
necessary". ``tests/test_analyzer.py`` checks this module against FTS5 itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

# unicode61: a token is a run of letters and numbers; everything else separates.
_TOKEN = re.compile(r"[^\W_]+")
# FTS5's porter passes tokens shorter than 3 or longer than 64 bytes through unstemmed.
_PORTER_MIN, _PORTER_MAX = 3, 64
_VOWELS = frozenset("aeiou")

_porter = Stemmer.Stemmer("porter")


def fold(token: str) -> str:
    """Lower case without diacritics (unicode61 ``remove_diacritics 2``)."""
    if token.isascii():
        return token.lower()
    decomposed = unicodedata.normalize("NFD", token.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _measure(word: str) -> int:
    """Porter's m: the number of vowel-consonant sequences in ``word``."""
    m, previous_vowel = 0, False
    for i, ch in enumerate(word):
        vowel = ch in _VOWELS or (ch == "y" and i > 0 and word[i - 1] not in _VOWELS)
        if previous_vowel and not vowel:
            m += 1
        previous_vowel = vowel
    return m


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """The porter stem of one folded token, as FTS5 computes it.

    FTS5's porter is Martin Porter's C version, which differs from the Snowball "porter"
    in one rule ("-logi" -> "-log" in step 2) and in leaving very short or long tokens alone.
    """
    if not _PORTER_MIN <= len(token.encode()) <= _PORTER_MAX:
        return token
    stemmed = _porter.stemWord(token)
    if stemmed.endswith("logi") and _measure(stemmed[:-4]) > 0:
        stemmed = stemmed[:-1]
    return stemmed


def words(text: str) -> list[str]:
    """The folded tokens of ``text``, in order (no stemming)."""
    return [fold(t) for t in _TOKEN.findall(text)]


@lru_cache(maxsize=200_000)
def term(token: str) -> str:
    """The index term of one token as written (folded and stemmed)."""
    return stem(fold(token))


def terms(text: str) -> list[str]:
    """The index terms of ``text`` in order: token positions as FTS5 counts them."""
    return list(map(term, _TOKEN.findall(text)))


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term) for each token: what snippets highlight."""
    return [(m.start(), m.end(), stem(fold(m.group()))) for m in _TOKEN.finditer(text)]
