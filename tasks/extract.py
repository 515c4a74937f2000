"""Extract: find the run's files, skip those processed before, and cut the rest into batches."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task

from akhbar.sources import Discovery, discover
from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.state import file_manifest, processed_hashes, quarantined_file_hashes


@task(name="discover-documents", retries=2, retry_delay_seconds=2)
def discover_documents(
    sources: list[str],
    warehouse: str,
    full_refresh: bool,
    input_settings: str = "",
    retry_quarantined: bool = False,
) -> tuple[Discovery, int]:
    """List the sources' files; unchanged or already processed files are skipped unread, except
    files holding documents quarantined under other input settings (or any quarantined document,
    with ``retry_quarantined``). Returns the discovery and how many quarantined documents it
    reads again."""
    retried = 0
    if full_refresh:
        manifest, known = {}, {}
    else:
        with connect_writer(Path(warehouse)) as con:
            manifest, known = file_manifest(con), processed_hashes(con)
            retry = quarantined_file_hashes(con, input_settings, retry_quarantined)
        known = {digest: count for digest, count in known.items() if digest not in retry}
    found = discover(sources, manifest, known)
    if not full_refresh:
        retried = sum(retry.get(f.content_hash, 0) for f in {f.content_hash: f for f in found.files}.values())
    get_run_logger().info(
        "%d new file(s) giving %d work item(s); %d file(s) (%d documents) unchanged since an earlier run",
        len(found.files),
        len(found.items),
        found.skipped_files,
        found.skipped_documents,
    )
    if retried:
        get_run_logger().info("reading again %d document(s) quarantined earlier", retried)
    return found, retried
