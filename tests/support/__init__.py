"""Helpers shared by the tests: hand-built records, letter texts, corpora, strategies.

Test modules import from here, never from one another.
"""
