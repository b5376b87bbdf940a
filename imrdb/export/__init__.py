"""Export selected decisions as JSON lines (contract records), CSV or Parquet, streaming.

``jsonl`` writes the contract record of every case with a selected decision (the whole
letter, as ``imrdb show --format json`` prints it); ``csv`` and ``parquet`` write one of the
tidy tables of :mod:`imrdb.export.tables` (``decisions`` by default).
"""

from __future__ import annotations

from typing import IO, TextIO

from sqlalchemy import Connection

from imrdb.db import read
from imrdb.export.tables import CHUNK, TABLES
from imrdb.export.writers import write_csv, write_parquet
from imrdb.output import write_jsonl
from imrdb.search.selection import ALL, Selection

FORMATS = ("jsonl", "csv", "parquet")
BINARY_FORMATS = ("parquet",)


def case_records(conn: Connection, selection: Selection = ALL):
    """Contract records (dicts) of the cases with a selected decision, in case-number order."""
    ids = conn.execution_options(yield_per=CHUNK).scalars(selection.case_ids())
    return (record.to_dict(diagnoses=True) for record in read.iter_records(conn, ids))


def export(
    conn: Connection,
    fmt: str,
    stream: TextIO | IO[bytes],
    selection: Selection = ALL,
    table: str = "decisions",
) -> int:
    """Write the selection to ``stream`` (bytes for Parquet, text otherwise); return the
    number of records or rows written."""
    if fmt == "jsonl":
        return write_jsonl(case_records(conn, selection), stream)  # type: ignore[arg-type]
    spec = TABLES[table]
    rows = spec.rows(conn, selection)
    if fmt == "csv":
        return write_csv(spec.columns, rows, stream)  # type: ignore[arg-type]
    if fmt == "parquet":
        return write_parquet(spec.columns, rows, stream)  # type: ignore[arg-type]
    raise ValueError(f"unknown export format {fmt!r}")


__all__ = ["ALL", "BINARY_FORMATS", "FORMATS", "TABLES", "Selection", "export"]
