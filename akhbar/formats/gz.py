"""gzip files: one work item of the format named by the name without ``.gz``."""

from __future__ import annotations

import gzip

from akhbar.formats.base import Container, ReadLimits, WorkItem

NAME = "gz"


def expand(path: str, byte_size: int) -> list[WorkItem]:
    from akhbar.formats import format_of

    return [WorkItem(path, format_of(path[: -len(".gz")]), byte_size, None, NAME)]


def open_stream(item: WorkItem, cap: int | None, limits: ReadLimits):
    # The decompressed size is unknown up front: the reader bounds what it reads.
    return gzip.open(item.path, "rb")


CONTAINER = Container(NAME, (".gz",), expand, open_stream, "gzip stream holding one file (e.g. feed.jsonl.gz)")
