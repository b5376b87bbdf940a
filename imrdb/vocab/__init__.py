"""Vocabularies as data files: categories, the guideline catalog, specialties, synonyms.

Each JSON file lists entries with ``examples``; ``tests/test_vocab.py`` checks that every
entry matches its own examples, so a domain expert can correct a file without touching code.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """The parsed contents of ``imrdb/vocab/<name>.json``."""
    return json.loads(resources.files(__package__).joinpath(f"{name}.json").read_text("utf-8"))
