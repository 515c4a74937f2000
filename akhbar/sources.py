"""Finding raw documents: folders, globs and files of every registered format, zip and gz.

Discovery works on *files* and never parses them: it lists them (sorted, so runs are
deterministic), expands archives into members (the registry, ``akhbar.formats``, says which
format each file or member is), and decides from a manifest of earlier runs (path, size, mtime ->
content hash) which files can be skipped without reading a byte. Reading records out of a file
is the transform's job (``akhbar.readers``).
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from akhbar.errors import AkhbarError
from akhbar.formats import format_of, work_items
from akhbar.formats.base import IGNORED_NAMES, IGNORED_SUFFIXES, WorkItem, ignored_name

HASH_CHUNK = 1 << 20

# Re-exported: discovery's callers and tests know them from here.
__all__ = ["IGNORED_NAMES", "IGNORED_SUFFIXES", "Discovery", "SourceError", "SourceFile", "WorkItem", "discover", "expand_sources", "format_of", "hash_file", "work_items"]


class SourceError(AkhbarError):
    """A source given by the user does not exist or cannot be listed."""


@dataclass(frozen=True)
class SourceFile:
    """A file found in the sources, with what the manifest needs to recognise it next time."""

    path: str
    byte_size: int
    mtime_ns: int
    content_hash: str


@dataclass(frozen=True)
class Discovery:
    """New work, the files behind it, and what the manifest let us skip."""

    items: list[WorkItem]
    files: list[SourceFile]
    skipped_files: int
    skipped_documents: int


def expand_sources(sources: Iterable[str], follow_symlinks: bool = False) -> list[str]:
    """Every file under the given folders, globs and files, sorted and without duplicates."""
    seen: set[str] = set()
    paths = []
    for source in sources:
        for path in _expand(source, follow_symlinks):
            key = os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                paths.append(path)
    return paths


def discover(
    sources: Iterable[str],
    manifest: Mapping[str, tuple[int, int, str]],
    known_hashes: Mapping[str, int],
    follow_symlinks: bool = False,
) -> Discovery:
    """Files of the sources and the work items of those not processed before.

    ``manifest`` maps a path to (size, mtime_ns, content_hash) from earlier runs, so an unchanged
    file is recognised without reading it; ``known_hashes`` maps the content hash of every file
    processed before to its document count. A file whose content was processed (at any path) is
    skipped whole.
    """
    items: list[WorkItem] = []
    files: list[SourceFile] = []
    skipped_files = skipped_documents = 0
    for path in expand_sources(sources, follow_symlinks):
        stat = os.stat(path)
        entry = manifest.get(path)
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            content_hash = entry[2]
        else:
            content_hash = hash_file(path)
        if content_hash in known_hashes:
            skipped_files += 1
            skipped_documents += known_hashes[content_hash]
            continue
        files.append(SourceFile(path, stat.st_size, stat.st_mtime_ns, content_hash))
        items.extend(work_items(path, stat.st_size))
    return Discovery(items, files, skipped_files, skipped_documents)


def _expand(source: str, follow_symlinks: bool) -> Iterator[str]:
    if glob.has_magic(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            raise SourceError(f"no file matches {source!r}")
        for match in matches:
            if os.path.isfile(match) and not ignored_name(match):
                yield match
        return
    path = Path(source)
    if path.is_file():
        yield str(path)
    elif path.is_dir():
        yield from _walk(path, follow_symlinks)
    else:
        raise SourceError(f"source {source!r} does not exist")


def _walk(root: Path, follow_symlinks: bool) -> Iterator[str]:
    real_root = os.path.realpath(root)
    for directory, dirnames, filenames in os.walk(root, followlinks=follow_symlinks):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = os.path.join(directory, name)
            if ignored_name(path) or not os.path.isfile(path):
                continue
            # A symlink leading outside the source folder could expose any file on the machine.
            if os.path.islink(path) and not follow_symlinks:
                target = os.path.realpath(path)
                if os.path.commonpath([real_root, target]) != real_root:
                    continue
            yield path


def hash_file(path: str) -> str:
    """sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
