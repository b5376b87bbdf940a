"""A letter's facts: its ``CaseRecord`` plus what only the text needs (wordings, variants).

``plan_letter`` draws everything the truth depends on from one seeded ``random.Random``,
cheaply: the search benchmark builds hundreds of thousands of records and never renders
them. Choices that only change how the text looks (date formats, draw order, line breaks)
are left to the layout modules, which draw them from a second generator seeded the same way.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from imrdb.record import CaseRecord, Citation, Decision, final_determination_of
from scripts.letters import guidelines, prose
from scripts.letters.treatments import FAMILIES, Treatment, draw_treatment
from scripts.letters.vocab import REGIONS, SPECIALTIES, STATES, Region

LAYOUTS = (
    "notice_2013",
    "final_letter_2014",
    "documents_reviewed",
    "professional_review",
    "published_2016",
)
STYLE = {
    "notice_2013": "notice",
    "final_letter_2014": "classic",
    "documents_reviewed": "classic",
    "professional_review": "professional",
    "published_2016": "published",
}
# The span of letter dates each layout was (or, for the unconfirmed ones, plausibly) used in.
_DATES = {
    "notice_2013": (dt.date(2013, 6, 3), dt.date(2013, 12, 31)),
    "final_letter_2014": (dt.date(2013, 10, 1), dt.date(2015, 6, 30)),
    "documents_reviewed": (dt.date(2014, 6, 2), dt.date(2015, 12, 31)),
    "published_2016": (dt.date(2016, 6, 1), dt.date(2017, 6, 30)),
    "professional_review": (dt.date(2018, 1, 2), dt.date(2021, 12, 30)),
}
_SPECIALTY_NAMES, _SPECIALTY_WEIGHTS = zip(*SPECIALTIES, strict=True)
# Items per letter: mostly one to three, sometimes many (a real letter has 21).
_ITEM_COUNTS = (1, 2, 3, 4, 5, 6, 7, 9, 11, 14, 18, 22)
_ITEM_WEIGHTS = (50, 22, 11, 5, 4, 3, 1.6, 1.4, 0.9, 0.6, 0.4, 0.3)
UPHELD_SHARE = 0.6
_SIDES = ("left", "right")


class Rng(random.Random):
    """A seeded generator whose integer draws cost one ``random()`` call each.

    The standard ``_randbelow`` (rejection sampling on ``getrandbits``) dominated the cost of
    records; the bias of scaling a float is far below anything a synthetic corpus can show.
    """

    def _randbelow(self, n: int) -> int:
        return int(self.random() * n)

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


@dataclass(frozen=True)
class Item:
    """One disputed item: the record's decision plus how the letter words it."""

    request: Treatment
    decision: Decision
    ca: tuple[guidelines.Written, ...]  # empty: "did not cite any medical evidence"
    reviewer: tuple[guidelines.Written, ...]
    adopts: bool  # notice_2013: the reviewer "found the guideline ... relevant and appropriate"
    modified: str | None  # published_2016: "remaining" or "original" (see the docs)


@dataclass(frozen=True)
class Facts:
    """What the text states besides the record's fields."""

    age: int | None
    sex: str | None
    pronoun: str | None  # he | she | None: how the summary refers to the worker
    opening: int  # which wording of the summary's first sentence
    specialty: str
    states: tuple[str, ...]
    states_sep: str  # "," or ", " between licence states, as written
    variant: str  # classic layouts: "A" (sentence credentials) or "B" (information block)
    region: Region
    summary_injury: dt.date  # the injury date the summary gives (rarely not the header's)


@dataclass(frozen=True)
class LetterPlan:
    layout: str
    seed: int  # seeds the presentation choices
    record: CaseRecord
    items: tuple[Item, ...]
    facts: Facts


def case_number(index: int, seed: int, year: int) -> str:
    """Unique within one corpus: the index times a number coprime to 10**7, offset by seed."""
    return f"CM{year % 100:02d}-{(index * 7919 + seed * 104729 + 28462) % 10_000_000:07d}"


def _dates(rng: random.Random, layout: str) -> dict[str, dt.date]:
    start, end = _DATES[layout]
    letter = start + dt.timedelta(days=rng.randrange((end - start).days))
    assigned = letter - dt.timedelta(days=rng.randint(5, 40))
    application = assigned - dt.timedelta(days=rng.randint(1, 20))
    ur = application - dt.timedelta(days=rng.randint(3, 30))
    if rng.random() < 0.12:
        injury = ur - dt.timedelta(days=rng.randint(14, 180))
    else:
        injury = ur - dt.timedelta(days=rng.randint(365, 15 * 365))
    return {
        "letter_date": letter,
        "date_assigned": assigned,
        "application_received": application,
        "ur_decision_date": ur,
        "date_of_injury": injury,
    }


