"""Small reads of warehouse state that a run needs before it transforms anything."""

from __future__ import annotations

import duckdb
import pyarrow as pa


def known_doc_ids(con: duckdb.DuckDBPyConnection, candidates: list[str]) -> set[str]:
    """Which of the candidate document ids the warehouse already has (loaded or quarantined)."""
    if not candidates:
        return set()
    ids = pa.table({"doc_id": pa.array(candidates, pa.string())})
    con.register("candidate_ids", ids)
    try:
        rows = con.execute("SELECT doc_id FROM documents SEMI JOIN candidate_ids USING (doc_id)").fetchall()
    finally:
        con.unregister("candidate_ids")
    return {r[0] for r in rows}


def known_tag_norms(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Match keys of every publisher tag seen so far (evidence for segmenting new tag lines)."""
    rows = con.execute(
        "SELECT DISTINCT k.keyword_norm FROM keywords k JOIN article_keywords ak USING (keyword_id) "
        "WHERE ak.origin = 'tag' ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def committed_runs(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> set[str]:
    """Which of these run ids committed a load."""
    if not run_ids:
        return set()
    rows = con.execute("SELECT run_id FROM runs WHERE list_contains(?, run_id)", [run_ids]).fetchall()
    return {r[0] for r in rows}
