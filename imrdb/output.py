"""One output layer for every command: JSON that handles dates, streamed JSON lines."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, TextIO


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, indent=indent)


def write_jsonl(items: Iterable[Any], stream: TextIO) -> int:
    """Write one JSON document per line as the items arrive; return how many."""
    n = 0
    for item in items:
        stream.write(dumps(item))
        stream.write("\n")
        n += 1
    return n
