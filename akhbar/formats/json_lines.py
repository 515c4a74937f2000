"""JSON Lines (``.jsonl``, ``.ndjson``): one record per line; a broken line is one quarantined
document and the other lines still load."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from akhbar.formats import json_array
from akhbar.formats.base import BYTES_PER_PAGE, FileFormat, RawDocument, ReadLimits, WorkItem, bounded_read, by_size, refused

NAME = "jsonl"


def read(item: WorkItem, stream: BinaryIO, limits: ReadLimits) -> Iterator[RawDocument]:
    uri = item.source_uri
    data = bounded_read(stream, limits.max_container_bytes)
    for index, line in enumerate(data.splitlines()):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield refused(f"{uri}#{index}", f"invalid JSON line: {getattr(exc, 'msg', exc)}", line, fmt=NAME)
            continue
        except RecursionError:
            yield refused(f"{uri}#{index}", "JSON nested too deeply", line, fmt=NAME)
            continue
        yield json_array.record_document(f"{uri}#{index}", record, NAME)


FORMAT = FileFormat(NAME, (".jsonl", ".ndjson"), read, by_size(BYTES_PER_PAGE), json_array.parse, stream_cap="container", description="JSON Lines: one record per line")
