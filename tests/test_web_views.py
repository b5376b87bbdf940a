"""What the search page's links say, as pure functions of a URL's parameters: a facet value
adds itself or, chosen already (however it was typed), removes itself; chips remove one
value; the pager keeps the rest of the state."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from imrdb.search.facets import Facet
from imrdb.web import views
from imrdb.web.params import read


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_facet_value_adds_itself_and_a_chosen_one_removes_itself():
    params = read({"q": ["pain"], "category": ["physical medicine"], "offset": ["40"]})
    facet = Facet("category", (("physical_medicine", 5), ("injections", 3), (None, 1)), False)
    chosen, other, none = views.facet_links(params, "category", facet)
    assert chosen.selected and _query(chosen.url) == {"q": ["pain"]}  # typed loosely, removed
    assert not other.selected
    assert _query(other.url) == {"q": ["pain"], "category": ["physical medicine", "injections"]}
    assert none.url is None and none.label == "(none)"  # no filter chooses "no value"


def test_a_facet_without_a_filter_of_its_name_is_shown_without_links():
    params = read({"q": ["pain"]})
    links = views.facet_links(params, "nonesuch", Facet("nonesuch", (("lumbar", 2),), False))
    assert [(link.label, link.count, link.url) for link in links] == [("lumbar", 2, None)]


def test_chips_and_pager_keep_the_rest_of_the_state():
    params = read({"q": ["knee"], "year": ["2014", "2015"], "limit": ["10"], "offset": ["10"]})
    chips = views.chips(params)
    assert [(c.name, c.value) for c in chips] == [("Year", "2014"), ("Year", "2015")]
    assert _query(chips[0].remove_url) == {"q": ["knee"], "year": ["2015"], "limit": ["10"]}
    pager = views.pager(params, shown=10, total=35)
    assert (pager.first, pager.last, pager.total) == (11, 20, 35)
    assert _query(pager.previous_url) == {"q": ["knee"], "year": ["2014", "2015"], "limit": ["10"]}
    assert _query(pager.next_url)["offset"] == ["20"]
    assert views.pager(params, shown=5, total=15).next_url is None


def test_codes_show_their_labels_and_still_link_by_code():
    params = read({"q": ["pain"], "case_outcome": ["partial"]})
    facet = Facet("case_outcome", (("partially_overturned", 4), ("upheld", 9)), False)
    partial, upheld = views.facet_links(params, "case_outcome", facet)
    assert (partial.label, partial.selected) == ("Partially overturned", True)
    assert _query(partial.url) == {"q": ["pain"]}
    assert upheld.label == "Upheld"
    assert _query(upheld.url)["case_outcome"] == ["partial", "upheld"]
    sub = Facet("subcategory", (("pm_physical_therapy", 3),), False)
    (therapy,) = views.facet_links(params, "subcategory", sub)
    assert therapy.label == "Physical therapy"
    assert _query(therapy.url)["subcategory"] == ["pm_physical_therapy"]
    (chip,) = views.chips(params)
    assert (chip.name, chip.value) == ("Case outcome", "Partially overturned")


def test_a_guideline_links_by_its_catalog_name_and_an_ambiguous_title_is_not_linked():
    name = "ODG Low Back - Lumbar and Thoracic"
    params = read({"guideline_name": ["odg low back"]})
    facet = Facet("guideline_name", ((name, 7), ("Pain", 2), ("Harrison's", 1)), False)
    chosen, pain, other = views.facet_links(params, "guideline_name", facet)
    assert chosen.selected and chosen.label == name and _query(chosen.url) == {}
    assert pain.url is None  # "Pain" reads as several catalog names: clicking would fail
    assert _query(other.url)["guideline_name"] == ["odg low back", "Harrison's"]


def test_the_sidebar_keeps_the_issues_order_and_appends_what_it_does_not_know():
    names = ["outcome", "category", "guideline", "specialty", "year", "priority"]
    names += ["subcategory", "drug_class", "newcomer", "guideline_name", "case_outcome"]
    facets = {name: Facet(name, (), False) for name in names}
    order = [name for name, _ in views.sidebar(facets)]
    assert order == [
        *("outcome", "category", "subcategory", "guideline", "guideline_name", "specialty"),
        *("year", "priority", "case_outcome", "drug_class", "newcomer"),
    ]
