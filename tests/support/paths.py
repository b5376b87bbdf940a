"""Where the checkout and the shared real letters are, and skipping when they are absent.

Tests reading ``../shared/real-letters`` skip when it is absent, unless
``IMRDB_REQUIRE_SHARED=1`` (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("IMRDB_SHARED", ROOT.parent / "shared"))
REAL_LETTERS = SHARED / "real-letters"


def required(var: str) -> bool:
    """Whether the environment asks for a failure instead of a skip."""
    return os.environ.get(var, "") not in ("", "0")


def require_real_letters() -> Path:
    """The real letters folder, or skip (fail when IMRDB_REQUIRE_SHARED=1)."""
    if (REAL_LETTERS / "truth.jsonl").exists():
        return REAL_LETTERS
    message = f"real letters not found at {REAL_LETTERS} (set IMRDB_SHARED)"
    if required("IMRDB_REQUIRE_SHARED"):
        pytest.fail(f"IMRDB_REQUIRE_SHARED=1 but {message}")
    pytest.skip(message)
