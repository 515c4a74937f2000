"""The search index: built inside the load transaction, for the articles each run adds.

The index is ``search.postings`` (stem, article, term frequency in title and body) and
``search.indexed_articles`` (length per article). Words come from ``search_key`` (Python: the
transform stages them, akhbar.text.search_keys) and become stems through the warehouse's
analyzer macro (``sql/search_analyzer.sql``), the same code a query goes through
(akhbar.warehouse.search), so a query is analyzed exactly like the text.

``refresh_search_index`` updates the index inside the load transaction (the 'search'
derivation's step, akhbar.warehouse.derive), so a committed warehouse never has search
disagreeing with its tables. It adds only articles without postings: the fts extension's own
index (``PRAGMA create_fts_index``) can only be rebuilt whole, whatever the run added. Indexing
(``sql/search_index.sql``, ``search_count.sql``, ``search_write.sql``) runs under the load's
memory limit, next to the run's uncommitted rows: it counts terms per (term number, article
number) and in slices of articles, so its memory does not grow with the run.
"""

from __future__ import annotations

import contextlib

import duckdb
import pyarrow as pa

from akhbar.text.search_keys import search_key
from akhbar.warehouse.fts import load_fts
from akhbar.warehouse.scripts import run_script

# Bump when search_key or the analyzer macros change: stored analyzed rows are then recomputed.
ANALYZER_VERSION = 1
# Articles re-analysed in Python per chunk when their staged search words are not available.
REANALYZE_CHUNK = 2000
# Articles whose terms are counted in one statement when indexing (sql/search_count.sql): larger
# slices ran out of memory now and then under the load's limit; more, smaller slices each re-read
# the staged text (figures: docs/PERFORMANCE.md).
INDEX_SLICE_ARTICLES = 8_000


def refresh_search_index(con: duckdb.DuckDBPyConnection, staged: bool = False) -> None:
    """Bring the search index up to date with ``articles``; runs inside the caller's transaction.

    Incremental: postings of removed or changed articles (or of an older analyzer) are deleted,
    and only articles without postings are analysed and indexed, so a run's indexing cost follows
    the articles it added. ``staged``: index from the run's staged search words first (the view
    ``stg_staged_search_text``, computed by the transform, in parallel); articles not covered
    there are re-analysed here in chunks.
    """
    load_fts(con)
    run_script(con, "search_analyzer.sql")
    con.execute("CREATE OR REPLACE TEMP TABLE search_settings AS SELECT ?::INTEGER AS analyzer_version", [ANALYZER_VERSION])
    run_script(con, "search_stale.sql")
    if staged:
        _index_staged(con)
    # Articles without postings (an analyzer change, a warehouse from an older akhbar): in
    # chunks, so memory stays bounded however many there are.
    missing = [
        row[0]
        for row in con.execute(
            "SELECT article_id FROM articles AS a "
            "WHERE NOT EXISTS (SELECT 1 FROM search.indexed_articles AS t WHERE t.article_id = a.article_id)"
        ).fetchall()
    ]
    for start in range(0, len(missing), REANALYZE_CHUNK):
        chunk = con.execute(
            "SELECT article_id, title, body, md5(title || chr(10) || body) AS source_hash FROM articles "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [missing[start : start + REANALYZE_CHUNK]],
        ).fetch_arrow_table()
        keyed = pa.table(
            {
                "article_id": chunk["article_id"],
                "title_key": pa.array([search_key(t) for t in chunk["title"].to_pylist()], pa.string()),
                "body_key": pa.array([search_key(t) for t in chunk["body"].to_pylist()], pa.string()),
                "source_hash": chunk["source_hash"],
            }
        )
        con.register("search_reanalyzed", keyed)
        try:
            run_script(con, "search_reanalyzed.sql")
            _run_index(con)
        finally:
            con.unregister("search_reanalyzed")
    con.execute("DROP TABLE search_settings")


def _index_staged(con: duckdb.DuckDBPyConnection) -> None:
    """Index the run's new articles from their staged search words (``stg_staged_search_text``).

    Only the copy of an article that was stored is indexed, once even if the same document came
    twice in the run (the same page in two folders). The articles are numbered first, from ids
    alone; their text is streamed from the staged files by ``search_new_text`` each time a
    statement of the index needs it, never held in a table.
    """
    run_script(con, "search_staged_ids.sql")
    text = (
        "SELECT n.article_no, s.title_key, s.body_key FROM stg_staged_search_text AS s "
        "JOIN search_new_ids AS n ON n.article_id = s.article_id AND n.doc_id = s.doc_id"
    )
    if con.execute("SELECT count(*) FROM search_new_ids WHERE copies > 1").fetchone()[0]:
        # The same document staged more than once: its identical copies are indexed once. The
        # other articles skip DISTINCT ON, which would hold every article's text in memory.
        text = (
            f"{text} WHERE n.copies = 1 UNION ALL "
            f"SELECT DISTINCT ON (article_no) * FROM ({text} WHERE n.copies > 1)"
        )
    con.execute(f"CREATE OR REPLACE TEMP VIEW search_new_text AS {text}")
    _run_index(con)


def _run_index(con: duckdb.DuckDBPyConnection) -> None:
    """Index ``search_new_ids``/``search_new_text`` (sql/search_*.sql), then drop them.

    Terms are counted in slices of at most ``INDEX_SLICE_ARTICLES`` articles, one statement each,
    so the memory the counting needs does not grow with the run (see sql/search_count.sql).
    """
    try:
        articles = con.execute("SELECT count(*) FROM search_new_ids").fetchone()[0]
        run_script(con, "search_index.sql")
        slices = max(1, -(-articles // INDEX_SLICE_ARTICLES))
        for slice_ in range(slices):
            run_script(con, "search_count.sql", {"slices": slices, "slice": slice_})
        run_script(con, "search_write.sql")
    finally:
        # After a failed statement the transaction is aborted and this would fail too,
        # hiding the error that matters.
        with contextlib.suppress(duckdb.Error):
            con.execute("DROP VIEW IF EXISTS search_new_text")
        with contextlib.suppress(duckdb.Error):
            con.execute("DROP TABLE IF EXISTS search_new_ids")
