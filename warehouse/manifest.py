"""The lake's commit record: which files make up the published tables after each run.

An object store has no rename, so a run cannot make a folder of files appear at once. Instead the
publish writes its files under run-scoped names, then one small object, the run's manifest
(``_manifests/<run_id>.json``: table -> every file of its committed state), and only then removes
what the new state no longer lists. Writing the manifest is the commit: one object appears whole
or not at all, on S3 as on a local disk (written under a temporary name and renamed there).

Readers (the DuckLake catalog sync, the warehouse's ``lake_<table>`` views, the verification) take
the newest manifest's lists, so a run that died before its manifest leaves files nobody reads,
which the next run's recovery republishes or sets aside. Run ids sort by start time and runs of a
lake are serialised by the writer lock, so the newest manifest is the last one by name.

No DuckDB here: the lake (``akhbar.warehouse.lake.Lake``) hands in its filesystem.
"""

from __future__ import annotations

import json
import posixpath
import uuid
from typing import TYPE_CHECKING

import pyarrow.fs as pafs

from akhbar.faults import failpoint

if TYPE_CHECKING:
    from akhbar.warehouse.lake import Lake

MANIFESTS = "_manifests"
# The newest manifest is the state; the one before it is kept for a reader that listed its files
# an instant before the commit.
KEEP_MANIFESTS = 2


def _manifest_names(lake: Lake) -> list[str]:
    selector = pafs.FileSelector(lake.path(MANIFESTS), allow_not_found=True)
    return sorted(
        posixpath.basename(info.path)
        for info in lake.fs.get_file_info(selector)
        if info.type == pafs.FileType.File and info.path.endswith(".json")
    )


def newest_manifest(lake: Lake) -> str | None:
    """The run id of the newest manifest (the lake's committed state), None when there is none."""
    names = _manifest_names(lake)
    return names[-1].removesuffix(".json") if names else None


def read_manifest(lake: Lake) -> dict[str, list[str]] | None:
    """Table -> files (relative to the lake root) of the newest manifest; None when the lake has
    none yet (a new lake, or one published before manifests existed)."""
    names = _manifest_names(lake)
    if not names:
        return None
    with lake.fs.open_input_stream(lake.path(MANIFESTS, names[-1])) as handle:
        return json.loads(handle.read())["tables"]


def commit_manifest(lake: Lake, run_id: str, tables: dict[str, list[str]]) -> None:
    """Write the run's manifest (the commit of its publish), then drop manifests beyond KEEP_MANIFESTS."""
    failpoint("lake.before_manifest")
    lake.fs.create_dir(lake.path(MANIFESTS), recursive=True)
    final = lake.path(MANIFESTS, f"{run_id}.json")
    body = json.dumps({"run_id": run_id, "tables": tables}, ensure_ascii=False, sort_keys=True).encode()
    if lake.is_local:
        temp = f"{final}.tmp-{uuid.uuid4().hex}"
        with lake.fs.open_output_stream(temp) as out:
            out.write(body)
        lake.fs.move(temp, final)
    else:
        with lake.fs.open_output_stream(final) as out:
            out.write(body)
    for name in _manifest_names(lake)[:-KEEP_MANIFESTS]:
        lake.fs.delete_file(lake.path(MANIFESTS, name))
