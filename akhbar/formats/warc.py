"""WARC files (``.warc``, ``.warc.gz``: Common Crawl News, news-please archives), read as a stream.

Records are read one at a time with warcio, so memory stays bounded whatever the file's size:
each HTTP 200 response with an HTML payload is one document (parsed as HTML, with the record's
WARC-Target-URI as its URL and WARC-Date as a fallback date); every other record (requests,
metadata, non-HTML or non-200 responses) is skipped and counted, and the counts are a warning
on the file's last document (or the reason of a quarantined one when the file has none). A
document's id is the sha256 of its HTTP payload, like any page, so reruns agree on it; its
``source_uri`` is ``file#record-number``. A file cut off mid-way (a truncated gzip member) keeps
the documents before the break and quarantines the rest with the reason.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from akhbar.formats import html
from akhbar.formats.base import FileFormat, ParseContext, ParsedDocument, RawDocument, ReadLimits, WorkItem, by_size, refused, sha256

NAME = "warc"
# HTML responses in a (compressed) WARC: about this many bytes each, for batch sizing.
BYTES_PER_RECORD = 16384
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(item: WorkItem, stream: BinaryIO, limits: ReadLimits) -> Iterator[RawDocument]:
    from warcio.archiveiterator import ArchiveIterator

    uri = item.source_uri
    skipped: Counter[str] = Counter()
    held: RawDocument | None = None  # the last document, held back to carry the skip counts
    number = -1
    try:
        for number, record in enumerate(ArchiveIterator(stream, check_digests=False)):
            reason = _skip_reason(record)
            if reason:
                skipped[reason] += 1
                continue
            payload = record.content_stream().read(limits.max_document_bytes + 1)
            if len(payload) > limits.max_document_bytes:
                document = refused(f"{uri}#{number}", f"too large: more than {limits.max_document_bytes} bytes (raise the limit to load it)", fmt=NAME)
            else:
                document = RawDocument(
                    doc_id=sha256(payload),
                    source_uri=f"{uri}#{number}",
                    data=payload,
                    fmt=NAME,
                    hints=_hints(record),
                )
            if held is not None:
                yield held
            held = document
    except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many kinds on a broken file
        if held is not None:
            yield held
            held = None
        yield refused(
            f"{uri}#{number + 1}",
            f"unreadable WARC from record {number + 1} on ({type(exc).__name__}: {exc}); the records before it were read",
            fmt=NAME,
        )
    note = _skipped_note(skipped)
    if held is not None:
        yield dataclasses.replace(held, notes=held.notes + ((note,) if note else ()))
    elif number >= 0 and skipped:
        yield refused(uri, f"WARC file with no HTML 200 response: {note}", fmt=NAME, size=item.byte_size)


def _skip_reason(record) -> str | None:
    if record.rec_type != "response":
        return f"{record.rec_type} records"
    headers = record.http_headers
    if headers is None:
        return "responses without HTTP headers"
    status = headers.get_statuscode()
    if status != "200":
        return "non-200 responses"
    content_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return "non-HTML responses"
    return None


def _hints(record) -> dict[str, str]:
    hints = {}
    if target := record.rec_headers.get_header("WARC-Target-URI"):
        hints["url"] = target
    if date := record.rec_headers.get_header("WARC-Date"):
        hints["date"] = date
    content_type = record.http_headers.get_header("Content-Type") or ""
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            hints["charset"] = value.strip().strip("\"'")
    return hints


def _skipped_note(skipped: Counter[str]) -> str | None:
    if not skipped:
        return None
    parts = ", ".join(f"{count} {reason}" for reason, count in sorted(skipped.items()))
    return f"WARC records skipped: {parts}"


def parse(doc: RawDocument, ctx: ParseContext) -> ParsedDocument:
    return html.parse_html(doc, ctx, NAME)


FORMAT = FileFormat(NAME, (".warc", ".warc.gz"), read, by_size(BYTES_PER_RECORD), parse, stream_cap=None, description="WARC file: each HTML 200 response is a document")
