"""A generated letter with variations (``generate_letters.py --variants``).

The layout module builds the letter as usual; this module then rewrites its paragraphs with
the variations of ``variations`` drawn for it (each independently), and adjusts the truth
where a variation changes what the letter says (a hyphenated word in a rationale, one shared
guideline and rationale section for every item). The truth record lists what was applied.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from imrdb.record import CaseRecord, Citation, Decision
from scripts.letters import variations as v
from scripts.letters.doc import BREAK, Document, Fixed, Para, Seg
from scripts.letters.records import STYLE, Item, LetterPlan
from scripts.letters.render import paginate

# Variations only a generated letter can carry: the professional letter's items listed with
# their outcomes under ISSUE AT DISPUTE, with one guideline and one rationale section.
SHARED_SECTIONS = "shared_sections"
NAMES = (*v.NAMES, SHARED_SECTIONS)
_HEADER_NAMES = {"header_one_column", "header_two_column", "header_labels", "header_order"}
# The header facts each layout states, in its own order.
_HEADER_FACTS = {
    "notice_2013": (
        "letter_date",
        "ur_decision_date",
        "date_of_injury",
        "application_received",
        "case_number",
    ),
    "final_letter_2014": (
        "case_number",
        "letter_date",
        "date_assigned",
        "date_of_injury",
        "ur_decision_date",
        "priority",
        "application_received",
    ),
    "documents_reviewed": (
        "case_number",
        "letter_date",
        "date_assigned",
        "date_of_injury",
        "ur_decision_date",
        "priority",
        "application_received",
    ),
    "professional_review": (
        "case_number",
        "letter_date",
        "date_assigned",
        "application_received",
        "ur_decision_date",
        "date_of_injury",
        "priority",
    ),
    "published_2016": (
        "case_number",
        "date_assigned",
        "letter_date",
        "priority",
        "date_of_injury",
        "ur_decision_date",
        "application_received",
    ),
}
# Labels of the header lines the layouts write (replaced when the header varies).
_HEADER_LABELS = {
    "Dated:",
    "Date of UR Decision:",
    "Date of Injury:",
    "IMR Application Received:",
    "MAXIMUS Case Number:",
    "IMR Case Number:",
    "Decision Date:",
    "Date Assigned:",
    "Application Received:",
    "UR Denial Date:",
    "Priority:",
}
_WORD = re.compile(r"\b[a-z]{9,}\b")


@dataclass
class Varied:
    document: Document
    record: CaseRecord
    applied: list[str]
    crlf: bool


def draw(rng: random.Random, layout: str) -> list[str]:
    """The variations of one letter, each drawn on its own; of exclusive ones, the first."""
    chosen = [name for name in NAMES if rng.random() < v.CHANCE]
    dates = [n for n in chosen if n in v.DATE_FORMATS]
    chosen = [n for n in chosen if n not in dates[1:]]
    if "header_one_column" in chosen and "header_two_column" in chosen:
        chosen.remove("header_one_column")
    if layout != "professional_review" and SHARED_SECTIONS in chosen:
        chosen.remove(SHARED_SECTIONS)
    return chosen


def _text(para: Para) -> str:
    return "".join("\n" if s.text == BREAK else s.text for s in para.segs)


def _segs(text: str, font: str = "body") -> list[Seg]:
    out: list[Seg] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append(Seg(BREAK))
        out.append(Seg(line, font))
    return out


def _header(plan: LetterPlan, rng: random.Random, chosen: list[str]) -> list[Para | Fixed]:
    record = plan.record
    dates = [n for n in chosen if n in v.DATE_FORMATS]
    write_date = v.DATE_FORMATS[dates[0] if dates else "date_no_zeros"]
    facts = []
    for name in _HEADER_FACTS[plan.layout]:
        value = getattr(record, name)
        if value is None:
            continue
        text = value.capitalize() if name == "priority" else value
        facts.append((name, text if isinstance(text, str) else write_date(value)))
    lines = v.header_lines(
        facts,
        rng,
        "header_labels" in chosen,
        "header_order" in chosen,
        two_columns=False,
    )
    if "header_two_column" not in chosen:
        return [Para(_segs(line), space=0.0) for line in lines]
    draws = [
        (72.0 if i % 2 == 0 else 320.0, 12.0 + (i // 2) * 15.0, "body", line)
        for i, line in enumerate(lines)
    ]
    return [Fixed(draws, 12.0 + (len(lines) + 1) // 2 * 15.0, space=12.0)]


def _replace_header(doc: Document, new: list[Para | Fixed]) -> None:
    """The layout's header lines (or table) out, ``new`` in at the first one's place."""
    first = None
    kept: list[Para | Fixed] = []
    for index, block in enumerate(doc.blocks):
        is_header = isinstance(block, Fixed) or (
            index < 40 and block.segs and block.segs[0].text.strip() in _HEADER_LABELS
        )
        if is_header:
            first = len(kept) if first is None else first
            continue
        kept.append(block)
    at = first if first is not None else 0
    doc.blocks = kept[:at] + new + kept[at:]


def _reword(doc: Document, rng: random.Random, chosen: list[str], layout: str) -> set[str]:
    applied: set[str] = set()
    case, wording = "heading_case" in chosen, "heading_wording" in chosen
    labels = "label_wording" in chosen
    label_choice = {label: rng.choice(others) for label, others in v.LABEL_WORDINGS.items()}
    for block in doc.blocks:
        if not isinstance(block, Para) or not block.segs:
            continue
        first = block.segs[0]
        key = first.text.strip()
        if (case or wording) and len(block.segs) == 1 and key in v.HEADING_WORDINGS:
            new = v.reword_headings(key, rng, case, wording)
            if new != key:
                block.segs = [Seg(new, first.font)]
                applied |= {n for n in ("heading_case", "heading_wording") if n in chosen}
        elif labels and key in label_choice:
            block.segs = [Seg(label_choice[key], first.font), *block.segs[1:]]
            applied.add("label_wording")
        elif labels and key == "Determination:" and layout == "professional_review":
            block.segs = [Seg(rng.choice(("Decision:", "Outcome:")), first.font), *block.segs[1:]]
            applied.add("label_wording")
    return applied


def _item_paragraphs(doc: Document, plan: LetterPlan) -> list[tuple[int, Item]]:
    """(block index, item) of each "<treatment>: Upheld" line, in order."""
    found, index = [], 0
    for item in plan.items:
        while index < len(doc.blocks):
            block = doc.blocks[index]
            text = _text(block) if isinstance(block, Para) else ""
            index += 1
            if item.decision.treatment in text and re.search(r":\s*(Upheld|Overturned)\s*$", text):
                found.append((index - 1, item))
                break
    return found


def _vary_items(doc: Document, plan: LetterPlan, rng: random.Random, chosen: list[str]) -> set:
    applied: set[str] = set()
    if plan.layout == "professional_review":
        return _vary_professional_items(doc, plan, rng, chosen)
    if plan.layout == "notice_2013":
        return applied
    for index, item in _item_paragraphs(doc, plan):
        line = _text(doc.blocks[index])
        ordinal = item.decision.ordinal
        if "item_determination" in chosen:
            line = v.determination_item(line, ordinal, rng)
            applied.add("item_determination")
        else:
            if "outcome_own_line" in chosen:
                line = v.outcome_own_line(line)
                applied.add("outcome_own_line")
            if "numbered_items" in chosen:
                line = v.numbered(line, ordinal, rng)
                applied.add("numbered_items")
        doc.blocks[index].segs = _segs(line)
    return applied


def _vary_professional_items(doc, plan, rng, chosen) -> set[str]:
    applied: set[str] = set()
    numbering = rng.choice(("{n}) ", "")) if "numbered_items" in chosen else "{n}. "
    for block in doc.blocks:
        if not isinstance(block, Para) or not block.segs:
            continue
        text = _text(block)
        match = re.match(r"(\d+)\. (.*)$", text)
        if match and "numbered_items" in chosen:
            block.segs = _segs(numbering.format(n=match.group(1)) + match.group(2))
            applied.add("numbered_items")
        is_outcome = block.segs[0].text.strip() in ("Determination:", "Decision:", "Outcome:")
        if is_outcome and "outcome_own_line" in chosen:
            label, outcome = block.segs[0].text, block.segs[1].text.strip()
            block.segs = [Seg(label, block.segs[0].font), Seg(BREAK), Seg(outcome)]
            applied.add("outcome_own_line")
    return applied


def _guideline_shapes(doc: Document, plan: LetterPlan, rng: random.Random) -> bool:
    """The "Decision based on ..." paragraphs in other sentence shapes (layouts 2, 3, 5)."""
    if STYLE[plan.layout] not in ("published", "classic"):
        return False
    items = iter(plan.items)
    item = None
    changed = False
    for block in doc.blocks:
        if not isinstance(block, Para) or len(block.segs) < 2:
            continue
        label = block.segs[0].text.strip().lower()
        if label.startswith("claims administrator"):
            item = next(items, None)
            cited = item.ca if item else ()
        elif item is not None and ("guideline" in label or "reviewer used" in label):
            cited = item.reviewer
        else:
            continue
        if not cited:
            continue
        sentences = [v.guideline_sentence(rng, w.source, w.text) for w in cited]
        block.segs = [block.segs[0], Seg(" " + " ".join(sentences))]
        changed = True
    return changed


def _guideline_order(doc: Document, plan: LetterPlan) -> bool:
    """ODG citations written topic first, chapter after (layouts with display titles)."""
    if STYLE[plan.layout] == "published":
        return False
    changed = False
    for item in plan.items:
        for w in (*item.ca, *item.reviewer):
            new = v.odg_topic_first(w.text, w.title) if w.source == "ODG" else None
            if not new:
                continue
            for block in doc.blocks:
                if isinstance(block, Para) and any(w.text in seg.text for seg in block.segs):
                    block.segs = [Seg(s.text.replace(w.text, new), s.font) for s in block.segs]
                    changed = True
    return changed


def _rationale_seg(doc: Document, rationale: str) -> tuple[Para, int] | None:
    """The paragraph and segment that hold an item's rationale (all of it)."""
    whole = " ".join(rationale.split())
    for block in doc.blocks:
        if isinstance(block, Para):
            for i, seg in enumerate(block.segs):
                if " ".join(seg.text.split()) == whole:
                    return block, i
    return None


