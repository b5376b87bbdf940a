"""Letter text -> CaseRecord: pure functions, no files, no database.

``parse_letter(text)`` returns a ``CaseRecord`` or raises ``ParseError`` with the reason.
The text is read as extracted (pages separated by form feeds); spans in the record are
offsets into exactly that text.
"""

from __future__ import annotations

from dataclasses import replace

from imrdb.parse import diagnoses, fields, gaps
from imrdb.parse.bundle import split_letters
from imrdb.parse.detect import detect
from imrdb.parse.errors import ParseError
from imrdb.parse.layouts import final_letter, notice, professional, published
from imrdb.parse.text import normalize_breaks, prepare
from imrdb.record import CaseRecord

PARSER_VERSION = "1.0"
MAX_LETTER = 2_000_000  # characters; far beyond any real letter (21 items is ~60 kB)


def parse_letter(text: str) -> CaseRecord:
    """The case record of one letter's text."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty text")
    if len(text) > MAX_LETTER:
        raise ParseError(f"text too long for a letter ({len(text):,} characters)")
    clean = prepare(text)  # same length: spans stay valid for ``text``
    layout = detect(clean)
    if layout == published.LAYOUT:
        record = published.parse(clean)
    elif layout in (final_letter.FINAL_LETTER, final_letter.DOCUMENTS_REVIEWED):
        record = final_letter.parse(clean, layout)
    elif layout == notice.LAYOUT:
        record = notice.parse(clean)
    else:
        record = professional.parse(clean)
    if record.case_number is None:
        # No labelled case number (page 1 missing): the running header's, if it has one.
        found = fields.case_number_in_furniture(normalize_breaks(text))
        if found:
            spans = {**record.spans, "case_number": found[1]}
            record = replace(record, case_number=found[0], spans=spans)
    found_diagnoses = diagnoses.in_section(text, record.sections.get("summary"))
    warnings = gaps.warnings_of(clean, record, text)
    return replace(record, warnings=warnings, diagnoses=found_diagnoses)


__all__ = ["PARSER_VERSION", "ParseError", "parse_letter", "split_letters"]
