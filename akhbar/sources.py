"""Finding raw documents: folders, globs and files; pages, JSON arrays, JSON Lines; zip and gz.

Discovery works on *files* and never parses them: it lists them (sorted, so runs are
deterministic), expands archives into members, and decides from a manifest of earlier runs
(path, size, mtime -> content hash) which files can be skipped without reading a byte. Reading
records out of a file is the transform's job (``akhbar.readers``).
"""

from __future__ import annotations

import glob
import hashlib
import os
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from akhbar.errors import AkhbarError

# Files that are never documents: OS droppings, editor backups, partial downloads.
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
IGNORED_SUFFIXES = (".tmp", ".swp", ".part", "~")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Raw pages are plain text; a file of any other type (a README, a PDF, an image) is recorded as
# a quarantined document with its reason rather than parsed as a page or silently skipped.
PAGE_SUFFIXES = (".txt", ".text", "")
HASH_CHUNK = 1 << 20


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
class WorkItem:
    """A unit the transform reads: a page file, a JSON/JSONL file, or one member of an archive.

    ``fmt`` is 'page', 'json', 'jsonl' or 'unsupported'; ``member`` names the zip member (None for plain files
    and gzip streams); ``compression`` is None, 'zip' or 'gz'.
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


def work_items(path: str, byte_size: int) -> list[WorkItem]:
    """The work items of one file: itself, or the members of a zip archive."""
    lower = path.lower()
    if lower.endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                members = sorted(
                    (info for info in archive.infolist() if not info.is_dir() and not _ignored(info.filename)),
                    key=lambda info: info.filename,
                )
                return [WorkItem(path, format_of(info.filename), info.compress_size, info.filename, "zip") for info in members]
        except (zipfile.BadZipFile, OSError):
            # Unreadable archives become one quarantined document when the transform reads them.
            return [WorkItem(path, "page", byte_size, None, "zip")]
    if lower.endswith(".gz"):
        return [WorkItem(path, format_of(path[:-3]), byte_size, None, "gz")]
    return [WorkItem(path, format_of(path), byte_size)]


def format_of(name: str) -> str:
    """'json', 'jsonl', 'page' or 'unsupported' from a file name."""
    lower = name.lower()
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "page" if os.path.splitext(lower)[1] in PAGE_SUFFIXES else "unsupported"


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


def hash_file(path: str) -> str:
    """sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
