"""Data checks run inside each load transaction, before commit: a failure rolls the run back.

They read the load's staged views (``stg_*``) and its TEMP table ``run_articles`` (the articles
whose derived rows the run wrote, insert_facts.sql).
"""

from __future__ import annotations

import duckdb

from akhbar.errors import AkhbarError

# Each check is a query counting violations; its name says what must hold.
CHECKS: dict[str, str] = {
    "every staged document is in documents exactly once": """
        SELECT count(*) FROM (SELECT DISTINCT doc_id FROM stg_documents) s
        WHERE (SELECT count(*) FROM documents d WHERE d.doc_id = s.doc_id) <> 1""",
    "articles point to a known document": """
        SELECT count(*) FROM articles a ANTI JOIN documents d USING (doc_id)""",
    "related articles point to a known parent": """
        SELECT count(*) FROM articles a WHERE parent_article_id IS NOT NULL
        AND parent_article_id NOT IN (SELECT article_id FROM articles)""",
    "article_documents point to known articles and documents": """
        SELECT count(*) FROM article_documents x
        WHERE x.article_id NOT IN (SELECT article_id FROM articles)
           OR x.doc_id NOT IN (SELECT doc_id FROM documents)""",
    "loaded documents have articles, quarantined ones a reason": """
        SELECT count(*) FROM documents
        WHERE (status = 'loaded' AND doc_id NOT IN (SELECT doc_id FROM article_documents))
           OR (status = 'quarantined' AND (error IS NULL OR error = ''))
           OR status NOT IN ('loaded', 'quarantined')""",
    "article_sources point to known articles": """
        SELECT count(*) FROM article_sources ANTI JOIN articles USING (article_id)""",
    "article_keywords point to known articles and keywords": """
        SELECT count(*) FROM article_keywords x
        WHERE x.article_id NOT IN (SELECT article_id FROM articles)
           OR x.keyword_id NOT IN (SELECT keyword_id FROM keywords)""",
    "entity_mentions point to known articles and entities": """
        SELECT count(*) FROM entity_mentions m
        WHERE m.article_id NOT IN (SELECT article_id FROM articles)
           OR m.entity_id NOT IN (SELECT entity_id FROM entities)""",
    "mention offsets match the text of this run's articles": """
        SELECT count(*) FROM entity_mentions m
        JOIN (SELECT article_id, title, body FROM articles
              WHERE article_id IN (SELECT article_id FROM run_articles)) a USING (article_id)
        WHERE substr(CASE m.field WHEN 'title' THEN a.title ELSE a.body END,
                     m.start_char + 1, m.end_char - m.start_char) <> m.surface""",
    "this run's articles each have one story": """
        SELECT count(*) FROM (
            SELECT a.article_id, (SELECT count(*) FROM article_stories s WHERE s.article_id = a.article_id) AS n
            FROM articles a WHERE a.doc_id IN (SELECT doc_id FROM stg_documents)
        ) WHERE n <> 1""",
    "every assigned story has its stories row": """
        SELECT count(*) FROM (SELECT DISTINCT story_id FROM article_stories) s ANTI JOIN stories USING (story_id)""",
    "the run's counts reconcile with documents": """
        SELECT count(*) FROM runs r WHERE r.run_id = $run_id AND r.documents_new <>
            (SELECT count(*) FROM documents d WHERE d.run_id = $run_id)""",
}


class DataCheckError(AkhbarError):
    """A data check failed: the run is rolled back and nothing it did is kept."""


# The checks that concern the run's own row: the only ones a run that changed no data needs (every
# other check held when the data it reads was last committed).
RUN_ROW_CHECKS = frozenset({"the run's counts reconcile with documents"})


def run_checks(con: duckdb.DuckDBPyConnection, run_id: str, data_changed: bool = True) -> None:
    """Run every check (only RUN_ROW_CHECKS when the run changed no data); raise
    ``DataCheckError`` naming each one that found violations."""
    failures = []
    for name, query in CHECKS.items():
        if not data_changed and name not in RUN_ROW_CHECKS:
            continue
        params = {"run_id": run_id} if "$run_id" in query else None
        violations = con.execute(query, params).fetchone()[0]
        if violations:
            failures.append(f"{name}: {violations} violation(s)")
    if failures:
        raise DataCheckError("data checks failed, run rolled back:\n  " + "\n  ".join(failures))