def _facts(rng: random.Random, layout: str, injury: dt.date) -> Facts:
    style = STYLE[layout]
    age: int | None = rng.randint(20, 72)
    sex: str | None = rng.choice(("male", "male", "male", "female", "female"))
    pronoun: str | None = "he" if sex == "male" else "she"
    roll = rng.random()
    # Sex not stated: classic letters often open "This 53 year-old injured worker ..." (as the
    # seed letter does); elsewhere the summary rarely refers to the worker by pronouns only.
    if roll < (0.3 if style == "classic" else 0.05):
        sex = None
    elif roll < 0.08:
        age = None
    elif roll < 0.09:
        age, sex, pronoun = None, None, None
    variant = "A" if style == "classic" and rng.random() < 0.6 else "B"
    sentence_credentials = style == "notice" or (style == "classic" and variant == "A")
    count = 1 if sentence_credentials else rng.choices((1, 2, 3), (55, 35, 10))[0]
    states = rng.sample(STATES, count)
    if count > 1 and "California" not in states and rng.random() < 0.5:
        states[rng.randrange(count)] = "California"
    summary_injury = injury
    if style == "published" and rng.random() < 0.03:  # the header and summary disagree
        summary_injury = injury + dt.timedelta(days=rng.randint(1, 40))
    return Facts(
        age=age,
        sex=sex,
        pronoun=pronoun,
        opening=rng.randrange(4),
        specialty=rng.choices(_SPECIALTY_NAMES, _SPECIALTY_WEIGHTS)[0],
        states=tuple(states),
        states_sep="," if rng.random() < 0.25 else ", ",
        variant=variant,
        region=rng.choice(REGIONS),
        summary_injury=summary_injury,
    )


def _citations(rng, request: Treatment, style: str) -> tuple[guidelines.Written, ...]:
    guides = guidelines.TOPICS[request.topic]
    cites = guidelines.draw_citations(rng, request.topic, request.region, style)
    written: list[guidelines.Written] = []
    for cite in cites:
        w = guidelines.write(cite, style, guides, request.generic)
        if all(w.text != other.text and w.title != other.title for other in written):
            written.append(w)
    return tuple(written)


