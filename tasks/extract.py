"""Extract: find the run's documents and decide which are new."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect import get_run_logger, task

from akhbar.sources import DocRef, discover
from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.state import known_doc_ids


@dataclass(frozen=True)
class Discovery:
    """Documents found in the sources: the new ones to process and how many were skipped."""

    new: list[DocRef]
    seen: int
    skipped: int


@task(name="discover-documents", retries=2, retry_delay_seconds=2)
def discover_documents(sources: list[str], warehouse: str, full_refresh: bool) -> Discovery:
    """List and hash every document; skip those whose bytes are already in the warehouse."""
    logger = get_run_logger()
    refs = discover(sources)
    if full_refresh:
        known: set[str] = set()
    else:
        with connect_writer(Path(warehouse)) as con:
            known = known_doc_ids(con, [r.doc_id for r in refs])
    new, queued = [], set()
    for ref in refs:
        # The same bytes at two paths in one run are one document: the first path is kept.
        if ref.doc_id in known or ref.doc_id in queued:
            continue
        queued.add(ref.doc_id)
        new.append(ref)
    skipped = len(refs) - len(new)
    logger.info("found %d document(s): %d new, %d already loaded", len(refs), len(new), skipped)
    return Discovery(new=new, seen=len(refs), skipped=skipped)
