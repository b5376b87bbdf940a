"""The answer cache: kept for its seconds, then computed again; bounded; off at 0."""

from __future__ import annotations

import time

from imrdb.web.cache import Cache


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_an_answer_is_kept_for_its_seconds_then_computed_again():
    cache = Cache(seconds=0.2)
    calls, compute = _counter()
    assert cache.get("k", compute) == 1
    assert cache.get("k", compute) == 1
    time.sleep(0.25)
    assert cache.get("k", compute) == 2
    assert len(calls) == 2


def test_the_least_recently_used_answer_goes_first():
    cache = Cache(seconds=60, entries=2)
    assert cache.get("a", lambda: "A") == "A"
    assert cache.get("b", lambda: "B") == "B"
    assert cache.get("a", lambda: "A2") == "A"  # used: now the most recent
    assert cache.get("c", lambda: "C") == "C"  # b goes
    assert cache.get("b", lambda: "B2") == "B2"
    assert cache.get("a", lambda: "A3") == "A3"  # a went when b came back


def test_zero_seconds_keeps_nothing():
    cache = Cache(seconds=0)
    _calls, compute = _counter()
    assert [cache.get("k", compute) for _ in range(3)] == [1, 2, 3]


def test_a_failure_is_not_kept():
    cache = Cache(seconds=60)

    def fail():
        raise RuntimeError("slow")

    for _ in range(2):
        try:
            cache.get("k", fail)
        except RuntimeError:
            pass
        else:
            raise AssertionError("the failure was kept")
    assert cache.get("k", lambda: "ok") == "ok"
