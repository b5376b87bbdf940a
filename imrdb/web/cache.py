"""Answers kept for a short while: the same search asked again within ``seconds`` is not
counted again.

People share and reload search URLs, and a facet sidebar over a million decisions costs
tens to hundreds of milliseconds to count, so a popular page is computed once a minute at
most. The database may change under a running server (an ingest elsewhere), which is why
entries expire instead of living forever; ``imrdb serve --cache 0`` turns this off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from sqlalchemy import Connection
from starlette.requests import Request

from imrdb.web.database import limited

DEFAULT_SECONDS = 60.0
ENTRIES = 512
T = TypeVar("T")


class Cache:
    """A least-recently-used map of at most ``entries`` answers, each for ``seconds``."""

    def __init__(self, seconds: float = DEFAULT_SECONDS, entries: int = ENTRIES) -> None:
        self.seconds = seconds
        self.entries = entries
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The kept answer for ``key``, or ``compute()``'s (kept when it returns)."""
        if self.seconds <= 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] > now:
                self._items.move_to_end(key)
                return found[1]
        value = compute()  # outside the lock: two visitors may compute it once each
        with self._lock:
            self._items[key] = (time.monotonic() + self.seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return value


def connection(request: Request) -> AbstractContextManager[Connection]:
    """A connection for this request, under the server's time limit."""
    return limited(request.app.state.engine, request.app.state.time_limit)


def cached(request: Request, key: Hashable, compute: Callable[[Connection], T]) -> T:
    """``compute(conn)`` on a time-limited connection, or its answer kept from earlier."""

    def run() -> T:
        with connection(request) as conn:
            return compute(conn)

    return request.app.state.cache.get(key, run)