def _modify(rng: random.Random, request: Treatment) -> tuple[str, str, str, str]:
    """(form, disputed treatment, original request, authorized) for a partly authorized request."""
    assert request.template and request.quantity
    total = request.quantity
    authorized = max(1, rng.choice((total // 2, total // 3, total - total // 4, total - 1)))
    original = request.template.replace("{q}", str(total))
    allowed = request.template.replace("{q}", str(authorized))
    if rng.random() < 0.25:
        return "original", original, original, allowed
    remaining = request.template.replace("{q}", str(total - authorized))
    if request.family != "drug" and rng.random() < 0.15:
        remaining = remaining[0].lower() + remaining[1:]  # real letters quote it mid-sentence
    return "remaining", remaining, original, allowed


def _item(rng: random.Random, ordinal: int, request: Treatment, style: str, facts: Facts) -> Item:
    outcome = "upheld" if rng.random() < UPHELD_SHARE else "overturned"
    treatment, original, authorized, modified = request.text, None, None, None
    if style == "published" and request.template and rng.random() < 0.25:
        modified, treatment, original, authorized = _modify(rng, request)
    ca: tuple[guidelines.Written, ...] = ()
    if style != "professional" and rng.random() >= 0.08:  # professional: reviewer's only
        ca = _citations(rng, request, style)
    adopts = style == "notice" and bool(ca) and rng.random() < 0.35
    reviewer = ca if adopts else _citations(rng, request, style)
    region = request.region or facts.region
    site = region.name
    if region.sided:
        words = request.text.lower().split()
        side = "left" if "left" in words else "right" if "right" in words else rng.choice(_SIDES)
        site = f"{side} {region.name}"
    text = prose.rationale(
        rng,
        request.topic,
        outcome,
        treatment,
        reviewer[0].source,
        site,
        request.drug_name,
        notice=style == "notice",
    )
    citations = tuple(
        Citation(party, w.source, w.title, w.pages)
        for party, cited in (("claims_administrator", ca), ("reviewer", reviewer))
        for w in cited
    )
    decision = Decision(
        ordinal=ordinal,
        treatment=treatment,
        outcome=outcome,
        category=request.category,
        citations=citations,
        rationale=text,
        original_request=original,
        authorized=authorized,
    )
    return Item(request, decision, ca, reviewer, adopts, modified)


def _requests(rng: random.Random, count: int, region: Region, dos: str) -> list[Treatment]:
    requests: list[Treatment] = []
    seen: set[str] = set()
    while len(requests) < count:
        request = draw_treatment(rng, region, dos)
        if request.text.lower() not in seen:
            seen.add(request.text.lower())
            requests.append(request)
    return requests


def plan_letter(layout: str, index: int, seed: int) -> LetterPlan:
    """Every fact of letter ``index`` of the corpus ``seed``, in layout ``layout``."""
    letter_seed = seed * 1_000_003 + index
    rng = Rng(letter_seed)
    style = STYLE[layout]
    dates = _dates(rng, layout)
    facts = _facts(rng, layout, dates["date_of_injury"])
    count = rng.choices(_ITEM_COUNTS, _ITEM_WEIGHTS)[0]
    dos_day = dates["ur_decision_date"] - dt.timedelta(days=rng.randint(10, 60))
    dos = f"{dos_day.month}/{dos_day.day}/{dos_day.year % 100:02d}"
    requests = _requests(rng, count, facts.region, dos)
    items = tuple(_item(rng, i, r, style, facts) for i, r in enumerate(requests, start=1))
    priority = None
    if style != "notice":
        priority = "expedited" if rng.random() < 0.06 else "standard"
    record = CaseRecord(
        case_number=case_number(index, seed, dates["letter_date"].year),
        priority=priority,
        final_determination=final_determination_of([i.decision.outcome for i in items]),
        patient_age=facts.age,
        patient_sex=facts.sex,
        reviewer_specialty=facts.specialty,
        reviewer_license_state=", ".join(facts.states),
        decisions=tuple(i.decision for i in items),
        layout=layout,
        **dates,
    )
    return LetterPlan(layout, letter_seed, record, items, facts)


def summary_opening(plan: LetterPlan, injury: str) -> str:
    """The summary's first sentence(s), stating age and sex as the record has them."""
    facts, style = plan.facts, STYLE[plan.layout]
    age, sex = facts.age, facts.sex
    if age is not None and sex is not None:
        forms = {
            "published": (
                f"The injured worker is a {age} year old {sex} who sustained an industrial "
                f"injury on {injury}.",
                f"The injured worker is a now {age}-year-old {sex}, who sustained an industrial "
                f"injury on {injury}.",
                f"This is a {age} year old {sex} who reported an industrial injury on {injury}.",
                f"The injured worker is a {age}-year-old {sex} who was injured at work on "
                f"{injury}.",
            ),
            "classic": (
                f"The patient is a {age} year old {sex} who sustained an injury on {injury} "
                "while employed by  .",
                f"This is a {age}-year-old {sex} with a date of injury of {injury}.",
                f"This {age} year-old {sex} sustained an injury on {injury} while employed by  .",
                f"The patient is a {age}-year-old {sex} who was injured on {injury}.",
            ),
            "notice": (
                f"The patient is a {age}-year-old {sex} who reported an injury on {injury}.",
                f"The underlying date of injury in this case is {injury}. The patient is a "
                f"{age} year old {sex}.",
                f"The patient is a {age} year old {sex} who was injured on {injury} while "
                "employed by  .",
                f"This {age}-year-old {sex} reported a work injury on {injury}.",
            ),
            "professional": (
                f"The patient is a {age}-year-old {sex} who was injured on {injury} while "
                "working as a warehouse associate.",
                f"The patient is a {age}-year-old {sex} with a date of injury of {injury}.",
                f"This {age} year old {sex} was injured at work on {injury}.",
                f"The patient is a {age} year old {sex} who sustained a work injury on {injury}.",
            ),
        }[style]
        return forms[facts.opening]
    if age is not None:
        return (
            f"This {age} year-old injured worker sustained an injury on {injury} while employed "
            "by  ."
            if style == "classic"
            else f"This {age} year old injured worker sustained an industrial injury on {injury}."
        )
    if sex is not None:
        return f"The injured worker is a {sex} who sustained an industrial injury on {injury}."
    return f"The injured worker sustained an industrial injury on {injury}."


__all__ = ["FAMILIES", "LAYOUTS", "STYLE", "Item", "LetterPlan", "plan_letter", "summary_opening"]
