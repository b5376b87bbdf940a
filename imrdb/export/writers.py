"""Rows -> CSV or Parquet, as the rows arrive.

Both keep the table's column order and kinds whatever the engine: dates as ISO dates,
counts as integers, a missing value as an empty CSV field or a Parquet null. pyarrow is an
optional extra, imported only when Parquet is asked for.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, TextIO

from imrdb.errors import ImrdbError
from imrdb.export.tables import Column, Row

PARQUET_BATCH = 10_000
PARQUET_MISSING = "Parquet export needs pyarrow: pip install 'imrdb[parquet]'"


def write_csv(columns: Iterable[Column], rows: Iterable[Row], stream: TextIO) -> int:
    """A header line, then one line per row; return the number of rows. The csv module
    writes None as an empty field and a date as ``str(date)``, its ISO form."""
    columns = list(columns)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    lists = [i for i, c in enumerate(columns) if c.kind == "list"]
    n = 0
    for row in rows:
        if lists:  # a list is one ;-separated field in CSV
            row = list(row)
            for i in lists:
                row[i] = ";".join(row[i]) if row[i] else None
        writer.writerow(row)
        n += 1
    return n


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ImrdbError(PARQUET_MISSING) from None
    return pyarrow


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def parquet_schema(columns: Iterable[Column]):
    pa = _pyarrow()
    kinds = {
        "string": pa.string(),
        "int": pa.int64(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(c.name, kinds[c.kind]) for c in columns])


def write_parquet(
    columns: Iterable[Column], rows: Iterable[Row], sink: IO[bytes], batch: int = PARQUET_BATCH
) -> int:
    """Row groups of ``batch`` rows under a fixed schema; return the number of rows.

    ``sink`` may be a pipe: Parquet is written front to back, the footer last."""
    pa = _pyarrow()
    schema = parquet_schema(columns)
    n = 0
    with pa.parquet.ParquetWriter(pa.PythonFile(sink, mode="w"), schema) as writer:
        for chunk in _batches(rows, batch):
            arrays = [
                pa.array(values, type=field.type)
                for values, field in zip(zip(*chunk, strict=True), schema, strict=True)
            ]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            n += len(chunk)
    return n
