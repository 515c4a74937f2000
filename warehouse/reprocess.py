"""Re-deriving a warehouse's entities from its stored articles (a new NER model, new rules).

Articles, documents and everything else stay as they are; entities and mentions are replaced
in one transaction, with the same data checks as a load.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from datetime import datetime, timezone

import duckdb
import pyarrow as pa

from akhbar.errors import WarehouseError
from akhbar.schema import RUNS
from akhbar.warehouse.checks import run_checks
from akhbar.warehouse.ddl import column_list
from akhbar.warehouse.load import RunInfo
from akhbar.warehouse.resolve import refresh_entities, resolve_entities

# Articles read and analysed at a time: bounds memory whatever the warehouse's size.
CHUNK_ARTICLES = 2000


def article_chunks(con: duckdb.DuckDBPyConnection) -> Iterator[list[tuple[str, str, str, str]]]:
    """(article_id, doc_id, title, body) of every article, in chunks, in a stable order."""
    ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()]
    for start in range(0, len(ids), CHUNK_ARTICLES):
        yield con.execute(
            "SELECT article_id, doc_id, title, body FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            "ORDER BY article_id",
            [ids[start : start + CHUNK_ARTICLES]],
        ).fetchall()


def replace_entities(
    con: duckdb.DuckDBPyConnection,
    mentions_of: Callable[[list[tuple[str, str, str, str]]], pa.Table],
    run: RunInfo,
) -> dict:
    """Replace entities and mentions with ``mentions_of`` applied to every article; return the run row."""
    chunks = [mentions_of(chunk) for chunk in article_chunks(con)]
    mentions = pa.concat_tables(chunks) if chunks else None
    before = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ("entities", "entity_mentions", "entity_aliases")}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM entity_mentions")
        con.execute("DELETE FROM entity_aliases")
        con.execute("DELETE FROM entities")
        if mentions is not None and mentions.num_rows:
            con.register("reprocessed_mentions", mentions)
            con.execute(
                "INSERT INTO entity_aliases (alias_id, alias_norm, entity_type, entity_id, method, mention_count, article_count) "
                "SELECT alias_id, name_norm, entity_type, alias_id, 'self', 0, 0 "
                "FROM reprocessed_mentions GROUP BY alias_id, name_norm, entity_type"
            )
            resolve_entities(con, pending_mentions="reprocessed_mentions")
            con.execute(
                "INSERT INTO entity_mentions (article_id, entity_id, field, surface, name, start_char, end_char, method, alias_id) "
                "SELECT DISTINCT ON (m.article_id, m.field, m.start_char) m.article_id, a.entity_id, m.field, m.surface, "
                "m.name, m.start_char, m.end_char, m.method, m.alias_id "
                "FROM reprocessed_mentions AS m JOIN entity_aliases AS a USING (alias_id)"
            )
            con.unregister("reprocessed_mentions")
        refresh_entities(con)
        after = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in before}
        row = {
            "run_id": run.run_id,
            "flow_run_id": run.flow_run_id,
            "started_at": run.started_at,
            "finished_at": datetime.now(timezone.utc),
            "documents_seen": 0,
            "documents_new": 0,
            "documents_skipped": 0,
            "documents_loaded": 0,
            "documents_quarantined": 0,
            "rows_written": json.dumps({t: after[t] - before[t] for t in before}, sort_keys=True),
        }
        con.execute(
            f"INSERT INTO runs ({column_list(RUNS)}) VALUES ({', '.join('?' for _ in RUNS.columns)})",
            [row[c] for c in RUNS.columns],
        )
        # The checks look at "the run's documents": here every article was re-analysed.
        con.execute("CREATE OR REPLACE TEMP TABLE stg_documents AS SELECT * FROM documents")
        run_checks(con, run.run_id)
        con.execute("DROP TABLE stg_documents")
        con.execute("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        if isinstance(exc, duckdb.Error):
            raise WarehouseError(f"re-deriving entities failed and was rolled back: {exc}") from exc
        raise
    return row
