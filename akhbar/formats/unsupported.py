"""Files of no known type: each is one quarantined document saying so (never silently skipped)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from akhbar.errors import DocumentError
from akhbar.formats.base import BYTES_PER_PAGE, FileFormat, ParseContext, ParsedDocument, RawDocument, ReadLimits, WorkItem, by_size, refused

NAME = "unsupported"
EXPECTED = "expected a text page, HTML, JSON, JSON Lines, WARC, zip or gz"


def read(item: WorkItem, stream: None, limits: ReadLimits) -> Iterator[RawDocument]:
    name = item.member or item.path
    yield refused(item.source_uri, f"unsupported file type {os.path.splitext(name)[1] or name!r}: {EXPECTED}", size=item.byte_size, fmt=NAME)


def parse(doc: RawDocument, ctx: ParseContext) -> ParsedDocument:
    raise DocumentError(doc.error or f"unsupported file type: {EXPECTED}")


FORMAT = FileFormat(NAME, (), read, by_size(BYTES_PER_PAGE), parse, stream_cap=None, description="anything else: quarantined with its reason")