def _hyphenate(doc: Document, decisions: list[Decision], rng: random.Random) -> bool:
    """A long word of up to two rationales split across a line break with a hyphen; the
    truth keeps it as the real letters' truth does ("neces- sary")."""
    done = False
    for n in rng.sample(range(len(decisions)), min(2, len(decisions))):
        d = decisions[n]
        found = _rationale_seg(doc, d.rationale or "") if d.rationale else None
        if not found:
            continue
        para, i = found
        words = list(_WORD.finditer(para.segs[i].text))
        if not words:
            continue
        k = rng.randrange(len(words))
        word = words[k]
        cut = v.hyphen_point(word.group(), rng)
        text = para.segs[i].text
        font = para.segs[i].font
        para.segs[i : i + 1] = [
            Seg(text[: word.start() + cut] + "-", font),
            Seg(BREAK),
            Seg(text[word.start() + cut :], font),
        ]
        nth = sum(1 for m in words[:k] if m.group() == word.group())
        decisions[n] = replace(d, rationale=_split_nth(d.rationale, word.group(), nth, cut))
        done = True
    return done


def _split_nth(text: str, word: str, nth: int, cut: int) -> str:
    matches = [m for m in re.finditer(rf"\b{word}\b", text)]
    m = matches[min(nth, len(matches) - 1)]
    return text[: m.start()] + word[:cut] + "- " + word[cut:] + text[m.end() :]


