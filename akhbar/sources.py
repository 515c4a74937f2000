"""Finding raw documents: a folder, a glob or a single file, each file one document.

Listing is deterministic (sorted) so that a run's batches, and therefore which copy of a
duplicated article counts as "first seen", do not depend on the filesystem's order.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from akhbar.errors import AkhbarError

# Files that are never documents: editor backups, OS droppings, our own temporary files.
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
IGNORED_SUFFIXES = (".tmp", ".swp", ".part", "~")
HASH_CHUNK = 1 << 20


class SourceError(AkhbarError):
    """A source given by the user does not exist or cannot be listed."""


@dataclass(frozen=True)
class DocRef:
    """A raw document found in a source: where it is, its size and the hash of its bytes."""

    source_uri: str
    path: str
    byte_size: int
    doc_id: str


def discover(sources: Iterable[str], follow_symlinks: bool = False) -> list[DocRef]:
    """Every document under the given sources, hashed, in a stable order, without duplicates paths."""
    seen: set[str] = set()
    refs = []
    for source in sources:
        for path in _expand(source, follow_symlinks):
            key = os.path.abspath(path)
            if key in seen:
                continue
            seen.add(key)
            size = os.path.getsize(path)
            refs.append(DocRef(source_uri=path, path=path, byte_size=size, doc_id=_hash_file(path)))
    return refs


def _expand(source: str, follow_symlinks: bool) -> Iterator[str]:
    if glob.has_magic(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            raise SourceError(f"no file matches {source!r}")
        for match in matches:
            if os.path.isfile(match) and not _ignored(match):
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
            if _ignored(path) or not os.path.isfile(path):
                continue
            # A symlink leading outside the source folder could expose any file on the machine.
            if os.path.islink(path) and not follow_symlinks:
                target = os.path.realpath(path)
                if os.path.commonpath([real_root, target]) != real_root:
                    continue
            yield path


def _ignored(path: str) -> bool:
    name = os.path.basename(path)
    return name in IGNORED_NAMES or name.startswith(".") or name.endswith(IGNORED_SUFFIXES)


def _hash_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_document(ref: DocRef) -> bytes:
    """The raw bytes of a document."""
    with open(ref.path, "rb") as handle:
        return handle.read()
