"""The real letters' text varied as other letters are written (the mutation test).

``mutate(text, truth, rng)`` draws the variations of ``variations.NAMES`` independently and
applies them to a letter's extracted text, finding items and header facts with the help of
its truth record; the truth still holds, but for hyphenated words (``tests`` joins them).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable

from scripts.letters.variations import (
    CHANCE,
    DATE_FORMATS,
    NAMES,
    OUTCOME_END,
    crlf,
    determination_item,
    furniture_line,
    header_lines,
    hyphen_point,
    numbered,
    outcome_own_line,
    reshape_markers,
    reword_headings,
    reword_labels,
)


def _header_facts(truth: dict, date_format: Callable[[dt.date], str]) -> list[tuple[str, str]]:
    facts = [("case_number", truth["case_number"])]
    for name in (
        "date_assigned",
        "letter_date",
        "priority",
        "date_of_injury",
        "ur_decision_date",
        "application_received",
    ):
        value = truth.get(name)
        if value is None:
            continue
        if name == "priority":
            facts.append((name, value.capitalize()))
        else:
            facts.append((name, date_format(dt.date.fromisoformat(value))))
    return facts


def _item_leads(text: str, truth: dict, start: int) -> list[tuple[int, re.Match[str]]]:
    """Where each truth item's line starts and its outcome marker, in order."""
    found = []
    for decision in truth["decisions"]:
        lead = decision.get("original_request") or decision["treatment"]
        words = lead.split()[:6]
        match = re.compile(r"\s+".join(map(re.escape, words))).search(text, start)
        if not match:
            return []
        outcome = OUTCOME_END.search(text, match.end())
        if not outcome:
            return []
        line_start = max(text.rfind("\n", 0, match.start()), text.rfind("\f", 0, match.start())) + 1
        found.append((line_start, outcome))
        start = outcome.end()
    return found


def mutate(text: str, truth: dict, rng: random.Random) -> tuple[str, list[str]]:
    """A real letter's text with variations drawn independently; returns the text and the
    names applied. The truth record still holds, but for hyphenated words (see tests)."""
    chosen = [name for name in NAMES if rng.random() < CHANCE]
    dates = [n for n in chosen if n in DATE_FORMATS]
    if len(dates) > 1:
        chosen = [n for n in chosen if n not in dates[1:]]
    if "header_one_column" in chosen and "header_two_column" in chosen:
        chosen.remove("header_one_column")
    applied = set()
    issues = re.search(r"IMR ISSUES, DECISIONS AND RATIONALES", text)
    start = issues.end() if issues else 0
    items = _item_leads(text, truth, start)
    if items and {"numbered_items", "outcome_own_line", "item_determination"} & set(chosen):
        pieces, last = [], 0
        for ordinal, (line_start, outcome) in enumerate(items, start=1):
            pieces.append(text[last:line_start])
            line = text[line_start : outcome.end()]
            if "item_determination" in chosen:
                line = determination_item(line, ordinal, rng)
                applied.add("item_determination")
            else:
                if "outcome_own_line" in chosen:
                    line = outcome_own_line(line)
                    applied.add("outcome_own_line")
                if "numbered_items" in chosen:
                    line = numbered(line, ordinal, rng)
                    applied.add("numbered_items")
            pieces.append(line)
            last = outcome.end()
        text = "".join(pieces) + text[last:]
    if "guideline_shape" in chosen:
        text, applied = reshape_markers(text, rng), applied | {"guideline_shape"}
    if "label_wording" in chosen:
        text, applied = reword_labels(text, rng), applied | {"label_wording"}
    case, wording = "heading_case" in chosen, "heading_wording" in chosen
    if case or wording:
        text = reword_headings(text, rng, case, wording)
        applied |= {n for n in ("heading_case", "heading_wording") if n in chosen}
    header_names = {
        "header_one_column",
        "header_two_column",
        "header_labels",
        "header_order",
        *dates,
    }
    if header_names & set(chosen):
        how = re.search(r"(?im)^[ \t]*HOW THE (?:IMR )?(?:FINAL )?DETERMINATION WAS MADE", text)
        if how:
            date_format = DATE_FORMATS[dates[0]] if dates else DATE_FORMATS["date_no_zeros"]
            lines = header_lines(
                _header_facts(truth, date_format),
                rng,
                "header_labels" in chosen,
                "header_order" in chosen,
                "header_two_column" in chosen,
            )
            text = "\n".join(lines) + "\n\n" + text[how.start() :]
            applied |= header_names & set(chosen)
    if "hyphenation" in chosen:
        text, done = _hyphenate_lines(text, rng)
        if done:
            applied.add("hyphenation")
    if "page_furniture" in chosen:
        text = _furniture(text, truth["case_number"], rng)
        applied.add("page_furniture")
    if "crlf" in chosen:
        text, applied = crlf(text), applied | {"crlf"}
    return text, sorted(applied)


def _mid_paragraph_breaks(text: str) -> list[int]:
    """Newlines with text on both sides (inside a paragraph)."""
    return [m.start() for m in re.finditer(r"(?<=\S)\n(?=\S)", text) if text[m.start() - 1] != ":"]


def _furniture(text: str, case_number: str, rng: random.Random) -> str:
    breaks = _mid_paragraph_breaks(text)
    if not breaks:
        return text
    chosen = sorted(rng.sample(breaks[len(breaks) // 3 :], min(2, len(breaks) // 2)))
    pages = max(2, text.rstrip("\f\n ").count("\f") + 1)
    out, last = [], 0
    for at in chosen:
        out.append(text[last:at])
        out.append("\n" + furniture_line(rng, case_number, rng.randint(2, pages), pages))
        last = at
    return "".join(out) + text[last:]


def _hyphenate_lines(text: str, rng: random.Random) -> tuple[str, bool]:
    """Up to three lines whose last word is long: its tail moved to the next line after a
    hyphen, as a word processor that hyphenates writes it."""
    candidates = [
        m for m in re.finditer(r"\b([a-z]{9,})\n(?=[a-z])", text) if m.start() > len(text) // 3
    ]
    if not candidates:
        return text, False
    out, last = [], 0
    for m in sorted(rng.sample(candidates, min(3, len(candidates))), key=lambda m: m.start()):
        word = m.group(1)
        cut = hyphen_point(word, rng)
        out.append(text[last : m.start()])
        out.append(f"{word[:cut]}-\n{word[cut:]} ")
        last = m.end()
    out.append(text[last:])
    return "".join(out), True