def _furniture(doc: Document, plan: LetterPlan, rng: random.Random) -> bool:
    """Page furniture drawn inside up to two rationale paragraphs, mid-sentence."""
    case = plan.record.case_number or ""
    pages = max(2, len(paginate(doc)))  # the furniture counts the letter's real pages
    done = False
    for d in rng.sample(plan.record.decisions, min(2, len(plan.record.decisions))):
        found = _rationale_seg(doc, d.rationale or "") if d.rationale else None
        if not found:
            continue
        para, i = found
        text = para.segs[i].text
        spaces = [m.start() for m in re.finditer(r" (?=[a-z])", text)]
        if len(spaces) < 6:
            continue
        at = rng.choice(spaces[2:-2])
        line = v.furniture_line(rng, case, rng.randint(2, pages), pages)
        font = para.segs[i].font
        para.segs[i : i + 1] = [
            Seg(text[:at], font),
            Seg(BREAK),
            Seg(line, "furniture"),
            Seg(BREAK),
            Seg(text[at + 1 :], font),
        ]
        done = True
    return done


def _shared_sections(doc: Document, plan: LetterPlan, rng: random.Random) -> list[Decision]:
    """The professional letter with its items listed as "<treatment>: Upheld" under ISSUE AT
    DISPUTE and one guideline and one rationale section for all of them."""
    from scripts.letters.professional_review import GUIDELINES_HEADING, RATIONALE_HEADING

    blocks = doc.blocks
    first = next(i for i, b in enumerate(blocks) if _text(b).startswith("Item 1:"))
    last = next(
        i for i, b in enumerate(blocks) if _text(b).strip().startswith("MEDICAL REVIEWER QUAL")
    )
    numbering = rng.choice(("{n}. ", "{n}) ", ""))
    listed = 0
    for block in blocks[:first]:
        match = re.match(r"(\d+)\. (.*)$", _text(block)) if isinstance(block, Para) else None
        if match and listed < len(plan.items):
            d = plan.items[listed].decision
            block.segs = _segs(
                f"{numbering.format(n=d.ordinal)}{d.treatment}: {d.outcome.capitalize()}"
            )
            listed += 1
    cited: list[Citation] = []
    for item in plan.items:
        for w in item.reviewer:
            c = Citation("reviewer", w.source, w.title, w.pages)
            if c not in cited:
                cited.append(c)
    new: list[Para | Fixed] = [Para([Seg(GUIDELINES_HEADING, "heading_small")], space=2)]
    written = {}
    for item in plan.items:
        for w in item.reviewer:
            written.setdefault((w.source, w.title, w.pages), w.text)
    for c in cited:
        new.append(
            Para(
                [Seg("Guideline:", "bold"), Seg(" " + written[c.source, c.title, c.pages])], space=0
            )
        )
    new.append(Para([Seg(RATIONALE_HEADING, "heading_small")], space=1))
    rationales = [item.decision.rationale or "" for item in plan.items]
    for text in rationales:
        new.append(Para([Seg(text)], space=0.5))
    doc.blocks = blocks[:first] + new + blocks[last:]
    shared = " ".join(rationales)
    return [replace(item.decision, citations=tuple(cited), rationale=shared) for item in plan.items]


