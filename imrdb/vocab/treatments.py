"""A treatment as written -> its place in the taxonomy: subcategory, normalized treatment,
drug, class, brand, strength, quantity and body region.

``classify("Norco 10/325mg #120", "pharmaceuticals")`` gives subcategory ``opioids``, drug
``hydrocodone/acetaminophen``, brand ``Norco``, strength ``10/325 mg``, quantity 120, so
counts group by what was asked for, not by how its strength was spelled. Pure and cached:
a reparse meets the same few thousand wordings a million times.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from imrdb.vocab import categories, doses, drugs, procedures, regions, subcategories


@dataclass(frozen=True)
class TreatmentFacts:
    subcategory: str
    normalized: str  # the generic drug (with its topical form) or the procedure
    drug: str | None = None  # generic name(s), "/"-joined
    drug_class: str | None = None
    brand: str | None = None  # as written
    strength: str | None = None
    quantity: int | None = None
    body_region: str | None = None
    placed: bool = True  # False: the vocabulary knew neither the drug nor the procedure


# A form applied to the skin: placed with topical analgesics unless compounded.
_TOPICAL = re.compile(
    r"\b(?P<form>patch(?:es)?|pads?|creams?|gels?|ointments?|lotions?|sprays?|roll-on|"
    r"topical|transdermal|foam|liniment)\b",
    re.IGNORECASE,
)
_SUSPENSION = re.compile(r"\boral suspension\b|\bsuspension\b", re.IGNORECASE)
_COMPOUND = re.compile(r"\bcompound\w*|\b(?:cream|gel|lotion) base\b", re.IGNORECASE)
_FORMS = {
    "patches": "patch",
    "pad": "patch",
    "pads": "patch",
    "creams": "cream",
    "gels": "gel",
    "ointments": "ointment",
    "lotions": "lotion",
    "sprays": "spray",
}
# Where a name the vocabulary does not know ends: a dose, a count, a bracket, a clause.
_NAME_END = re.compile(
    r"[\d#(,;:]|\s(?:x|times|for|per|with|to|of|q\d|one|two|three|every|as needed)\b",
    re.IGNORECASE,
)


def _unknown_name(text: str) -> str:
    """The treatment's own words, lower-cased, up to its first dose, count or clause."""
    end = _NAME_END.search(text)
    name = text[: end.start()] if end and end.start() > 0 else text
    return " ".join(name.lower().split()) or " ".join(text.lower().split())


def _form(text: str) -> str | None:
    topical = _TOPICAL.search(text)
    if topical:
        word = topical.group("form").lower()
        return None if word in ("topical", "transdermal") else _FORMS.get(word, word)
    return "oral suspension" if _SUSPENSION.search(text) else None


def _pharmaceutical(text: str, region: str | None) -> TreatmentFacts:
    found = drugs.mentions(text)
    topical = _TOPICAL.search(text) is not None
    compounded = (
        _COMPOUND.search(text) is not None
        or any(m.compounded for m in found)
        or (topical and len(found) > 1)
    )
    form = _form(text) or ("compound" if compounded and len(found) == 1 else None)
    common = dict(strength=doses.strength(text), quantity=doses.quantity(text), body_region=region)
    if not found:
        sub = "compounded_drugs" if compounded else "topical_analgesics" if topical else None
        return TreatmentFacts(
            sub or subcategories.default("pharmaceuticals"),
            _unknown_name(text),
            placed=False,
            **common,
        )
    generic = "/".join(dict.fromkeys(m.generic for m in found))
    classes = {m.drug_class for m in found}
    drug_class = classes.pop() if len(classes) == 1 else "compounded_drugs"
    if compounded:
        sub = "compounded_drugs"
    elif topical and drug_class != "opioids":  # a fentanyl patch is still an opioid
        sub = "topical_analgesics"
    else:
        sub = drug_class
    if sub not in subcategories.codes("pharmaceuticals"):
        sub = subcategories.default("pharmaceuticals")
    brand = next((m.brand for m in found if m.brand), None)
    normalized = f"{generic} {form}" if form else generic
    return TreatmentFacts(sub, normalized, generic, drug_class, brand, **common)


def _service(text: str, category: str, region: str | None) -> TreatmentFacts:
    found = procedures.named(text, category)
    if found and found.subcategory:
        sub = found.subcategory
    elif subcategories.placed_by(category) == "body_region":
        sub = subcategories.by_region(category, region)
    else:
        sub = subcategories.default(category)
    return TreatmentFacts(
        sub,
        found.name if found else _unknown_name(text),
        quantity=doses.quantity(text),
        body_region=region,
        placed=found is not None,
    )


@lru_cache(maxsize=65536)
def classify(treatment: str, category: str | None = None) -> TreatmentFacts:
    """The taxonomy facts of one treatment; ``category`` as stored (derived when None)."""
    if category not in subcategories.categories():
        category = categories.categorize(treatment)
    text = " ".join(categories.service(treatment).split())
    region = regions.first(text)
    if category == "pharmaceuticals":
        return _pharmaceutical(text, region)
    return _service(text, category, region)


def unplaced(
    items: Iterable[tuple[str, str | None]],
) -> list[tuple[str, str | None, str, int]]:
    """What the vocabulary cannot place: (treatment, category, name used, times seen), most
    frequent first, so a domain expert knows which entries to add."""
    counts = Counter(items)
    rows = [
        (treatment, category, classify(treatment, category).normalized, n)
        for (treatment, category), n in counts.items()
        if not classify(treatment, category).placed
    ]
    return sorted(rows, key=lambda row: (-row[3], row[0]))
