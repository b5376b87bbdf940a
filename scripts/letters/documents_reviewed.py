"""The "DOCUMENTS REVIEWED" letter: final_letter_2014 with the records listed before the summary.

Its issues heading reads "IMR DECISION(S) AND RATIONALE(S)"; everything else, truth rules
included, is as in ``final_letter_2014``.
"""

from __future__ import annotations

import random

from scripts.letters import final_letter_2014
from scripts.letters.doc import Document
from scripts.letters.records import LetterPlan


def build(plan: LetterPlan, rng: random.Random) -> Document:
    return final_letter_2014.build(plan, rng, documents=True)
