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
    uri = item.source_uri
    skipped: Counter[str] = Counter()
    held: RawDocument | None = None  # the last document, held back to carry the skip counts
    number = -1
    records = _checked_iterator()(stream, check_digests=False)
    try:
        for number, record in enumerate(records):
            reason = _skip_reason(record)
            if reason:
                skipped[reason] += 1
                if _drained_short(record):
                    raise TruncatedRecord(f"record {number} ends before its declared length")
                continue
            payload = record.content_stream().read(limits.max_document_bytes + 1)
            if len(payload) > limits.max_document_bytes:
                document = refused(f"{uri}#{number}", f"too large: more than {limits.max_document_bytes} bytes (raise the limit to load it)", fmt=NAME)
            elif _drained_short(record):
                raise TruncatedRecord(f"record {number} ends before its declared length")
            else:
                document = RawDocument(doc_id=sha256(payload), source_uri=f"{uri}#{number}", data=payload, fmt=NAME, hints=_hints(record))
            if held is not None:
                yield held
            held = document
        if records.cut_off:
            number += 1
            raise TruncatedRecord(f"the file ends inside record {number}'s compressed member")
    except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many kinds on a broken file
        if held is not None:
            yield held
        at = number if isinstance(exc, TruncatedRecord) else number + 1
        note = _skipped_note(skipped)
        yield refused(
            f"{uri}#{at}",
            f"unreadable WARC from record {at} on (truncated or corrupt: {exc}); the records before it were read"
            + (f"; {note}" if note else ""),
            fmt=NAME,
        )
        return
    note = _skipped_note(skipped)
    if held is not None:
        yield dataclasses.replace(held, notes=held.notes + ((note,) if note else ()))
    elif skipped:
        yield refused(uri, f"WARC file with no HTML 200 response: {note}", fmt=NAME, size=item.byte_size)


def _checked_iterator():
    """warcio's ArchiveIterator, noting whether the file ended inside a gzip member (warcio
    stops there without a word, as if the file were complete)."""
    from warcio.archiveiterator import ArchiveIterator

    class CheckedIterator(ArchiveIterator):
        cut_off = False

        def close(self):
            decompressor = self.reader.decompressor if self.reader is not None else None
            if decompressor is not None and not getattr(decompressor, "eof", True):
                self.cut_off = True
            super().close()

    return CheckedIterator


class TruncatedRecord(Exception):
    """A record cut off before its declared length: warcio returns what there is without a word."""


def _drained_short(record) -> bool:
    """Read the rest of a record; True when the file ended before the record's declared length
    (warcio's ``raw_stream`` counts down the WARC Content-Length as it is read)."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return getattr(raw, "limit", 0) > 0


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
