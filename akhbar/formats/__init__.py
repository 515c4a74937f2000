"""The source-format registry: the one place that knows which formats exist and picks one.

Each format is one module: file formats (``page``, ``html``, ``json_array``, ``json_lines``,
``warc``) declare their suffixes, how to read an item into raw documents, how to weigh it for
batching and how to parse a document into articles; containers (``zip``, ``gz``) expand a file
into work items and open them; JSON record producers (``news_please``, ``trafilatura_json``,
``newspaper4k``, ``saudinewsnet``, see ``producers``) are recognised by their fields. Work formats
(``stored``: the stored articles a reprocess re-derives) are never found in a source; their items
stage their own rows. Discovery, reading, batching and the transform go through the functions
below only, so adding a format is one module, its line in ``FILE_FORMATS`` (or ``PRODUCERS``,
``WORK_FORMATS``), and its tests.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator

from akhbar.errors import DocumentError
from akhbar.formats import gz, html, json_array, json_lines, page, stored, unsupported, warc
from akhbar.formats import zip as zip_archive
from akhbar.formats.base import (
    BYTES_PER_PAGE,
    Container,
    FileFormat,
    ItemTooLarge,
    ParseContext,
    ParsedDocument,
    RawDocument,
    ReadLimits,
    WorkItem,
    by_size,
    refused,
)

FILE_FORMATS: tuple[FileFormat, ...] = (page.FORMAT, html.FORMAT, json_array.FORMAT, json_lines.FORMAT, warc.FORMAT)
CONTAINERS: tuple[Container, ...] = (zip_archive.CONTAINER, gz.CONTAINER)
UNSUPPORTED = unsupported.FORMAT
# Work the warehouse hands the transform, never a source: no suffix, so discovery never picks one.
WORK_FORMATS: tuple[FileFormat, ...] = (stored.FORMAT,)
_FORMATS = {f.name: f for f in (*FILE_FORMATS, UNSUPPORTED, *WORK_FORMATS)}
_CONTAINERS = {c.name: c for c in CONTAINERS}
_BY_SIZE = by_size(BYTES_PER_PAGE)
_LIMITS = {"document": lambda limits: limits.max_document_bytes, "container": lambda limits: limits.max_container_bytes, None: lambda limits: None}


def _best(name: str, entries) -> tuple[object | None, int]:
    """The entry whose suffix matches ``name`` best (longest suffix; '' matches no extension)."""
    lower = name.lower()
    best, length = None, -1
    for entry in entries:
        for suffix in entry.suffixes:
            if (lower.endswith(suffix) if suffix else not os.path.splitext(lower)[1]) and len(suffix) > length:
                best, length = entry, len(suffix)
    return best, length


def format_of(name: str) -> str:
    """The name of the file format of a file name ('unsupported' when no format claims it)."""
    found, _ = _best(name, FILE_FORMATS)
    return found.name if found else UNSUPPORTED.name


def unreadable_format() -> str:
    """The format recorded for an archive that cannot be listed (read as one quarantined page)."""
    return page.NAME


def work_items(path: str, byte_size: int) -> list[WorkItem]:
    """The work items of one file: itself, or what its container holds (``x.warc.gz`` is a WARC
    file, not a gzip of one: the longest suffix decides)."""
    found, length = _best(path, FILE_FORMATS)
    container, container_length = _best(path, CONTAINERS)
    if container is not None and container_length > length:
        return container.expand(path, byte_size)
    return [WorkItem(path, found.name if found else UNSUPPORTED.name, byte_size)]


def file_format(name: str) -> FileFormat:
    return _FORMATS[name]


def weight(item: WorkItem) -> int:
    """Estimated documents in an item, for batch sizing (an unknown format weighs by size)."""
    fmt = _FORMATS.get(item.fmt)
    return fmt.weight(item) if fmt is not None else _BY_SIZE(item)


def stored_articles_item(path: str, byte_size: int) -> WorkItem:
    """The work item of one file of stored articles exported for a reprocess (``formats.stored``)."""
    return stored.item(path, byte_size)


def stages_itself(item: WorkItem) -> bool:
    """True for work that is not raw documents: its format stages its rows (``stage``)."""
    return _FORMATS[item.fmt].stage is not None


def stage(item: WorkItem, *args) -> Iterator[dict]:
    """The staged tables of an item whose format stages itself, a chunk at a time (see
    ``FileFormat.stage``)."""
    return _FORMATS[item.fmt].stage(item, *args)


def read(item: WorkItem, limits: ReadLimits = ReadLimits()) -> Iterator[RawDocument]:
    """The raw documents of a work item, in order. Every failure is local: an unreadable archive
    member or an oversized file is one quarantined document with its reason."""
    fmt = _FORMATS[item.fmt]
    if fmt is UNSUPPORTED or fmt.stage is not None:
        # Nothing to open: refused with its reason, or work that is never read as documents.
        yield from fmt.read(item, None, limits)
        return
    try:
        with _open(item, _LIMITS[fmt.stream_cap](limits), limits) as stream:
            yield from fmt.read(item, stream, limits)
    except ItemTooLarge as exc:
        yield refused(item.source_uri, str(exc), size=item.byte_size, fmt=item.fmt)
    except (OSError, zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        yield refused(item.source_uri, f"unreadable {'archive' if item.compression else 'file'}: {exc}", fmt=item.fmt)


def _open(item: WorkItem, cap: int | None, limits: ReadLimits):
    if item.compression is None:
        return open(item.path, "rb")
    return _CONTAINERS[item.compression].open(item, cap, limits)


def parse(doc: RawDocument, ctx: ParseContext) -> ParsedDocument:
    """The articles of a document, parsed by its format; ``DocumentError`` when it is unusable."""
    if doc.error:
        raise DocumentError(doc.error)
    parsed = _FORMATS[doc.fmt].parse(doc, ctx)
    parsed.warnings.extend(doc.notes)
    return parsed


__all__ = [
    "CONTAINERS",
    "FILE_FORMATS",
    "WORK_FORMATS",
    "format_of",
    "parse",
    "read",
    "stage",
    "stages_itself",
    "stored_articles_item",
    "weight",
    "work_items",
]
