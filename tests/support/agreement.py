"""The engine-agreement table: the queries SQLite, PostgreSQL, the Python oracle, the CLI
and the web API must answer alike (tests/test_search_engines.py, tests/test_web_api.py)."""

from __future__ import annotations

# (query, filters, options): every operator and filter; a comment names what each row tests.
QUERIES = [
    ("facet block", {"outcome": ["upheld"], "guideline": ["ODG"]}, {}),  # the question itself
    ("facet blocks outcome:upheld guideline:ODG", {}, {}),  # the same, filters inline, plural
    ('"medial branch"', {}, {}),  # phrase
    ('"epidural steroid injection"', {}, {}),  # three-word phrase
    ("norco OR hydrocodone", {}, {}),  # OR
    ("acupuncture -electro", {}, {}),  # exclusion
    ("acupuncture NOT electro", {}, {}),  # NOT as a word
    ("inject*", {}, {}),  # prefix (stemmed, as FTS5 stems it)
    ('"urine drug"*', {}, {}),  # phrase with a prefix last word
    ("(mri OR x-ray) lumbar", {}, {}),  # parentheses; a hyphenated word is a phrase
    ("tens unit", {"category": ["dmepos"]}, {}),  # category filter
    ("physical therapy", {"year": ["2014", "2015"]}, {}),  # a filter with two values: OR
    ("therapy", {"since": ["2016-01-01"], "until": ["2017-06"]}, {}),  # date range
    ("surgery", {"priority": ["expedited"]}, {}),  # priority
    ("pain", {"specialty": ["pain medicine"]}, {}),  # specialty through the vocabulary
    ("medically necessary", {"guideline": ["OTHER"], "cited_by": ["reviewer"]}, {}),  # party
    ("guidelines", {"cited_by": ["claims administrator"]}, {"limit": 7}),  # cited-by alone
    ("recommend -outcome:upheld -priority:standard", {}, {}),  # excluded filter values
    ("", {"outcome": ["overturned"], "category": ["injections"]}, {}),  # filters only
    ("-pain -knee", {}, {}),  # exclusions only
    ("esi OR -mtus", {}, {}),  # an OR with an exclusion (not one MATCH)
    ("ESI", {}, {"expand": True}),  # synonyms
    ("facet block", {}, {"expand": True}),  # multi-word synonyms
    ("maximus", {}, {"scope": "letter"}),  # whole letter
    ('"independent medical review" california', {}, {"scope": "letter", "limit": 5}),
    ("chronic pain", {}, {"sort": "date"}),  # oldest first
    ("chronic pain", {}, {"sort": "-date", "offset": 15, "limit": 10}),  # newest first, page 2
    ("pain", {}, {"offset": 40, "limit": 15}),  # relevance page crossing tiers
    ("knee", {}, {"offset": 3, "limit": 5}),  # an early page of a ranked word
    ("case:{case} ", {}, {}),  # case number inline (filled from the corpus)
    ('case:"{case_typed}"', {}, {}),  # as show takes it: "cm14 0087654"
    ("", {"subcategory": ["opioids"]}, {}),  # taxonomy: a drug class's subcategory
    ("pain", {"drug": ["Norco"]}, {}),  # a brand finds its generic
    ("", {"drug_class": ["nsaids"], "outcome": ["upheld"]}, {}),  # drug class with outcome
    ("therapy", {"body_region": ["lumbar"]}, {}),  # body region
    ("-subcategory:injection_epidural category:injections", {}, {}),  # excluded subcategory
    ("", {"case_outcome": ["partial"]}, {}),  # the letter's determination, by a part
    ("", {"injured_since": ["2013-01"], "injured_until": ["2013-12"]}, {}),  # injury dates
    ("mri", {"received_since": ["2015-01-01"], "received_until": ["2015-12-31"]}, {}),
    ("diagnosis:radiculopathy treatment:mri", {}, {}),  # diagnosis and treatment fields
    ("treatment:hydrocodone", {}, {}),  # the generic of "Norco ..." as well as the wording
    ('rationale:"medically necessary" -drug-class:opioids category:pharm', {}, {}),
    ("", {"guideline_name": ["ODG Low Back"]}, {}),  # a catalog guideline by a unique prefix
    ("pain", {"guideline_name": ["chronic pain medical"], "cited_by": ["reviewer"]}, {}),
    ('therapy -cites:"ODG Preface"', {}, {}),  # excluded guideline, inline under an alias
]
