"""What every source format shares: work items, raw documents, read limits, parsed documents.

A *file format* (page, HTML, JSON array, JSON Lines, WARC) reads a work item into raw documents
and parses each one into articles; a *container* (zip, gz) expands a file into work items and
opens a member as a byte stream; a *record producer* (news-please, trafilatura, newspaper4k,
SaudiNewsNet, any other JSON) says which fields of a JSON record hold which part of an article.
The registry (``akhbar.formats``) is the only place that chooses between them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from akhbar.parse.page import ParsedArticle
    from akhbar.records import FieldMapping

# Files that are never documents: OS droppings, editor backups, partial downloads.
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
IGNORED_SUFFIXES = (".tmp", ".swp", ".part", "~")

# A container of many documents counts as this many bytes per document when sizing batches.
BYTES_PER_PAGE = 4096


@dataclass(frozen=True)
class WorkItem:
    """A unit the transform reads: a file, or one member of an archive.

    ``fmt`` names its file format in the registry; ``member`` names the zip member (None for plain
    files and gzip streams); ``compression`` names its container (None, 'zip' or 'gz').
    """

    path: str
    fmt: str
    byte_size: int
    member: str | None = None
    compression: str | None = None

    @property
    def source_uri(self) -> str:
        """Where the item came from: ``path`` or ``archive!member``."""
        return f"{self.path}!{self.member}" if self.member is not None else self.path


@dataclass(frozen=True)
class RawDocument:
    """One raw document: its id, where it came from, its bytes, and for JSON input the record.

    ``error`` is set when the document was refused while reading (it is quarantined as is).
    ``fmt`` is the file format that parses it; ``hints`` are facts its container knows and its
    bytes do not (a WARC record's URI, date and HTTP charset); ``notes`` are warnings from reading.
    """

    doc_id: str
    source_uri: str
    data: bytes
    record: object = None
    error: str | None = None
    byte_size: int | None = None
    fmt: str = "page"
    hints: Mapping[str, str] | None = None
    notes: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return self.byte_size if self.byte_size is not None else len(self.data)


@dataclass(frozen=True)
class ReadLimits:
    """Bounds that keep one hostile file from exhausting memory."""

    max_document_bytes: int = 20 << 20  # one page
    max_container_bytes: int = 256 << 20  # one JSON/JSONL file or member, decompressed
    max_compression_ratio: float = 200.0  # zip members expanding more than this are bombs


class ItemTooLarge(Exception):
    """An item or member is over a size limit (the message says which)."""


@dataclass(frozen=True)
class ParseContext:
    """What parsing a document needs besides the document: the time (for relative and future
    dates) and the user's field mapping of JSON records."""

    now: datetime
    field_mapping: "FieldMapping"


@dataclass
class ParsedDocument:
    """The articles of a document (main first), warnings, the text encoding and which producer
    or format it was recognised as."""

    articles: list["ParsedArticle"]
    warnings: list[str]
    encoding: str
    source_format: str


@dataclass(frozen=True)
class FileFormat:
    """One file format: its name, suffixes, how to read an item, weigh it and parse a document.

    ``read(item, stream, limits)`` gets the item's opened byte stream (containers already
    unwrapped); ``stream_cap`` says which limit bounds the stream ('document', 'container' or None
    for formats that stream record by record and bound each record themselves).
    """

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[WorkItem, BinaryIO, ReadLimits], Iterator[RawDocument]]
    weight: Callable[[WorkItem], int]
    parse: Callable[[RawDocument, ParseContext], ParsedDocument]
    stream_cap: str | None = "document"
    description: str = ""
    # Work that is not raw documents (the stored articles of a reprocess, ``formats.stored``)
    # stages its rows itself: ``stage(item, derive, ctx, filesystem, chunk_size, clock)`` yields
    # a chunk's staged tables at a time; ``read`` and ``parse`` are then never called.
    stage: Callable[..., Iterator[dict]] | None = None


@dataclass(frozen=True)
class Container:
    """An archive or compression wrapper: expands a file into work items, opens one as a stream."""

    name: str
    suffixes: tuple[str, ...]
    expand: Callable[[str, int], list[WorkItem]]
    open: Callable[[WorkItem, int | None, ReadLimits], object]  # a context manager of a stream
    description: str = ""


@dataclass(frozen=True)
class RecordProducer:
    """A tool whose JSON records akhbar recognises by their fields, and its field mapping.

    ``sniff(record)`` is True for a record of this producer's shape; ``prepare`` rewrites values
    the tool writes in its own way (news-please's 'None' dates) before mapping.
    """

    name: str
    mapping: "FieldMapping"
    sniff: Callable[[Mapping], bool]
    prepare: Callable[[Mapping], Mapping] = lambda record: record
    description: str = ""
    # The tool writes the headline again as the first line of the text.
    repeats_title: bool = False


def by_size(bytes_per_document: int) -> Callable[[WorkItem], int]:
    """A weight function: a container's estimated documents from its size."""
    return lambda item: max(1, item.byte_size // bytes_per_document)


def one_document(item: WorkItem) -> int:
    return 1


def bounded_read(stream: BinaryIO, cap: int) -> bytes:
    """All of a stream, refused past ``cap`` bytes: the declared size of an archive member can lie,
    so one byte past the cap is read."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise ItemTooLarge(f"too large: more than {cap} bytes (raise the limit to load it)")
    return data


def refused(uri: str, reason: str, data: bytes | None = None, size: int | None = None, fmt: str = "page") -> RawDocument:
    """A document refused while reading, quarantined with ``reason``."""
    # Without the bytes, the id is derived from where the document is, so re-runs agree on it.
    key = data if data is not None else f"refused:{uri}".encode("utf-8")
    return RawDocument(doc_id=sha256(key), source_uri=uri, data=data or b"", error=reason, byte_size=size, fmt=fmt)


def ignored_name(path: str) -> bool:
    """True for files that are never documents (hidden, OS droppings, partial downloads)."""
    name = path.rsplit("/", 1)[-1]
    return name in IGNORED_NAMES or name.startswith(".") or name.endswith(IGNORED_SUFFIXES)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
