"""Synthetic IMR final determination letters, for tests, demos and benchmarks.

``records`` draws a letter's facts (its ``CaseRecord`` and what the text needs besides);
one module per layout turns them into a ``Document`` (``doc``), and ``render`` draws that
with fpdf2. ``scripts/generate_letters.py`` is the public entry point; the text each layout
writes is documented in ``docs/generated-layouts.md``.
"""
