"""JSON files: an array of records (SaudiNewsNet) or one record per file (news-please).

Each record is one document; its id is the sha256 of the record's canonical JSON (sorted keys,
no spaces), so key order and spacing do not make a new document. The container's bytes are
handed over and dropped once parsed, and each record is let go once yielded, so a large file
shrinks as it is worked through.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from akhbar.formats.base import BYTES_PER_PAGE, FileFormat, ParseContext, ParsedDocument, RawDocument, ReadLimits, WorkItem, bounded_read, by_size, refused, sha256

NAME = "json"


def read(item: WorkItem, stream: BinaryIO, limits: ReadLimits) -> Iterator[RawDocument]:
    held = [bounded_read(stream, limits.max_container_bytes)]
    yield from _records(item.source_uri, held)


def _records(uri: str, held: list[bytes]) -> Iterator[RawDocument]:
    """Documents of a JSON container; ``held`` holds its bytes and is emptied once they are parsed."""
    data = held.pop()
    try:
        parsed = json.loads(data)
    except UnicodeDecodeError:
        yield refused(uri, "JSON that is not UTF-8 text", data, fmt=NAME)
        return
    except json.JSONDecodeError as exc:
        yield refused(uri, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", data, fmt=NAME)
        return
    except RecursionError:
        yield refused(uri, "JSON nested too deeply", data, fmt=NAME)
        return
    del data
    records = parsed if isinstance(parsed, list) else [parsed]
    del parsed
    for index in range(len(records)):
        record, records[index] = records[index], None
        yield record_document(f"{uri}#{index}", record, NAME)


def record_document(uri: str, record: object, fmt: str) -> RawDocument:
    """The document of one JSON record, identified by its canonical JSON."""
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return RawDocument(doc_id=sha256(canonical), source_uri=uri, data=canonical, record=record, fmt=fmt)


def parse(doc: RawDocument, ctx: ParseContext) -> ParsedDocument:
    """A record's article, mapped by the producer its fields reveal (``akhbar.formats.producers``)."""
    from akhbar.formats.producers import parse_record

    return parse_record(doc.record, ctx)


FORMAT = FileFormat(NAME, (".json",), read, by_size(BYTES_PER_PAGE), parse, stream_cap="container", description="JSON array of records, or one record")