def vary(plan: LetterPlan, doc: Document, rng: random.Random) -> Varied:
    """The letter ``doc`` (built from ``plan``) with its drawn variations applied."""
    chosen = draw(rng, plan.layout)
    applied: set[str] = set()
    decisions = list(plan.record.decisions)
    if SHARED_SECTIONS in chosen:
        decisions = _shared_sections(doc, plan, rng)
        applied.add(SHARED_SECTIONS)
        chosen = [n for n in chosen if n not in ("numbered_items", "outcome_own_line")]
    header = (_HEADER_NAMES | set(v.DATE_FORMATS)) & set(chosen)
    if header:
        _replace_header(doc, _header(plan, rng, chosen))
        applied |= header
    applied |= _vary_items(doc, plan, rng, chosen)
    if "guideline_shape" in chosen and _guideline_shapes(doc, plan, rng):
        applied.add("guideline_shape")
    if "guideline_order" in chosen and _guideline_order(doc, plan):
        applied.add("guideline_order")
    applied |= _reword(doc, rng, chosen, plan.layout)
    hyphens = "hyphenation" in chosen and SHARED_SECTIONS not in applied
    if hyphens and _hyphenate(doc, decisions, rng):
        applied.add("hyphenation")
    if "page_furniture" in chosen and _furniture(doc, plan, rng):
        applied.add("page_furniture")
    crlf = "crlf" in chosen
    if crlf:
        applied.add("crlf")
    record = replace(plan.record, decisions=tuple(decisions))
    return Varied(doc, record, sorted(applied), crlf)
