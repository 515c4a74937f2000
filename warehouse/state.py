"""Small reads of warehouse state that a run needs before it transforms anything."""

from __future__ import annotations

import duckdb


def file_manifest(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, str]]:
    """path -> (byte_size, mtime_ns, content_hash) of every file read by earlier runs."""
    rows = con.execute("SELECT path, byte_size, mtime_ns, content_hash FROM source_files").fetchall()
    return {path: (size, mtime, digest) for path, size, mtime, digest in rows}


def processed_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """content_hash -> documents read, for every file content processed before (at any path)."""
    rows = con.execute("SELECT content_hash, max(documents) FROM source_files GROUP BY content_hash").fetchall()
    return dict(rows)


def committed_runs(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> set[str]:
    """Which of these run ids committed a load."""
    if not run_ids:
        return set()
    rows = con.execute("SELECT run_id FROM runs WHERE list_contains(?, run_id)", [run_ids]).fetchall()
    return {r[0] for r in rows}


def quarantined_file_hashes(con: duckdb.DuckDBPyConnection, input_settings: str, every: bool) -> dict[str, int]:
    """Content hash -> quarantined documents to read again, of the files holding them: every quarantined document when ``every``, else those quarantined
    by a run whose input settings (akhbar's version, the field mapping) differ from these."""
    rows = con.execute(
        """
        SELECT s.content_hash, count(DISTINCT d.doc_id)
        FROM documents d
        LEFT JOIN runs r USING (run_id)
        JOIN source_files s
          ON d.source_uri = s.path OR starts_with(d.source_uri, s.path || '!') OR starts_with(d.source_uri, s.path || '#')
        WHERE d.status = 'quarantined' AND (? OR r.input_settings IS DISTINCT FROM ?)
        GROUP BY s.content_hash
        """,
        [every, input_settings],
    ).fetchall()
    return dict(rows)


def quarantine_reasons(con: duckdb.DuckDBPyConnection, run_id: str, limit: int = 5) -> list[tuple[str, int]]:
    """(reason, documents) of a run's quarantined documents, most frequent first. Reasons that
    differ only in a record's position or a quoted value are told apart: they are shown as stored."""
    return [
        (reason, count)
        for reason, count in con.execute(
            "SELECT error, count(*) FROM documents WHERE run_id = ? AND status = 'quarantined' "
            "GROUP BY error ORDER BY count(*) DESC, error LIMIT ?",
            [run_id, limit],
        ).fetchall()
    ]


def documents_by_format(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    """New documents of a run per format or producer (documents.source_format), most first."""
    rows = con.execute(
        "SELECT coalesce(source_format, 'unknown'), count(*) FROM documents WHERE run_id = ? GROUP BY 1 ORDER BY 2 DESC, 1",
        [run_id],
    ).fetchall()
    return dict(rows)


def quarantined_article_count(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Stored articles the run (a reprocess) quarantined: a derivation raised on them."""
    return con.execute("SELECT count(DISTINCT article_id) FROM quarantined_articles WHERE run_id = ?", [run_id]).fetchone()[0]
