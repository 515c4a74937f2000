"""Reading work items into raw documents: one per page, one per JSON record or WARC response.

The registry (``akhbar.formats``) reads each item by its format. Every failure is local: an
unreadable archive member, invalid JSON or an oversized file becomes one quarantined document
with its reason, and reading goes on with the next one. Archive members are checked against
size and compression-ratio limits before they are decompressed, so a zip bomb is refused
without being expanded.
"""

from __future__ import annotations

from collections.abc import Iterator

from akhbar import formats
from akhbar.formats.base import ItemTooLarge, RawDocument, ReadLimits, WorkItem

__all__ = ["ItemTooLarge", "RawDocument", "ReadLimits", "read_item", "read_limits"]


def read_limits(max_document_mb: float | None = None, max_file_mb: float | None = None) -> ReadLimits:
    """Limits in megabytes as a user gives them (None keeps the default)."""
    defaults = ReadLimits()
    return ReadLimits(
        max_document_bytes=int(max_document_mb * (1 << 20)) if max_document_mb else defaults.max_document_bytes,
        max_container_bytes=int(max_file_mb * (1 << 20)) if max_file_mb else defaults.max_container_bytes,
    )


def read_item(item: WorkItem, limits: ReadLimits = ReadLimits()) -> Iterator[RawDocument]:
    """The raw documents of a work item, in order."""
    return formats.read(item, limits)
