"""JSON answers with ``<``, ``>`` and ``&`` written as ``\\u003c``... so letter text can never
be read as markup, even by a browser that sniffs a JSON answer as HTML."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from imrdb.output import dumps

_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def safe_dumps(value: Any) -> str:
    return dumps(value).translate(_ESCAPES)


class SafeJSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        return safe_dumps(content).encode("utf-8")
