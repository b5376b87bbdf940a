"""What each letter needs, decided before any work: the entries a ``Pipeline`` runs.

Ingest hashes every file (cheap) and looks the hashes up in the database a chunk at a time:
a file stored before is counted unchanged without being extracted; a stored text that did
not parse is parsed again from the database; everything else goes to a worker. Reparse
takes the stored texts an older parser read, or that did not parse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from sqlalchemy import Connection, Engine, LargeBinary, cast, select
from sqlalchemy.exc import OperationalError

from imrdb.db import ingest_log, read
from imrdb.ingest.items import Item, Letter, Refusal, Skipped
from imrdb.ingest.pathnames import from_stored
from imrdb.ingest.pipeline import Entry
from imrdb.ingest.worker import Reading, Task

# Files hashed and looked up in the database at once, and at most this many of their bytes
# (the last file read may go past it): 64 files of 60 MB once took 4 GB of memory.
READ_AHEAD = 64
READ_AHEAD_BYTES = 32 * 2**20

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _read_ahead(items: Iterable[Item]) -> Iterator[list[Item]]:
    """Items a chunk at a time: ``READ_AHEAD`` of them, or fewer once ``READ_AHEAD_BYTES``
    of letters are in hand."""
    chunk: list[Item] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += len(item.data) if isinstance(item, Letter) else 0
        if len(chunk) >= READ_AHEAD or size >= READ_AHEAD_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def ingest_entries(
    engine: Engine, items: Iterable[Item], claim: Callable[[str], bool]
) -> Iterator[Entry]:
    """``claim(sha256)`` is False for bytes this run already has in hand (a duplicate)."""
    for chunk in _read_ahead(items):
        hashes = {id(i): hashlib.sha256(i.data).hexdigest() for i in chunk if isinstance(i, Letter)}
        with engine.connect() as conn:
            stored = read.stored_documents(conn, list(set(hashes.values())))
            unparsed = ingest_log.parse_failed(conn, list(stored))
            texts = _stored_texts(conn, [stored[h] for h in unparsed])
        for item in chunk:
            if isinstance(item, Skipped):
                yield "skipped"
            elif isinstance(item, Refusal):
                yield Reading(None, item.path, item.member, stage=item.stage, reason=item.reason)
            else:
                sha256 = hashes[id(item)]
                if not claim(sha256) or (sha256 in stored and sha256 not in unparsed):
                    yield "unchanged"
                elif sha256 in unparsed:
                    document_id = stored[sha256]
                    text = texts[document_id].text
                    yield Task(sha256, item.path, item.member, "stored", None, text, document_id)
                else:
                    yield Task(sha256, item.path, item.member, item.kind, item.data)


def reparse_targets(engine: Engine, parser_version: str, every: bool = False) -> list[int]:
    with engine.connect() as conn:
        return read.documents_to_reparse(conn, parser_version, every)


def reparse_entries(engine: Engine, document_ids: list[int]) -> Iterator[Entry]:
    """The stored documents to parse again, with their text."""
    for chunk in chunks(document_ids, READ_AHEAD):
        with engine.connect() as conn:
            texts = _stored_texts(conn, chunk)
        for document_id in chunk:
            sha256, path, member, text = texts[document_id]
            member = from_stored(member) if member is not None else None
            yield Task(sha256, from_stored(path), member, "stored", None, text, document_id)


def _stored_texts(conn: Connection, document_ids: list[int]) -> dict[int, read.StoredText]:
    """Stored texts to parse again. SQLite keeps whatever bytes another tool wrote into a
    text column; a text that is not UTF-8 is read as bytes and decoded with U+FFFD for what
    is not, so parsing it again is a parse like any other, never a traceback."""
    try:
        return read.stored_texts(conn, document_ids)
    except OperationalError:
        if conn.dialect.name != "sqlite":
            raise
        conn.rollback()
    documents = read.documents
    columns = (documents.c.sha256, documents.c.path, documents.c.member)
    raw = cast(documents.c.text, LargeBinary)
    query = select(documents.c.id, *columns, raw).where(documents.c.id.in_(document_ids))
    return {
        row[0]: read.StoredText(*row[1:4], bytes(row[4]).decode("utf-8", "replace"))
        for row in conn.execute(query)
    }
