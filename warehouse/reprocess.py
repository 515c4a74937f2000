"""Re-deriving stored articles, warehouse side: exporting them as transform work.

``akhbar run --reprocess NAMES`` re-derives parts of the warehouse (akhbar.derivations) for the
articles it already holds, through the same transform workers and the same load as new
documents. This module writes the articles (id, stored copy, title, body) to the run's staging
area in Parquet files of at most ``articles_per_file`` articles, streamed out of DuckDB a file at
a time so memory does not grow with the warehouse; each file is one work item (akhbar.formats.stored).
"""

from __future__ import annotations

import pyarrow as pa

import duckdb

from akhbar.formats import stored_articles_item
from akhbar.schema import STORED_ARTICLES
from akhbar.sources import WorkItem
from akhbar.warehouse.ddl import column_list
from akhbar.warehouse.lake import Lake


def export_stored_articles(
    con: duckdb.DuckDBPyConnection, lake: Lake, run_id: str, articles_per_file: int
) -> list[WorkItem]:
    """Write every stored article to the run's staging area; return one work item per file.

    Ordered by article id, so the work (and the files) are the same from one reprocess to the
    next.
    """
    reader = con.execute(
        f"SELECT {column_list(STORED_ARTICLES)} FROM articles ORDER BY article_id"
    ).fetch_record_batch(articles_per_file)
    items = []
    try:
        for number, batch in enumerate(reader):
            table = pa.Table.from_batches([batch]).cast(STORED_ARTICLES.schema)
            path = lake.write_staged(run_id, STORED_ARTICLES.name, f"part-{number:05d}", table)
            items.append(stored_articles_item(path, lake.fs.get_file_info(path).size))
            del table, batch
    finally:
        reader.close()
    return items
