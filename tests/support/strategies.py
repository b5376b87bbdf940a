"""Hypothesis strategies shared by the parser's property tests."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


@st.composite
def damaged(draw, letters: Sequence[str], most: int = 15) -> str:
    """One of ``letters`` with up to ``most`` random lines dropped or duplicated."""
    lines = draw(st.sampled_from(letters)).split("\n")
    for _ in range(draw(st.integers(1, most))):
        i = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            del lines[i]
        else:
            lines.insert(i, lines[i])
        if not lines:
            break
    return "\n".join(lines)
