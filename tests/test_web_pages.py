"""The pages' contents, on SQLite and PostgreSQL: a guideline page's counts equal what the
letters say (counted here in Python), a case page shows every fact, citation and link of
its record, similar decisions keep to their rules, and typed case numbers find the case."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from imrdb.present import case_view
from imrdb.search import joined_facets
from imrdb.vocab import guidelines, labels
from imrdb.vocab.treatments import classify
from tests.support import search_corpus
from tests.support.web import served_corpus

LETTERS, SEED = 150, 7


@pytest.fixture(scope="module")
def letters():
    return search_corpus.corpus(LETTERS, SEED)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request, tmp_path_factory, letters):
    with served_corpus(request.param, tmp_path_factory.mktemp("pages"), letters) as (_, client):
        yield client


def _record(letters, number):
    return next(r for _, r in letters if r.case_number == number)


def test_a_case_page_shows_its_record_with_links_to_every_catalogued_citation(client, letters):
    document, record = letters[5]
    page = client.get(f"/cases/{record.case_number}").text
    assert case_view.citation_line(record).replace("'", "&#39;") in page
    assert document.path.rsplit("/", 1)[-1] in page  # the source document's name
    for d in record.decisions:
        assert f'id="item-{d.ordinal}"' in page
        assert f"/cases/{record.case_number}/similar/{d.ordinal}" in page
    cited = sum(len(d.citations) for d in record.decisions)
    assert len(re.findall(r'class="guideline" href="/guidelines/\d+"', page)) == cited


def test_typed_case_numbers_find_the_case_and_unknown_ones_get_suggestions(client, letters):
    number = letters[2][1].case_number
    typed = number.lower().replace("-", " ")
    answer = client.get(f"/cases/{typed}?q=pain", follow_redirects=False)
    assert answer.status_code == 308
    assert answer.headers["location"] == f"/cases/{number}?q=pain"
    missing = client.get(f"/cases/{number[:-1]}X")
    assert missing.status_code == 404
    assert "no case" in missing.text and "in this database" in missing.text


def test_words_from_the_search_are_marked_on_the_case_page(client, letters):
    record = letters[9][1]
    word = record.decisions[0].treatment.split()[0]
    page = client.get(f"/cases/{record.case_number}", params={"q": word}).text
    marked = re.findall(r"<mark>(.*?)</mark>", page)
    assert marked and all(m.lower().startswith(word.lower()[:3]) for m in marked)
    assert "Back to the search" in page


def test_a_guideline_page_counts_what_the_letters_say(client, letters):
    record = letters[0][1]
    page = client.get(f"/cases/{record.case_number}").text
    guideline_id = re.search(r'href="/guidelines/(\d+)"', page)[1]
    answer = client.get(f"/api/guidelines/{guideline_id}").json()
    by_year, by_party, decisions = Counter(), Counter(), set()
    for _, other in letters:
        for d in other.decisions:
            citing = [
                c
                for c in d.citations
                if c.source == answer["source"]
                and guidelines.lookup(c.source, c.title)[0] == answer["name"]
            ]
            if not citing:
                continue
            decisions.add((other.case_number, d.ordinal))
            year = str(other.letter_date.year) if other.letter_date else "(no date)"
            by_year[(year, d.outcome)] += 1
            for party in {c.cited_by for c in citing}:
                by_party[(party.replace("_", " "), d.outcome)] += 1
    assert answer["total"]["decisions"] == len(decisions)
    got_year = Counter()
    for row in answer["by_year"]:
        got_year[(row["label"], "upheld")] += row["upheld"]
        got_year[(row["label"], "overturned")] += row["overturned"]
    assert +got_year == by_year
    got_party = Counter()
    for row in answer["by_cited_by"]:
        got_party[(row["label"], "upheld")] += row["upheld"]
        got_party[(row["label"], "overturned")] += row["overturned"]
    assert +got_party == by_party
    listed = {(d["case_number"], d["ordinal"]) for d in answer["decisions"]}
    assert listed == decisions or len(listed) == 50
    html = client.get(f"/guidelines/{guideline_id}").text
    assert f"Cited in {len(decisions):,} decision" in html
    search = re.search(r'class="search-link" href="([^"]+)"', html)[1].replace("&amp;", "&")
    assert "guideline_name=" in search
    found = client.get("/api/search" + search[1:]).json()  # the same decisions, searched
    assert found["total"] == len(decisions)


def _names(decision) -> set[str]:
    return {guidelines.lookup(c.source, c.title)[0] for c in decision.citations}


def test_similar_decisions_share_the_subcategory_a_guideline_and_words(client, letters):
    cited = [(r, d) for _, r in letters for d in r.decisions if d.citations]
    checked = 0
    for record, d in cited[:8]:
        page = client.get(f"/cases/{record.case_number}/similar/{d.ordinal}")
        assert page.status_code == 200
        listed = page.text.split('<ol class="cited-by">', 1)[-1]
        found = re.findall(r'href="/cases/([^"#]+)#item-(\d+)">', listed)
        subcategory = classify(d.treatment, d.category).subcategory
        assert subcategory, "the generator's treatments are all in the taxonomy"
        assert labels.label("subcategory", subcategory) in page.text  # the basis, in words
        shared = [int(n) for n in re.findall(r"(\d+) words? shared", page.text)]
        assert shared == sorted(shared, reverse=True)
        for number, ordinal in found:
            assert number != record.case_number
            other = next(x for x in _record(letters, number).decisions if x.ordinal == int(ordinal))
            assert classify(other.treatment, other.category).subcategory == subcategory
            assert _names(d) & _names(other), (d.treatment, other.treatment)
            checked += 1
    assert checked >= 10, "the corpus repeats treatments: something is similar"
    record = cited[0][0]
    assert client.get(f"/cases/{record.case_number}/similar/99").status_code == 404


def test_facets_the_library_did_not_count_say_so_in_the_sidebar(client, monkeypatch):
    monkeypatch.setattr(joined_facets, "LIMIT", 3)  # a corpus of 150 letters is over it
    answer = client.get("/api/search", params={"q": "therapy", "facets": "1", "limit": "3"})
    facets = answer.json()["facets"]
    for name in joined_facets.NAMES:
        assert facets[name] == {
            "values": [],
            "truncated": False,
            "not_counted": "not counted over more than 3 decisions",
        }
    page = client.get("/", params={"q": "therapy", "limit": "3"}).text
    section = page.split('data-facet="guideline_name"', 1)[1].split("</section>", 1)[0]
    assert "Not counted over more than 3 decisions" in section
    assert "<a " not in section
