"""zip archives: each member is a work item of the format its name says.

Members are checked against the size and compression-ratio limits before they are decompressed,
so a zip bomb is refused without being expanded.
"""

from __future__ import annotations

import contextlib
import zipfile

from akhbar.formats.base import Container, ItemTooLarge, ReadLimits, WorkItem

NAME = "zip"


def expand(path: str, byte_size: int) -> list[WorkItem]:
    from akhbar.formats import format_of, unreadable_format
    from akhbar.formats.base import ignored_name

    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted(
                (info for info in archive.infolist() if not info.is_dir() and not ignored_name(info.filename)),
                key=lambda info: info.filename,
            )
            return [WorkItem(path, format_of(info.filename), info.compress_size, info.filename, NAME) for info in members]
    except (zipfile.BadZipFile, OSError):
        # An unreadable archive becomes one quarantined document when the transform reads it.
        return [WorkItem(path, unreadable_format(), byte_size, None, NAME)]


@contextlib.contextmanager
def open_member(item: WorkItem, cap: int | None, limits: ReadLimits):
    with zipfile.ZipFile(item.path) as archive:
        if item.member is None:
            raise zipfile.BadZipFile("not a readable zip archive")
        info = archive.getinfo(item.member)
        if cap is not None and info.file_size > cap:
            raise ItemTooLarge(f"too large: {info.file_size} bytes expanded, the limit is {cap}")
        if info.compress_size and info.file_size / info.compress_size > limits.max_compression_ratio and info.file_size > 1 << 20:
            raise ItemTooLarge(
                f"refused as a zip bomb: expands {info.file_size / info.compress_size:.0f}x "
                f"(limit {limits.max_compression_ratio:.0f}x)"
            )
        with archive.open(info) as stream:
            yield stream


CONTAINER = Container(NAME, (".zip",), expand, open_member, "zip archive: one work item per member (zip-bomb and size limits checked before expanding)")
