-- Append a run's new documents, articles and their facts (sources, publisher tags).
-- Inputs:  stg_documents, stg_articles, stg_article_documents, stg_article_sources,
--          stg_staged_tags, stg_rederived_articles (the run's staged files, akhbar.warehouse.load).
-- Outputs: rows in documents, articles, article_documents, article_sources, keywords and
--          article_keywords (origin 'tag'); rows in lake_rewrites (earlier runs' stale lake files);
--          TEMP table run_articles(article_id, doc_id, repeated): the articles whose derived rows
--          this run writes (the derive_*.sql scripts read it; the load drops it after its checks):
--          the articles the run added, and the stored articles a reprocess re-derived.
--          TEMP run_documents (the documents the run adds) is made and dropped here.
--
-- Append a run's staged rows. Keys already in the warehouse are left alone, so re-loading the
-- same content changes nothing; duplicates inside the run keep the copy from the first source_uri.
-- Inserts filter with anti-joins rather than INSERT OR IGNORE: DuckDB checks conflicts row by
-- row, which costs minutes at corpus scale.

-- A document quarantined by an earlier run and read again (--retry-quarantined, or new input
-- settings: the cause may be gone) takes its new outcome; quarantined documents have no facts.
-- Matched by source_uri too: a document refused unread (too large) has no id from its bytes.
-- The runs that held those rows have them in their lake files too: lake_rewrites has the publish
-- write those files again from the warehouse, so the lake keeps one row per document.
INSERT OR IGNORE INTO lake_rewrites (table_name, run_id)
SELECT DISTINCT 'documents', run_id FROM documents
WHERE status = 'quarantined'
  AND (doc_id IN (SELECT doc_id FROM stg_documents) OR source_uri IN (SELECT source_uri FROM stg_documents));

DELETE FROM documents
WHERE status = 'quarantined'
  AND (doc_id IN (SELECT doc_id FROM stg_documents) OR source_uri IN (SELECT source_uri FROM stg_documents));

-- The documents this run adds (a document already loaded, e.g. the same page found again
-- inside an archive, is not loaded twice).
CREATE OR REPLACE TEMP TABLE run_documents AS
SELECT DISTINCT doc_id FROM stg_documents
WHERE doc_id NOT IN (SELECT doc_id FROM documents);

-- Documents and articles: a run adds fewer than a row group (122,880 rows) of each, which DuckDB
-- keeps uncompressed in memory (or spilled to its temp files) until the commit. Inserted on two
-- threads, they took twice the memory (docs/PERFORMANCE.md). So these two run on one thread (the
-- load restores the setting if a statement in between fails).
SET threads = 1;

INSERT INTO documents
SELECT * FROM stg_documents
WHERE doc_id IN (SELECT doc_id FROM run_documents)
QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY source_uri) = 1;

INSERT INTO articles
SELECT a.* FROM stg_articles a
JOIN (SELECT doc_id, min(source_uri) AS source_uri FROM stg_documents GROUP BY doc_id) d USING (doc_id)
WHERE a.doc_id IN (SELECT doc_id FROM run_documents)
  AND a.article_id NOT IN (SELECT article_id FROM articles)
QUALIFY row_number() OVER (PARTITION BY a.article_id ORDER BY d.source_uri, a.doc_id) = 1;

RESET threads;

INSERT INTO article_documents
SELECT article_id, doc_id, min(position) FROM stg_article_documents
WHERE doc_id IN (SELECT doc_id FROM run_documents)
GROUP BY article_id, doc_id;

INSERT INTO article_sources
SELECT DISTINCT s.article_id, s.source FROM stg_article_sources s
WHERE NOT EXISTS (SELECT 1 FROM article_sources x WHERE x.article_id = s.article_id AND x.source = s.source);

INSERT INTO keywords
SELECT keyword_id, first(keyword ORDER BY article_id, rank), keyword_norm
FROM stg_staged_tags
WHERE keyword_norm NOT IN (SELECT keyword_norm FROM keywords)
GROUP BY keyword_id, keyword_norm;

INSERT INTO article_keywords (article_id, keyword_id, origin, score, rank)
SELECT t.article_id, t.keyword_id, 'tag', 1.0, min(t.rank) FROM stg_staged_tags t
WHERE NOT EXISTS (
    SELECT 1 FROM article_keywords x WHERE x.article_id = t.article_id AND x.keyword_id = t.keyword_id AND x.origin = 'tag'
)
GROUP BY t.article_id, t.keyword_id;

-- Articles whose derived rows this run writes: those it added (their first-seen document is one
-- of the run's; 'repeated' when staged from several documents), and stored articles re-derived.
CREATE OR REPLACE TEMP TABLE run_articles AS
SELECT a.article_id, a.doc_id, (SELECT count(*) FROM stg_articles s WHERE s.article_id = a.article_id) > 1 AS repeated
FROM articles a WHERE a.doc_id IN (SELECT doc_id FROM run_documents)
UNION ALL
SELECT DISTINCT r.article_id, r.doc_id, false FROM stg_rederived_articles r
SEMI JOIN articles a ON a.article_id = r.article_id AND a.doc_id = r.doc_id;

DROP TABLE run_documents;
