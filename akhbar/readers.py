"""Reading work items into raw documents: one per page, one per JSON record.

Every failure here is local: an unreadable archive member, invalid JSON or an oversized file
becomes one quarantined document with its reason, and reading goes on with the next one.
Archive members are checked against size and compression-ratio limits before they are
decompressed, so a zip bomb is refused without being expanded.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from akhbar.sources import WorkItem


@dataclass(frozen=True)
class RawDocument:
    """One raw document: its id, where it came from, its bytes, and for JSON input the record.

    ``error`` is set when the document was refused while reading (it is quarantined as is).
    """

    doc_id: str
    source_uri: str
    data: bytes
    record: object = None
    error: str | None = None
    byte_size: int | None = None

    @property
    def size(self) -> int:
        return self.byte_size if self.byte_size is not None else len(self.data)


@dataclass(frozen=True)
class ReadLimits:
    """Bounds that keep one hostile file from exhausting memory."""

    max_document_bytes: int = 20 << 20  # one page
    max_container_bytes: int = 256 << 20  # one JSON/JSONL file or member, decompressed
    max_compression_ratio: float = 200.0  # zip members expanding more than this are bombs


def read_limits(max_document_mb: float | None = None, max_file_mb: float | None = None) -> ReadLimits:
    """Limits in megabytes as a user gives them (None keeps the default)."""
    defaults = ReadLimits()
    return ReadLimits(
        max_document_bytes=int(max_document_mb * (1 << 20)) if max_document_mb else defaults.max_document_bytes,
        max_container_bytes=int(max_file_mb * (1 << 20)) if max_file_mb else defaults.max_container_bytes,
    )


class ItemTooLarge(Exception):
    pass


def read_item(item: WorkItem, limits: ReadLimits = ReadLimits()) -> Iterator[RawDocument]:
    """The raw documents of a work item, in order."""
    uri = item.source_uri
    if item.fmt == "unsupported":
        name = item.member or item.path
        yield _refused(uri, f"unsupported file type {os.path.splitext(name)[1] or name!r}: expected a text page, JSON, JSON Lines, zip or gz", size=item.byte_size)
        return
    cap = limits.max_document_bytes if item.fmt == "page" else limits.max_container_bytes
    try:
        data = _read_bytes(item, cap, limits)
    except ItemTooLarge as exc:
        yield _refused(uri, str(exc), size=item.byte_size)
        return
    except (OSError, zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        yield _refused(uri, f"unreadable {'archive' if item.compression else 'file'}: {exc}")
        return
    if item.fmt == "page":
        yield RawDocument(doc_id=_sha256(data), source_uri=uri, data=data)
    elif item.fmt == "json":
        # The container's bytes are handed over, not kept here: once parsed they can go.
        held = [data]
        del data
        yield from _json_records(uri, held)
    else:
        yield from _jsonl_records(uri, data)


def _read_bytes(item: WorkItem, cap: int, limits: ReadLimits) -> bytes:
    if item.compression == "zip":
        with zipfile.ZipFile(item.path) as archive:
            if item.member is None:
                raise zipfile.BadZipFile("not a readable zip archive")
            info = archive.getinfo(item.member)
            if info.file_size > cap:
                raise ItemTooLarge(f"too large: {info.file_size} bytes expanded, the limit is {cap}")
            if info.compress_size and info.file_size / info.compress_size > limits.max_compression_ratio and info.file_size > 1 << 20:
                raise ItemTooLarge(
                    f"refused as a zip bomb: expands {info.file_size / info.compress_size:.0f}x "
                    f"(limit {limits.max_compression_ratio:.0f}x)"
                )
            with archive.open(info) as stream:
                return _bounded(stream, cap)
    if item.compression == "gz":
        with gzip.open(item.path, "rb") as stream:
            return _bounded(stream, cap)
    with open(item.path, "rb") as stream:
        return _bounded(stream, cap)


def _bounded(stream, cap: int) -> bytes:
    # Read one byte past the cap: the declared size of an archive member can lie.
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise ItemTooLarge(f"too large: more than {cap} bytes (raise the limit to load it)")
    return data


def _json_records(uri: str, held: list[bytes]) -> Iterator[RawDocument]:
    """Documents of a JSON container; ``held`` holds its bytes and is emptied once they are parsed,
    and each record is let go once yielded, so a large container shrinks as it is worked through."""
    data = held.pop()
    try:
        parsed = json.loads(data)
    except UnicodeDecodeError:
        yield _refused(uri, "JSON that is not UTF-8 text", data)
        return
    except json.JSONDecodeError as exc:
        yield _refused(uri, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", data)
        return
    except RecursionError:
        yield _refused(uri, "JSON nested too deeply", data)
        return
    del data
    records = parsed if isinstance(parsed, list) else [parsed]
    del parsed
    for index in range(len(records)):
        record, records[index] = records[index], None
        yield _record(f"{uri}#{index}", record)


def _jsonl_records(uri: str, data: bytes) -> Iterator[RawDocument]:
    for index, line in enumerate(data.splitlines()):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield _refused(f"{uri}#{index}", f"invalid JSON line: {getattr(exc, 'msg', exc)}", line)
            continue
        except RecursionError:
            yield _refused(f"{uri}#{index}", "JSON nested too deeply", line)
            continue
        yield _record(f"{uri}#{index}", record)


def _record(uri: str, record) -> RawDocument:
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return RawDocument(doc_id=_sha256(canonical), source_uri=uri, data=canonical, record=record)


def _refused(uri: str, reason: str, data: bytes | None = None, size: int | None = None) -> RawDocument:
    # Without the bytes, the id is derived from where the document is, so re-runs agree on it.
    key = data if data is not None else f"refused:{uri}".encode("utf-8")
    return RawDocument(doc_id=_sha256(key), source_uri=uri, data=data or b"", error=reason, byte_size=size)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
