-- Append a run's staged rows. Keys already in the warehouse are left alone, so re-loading the
-- same content changes nothing; duplicates inside the run keep the copy from the first source_uri.
-- Inserts filter with anti-joins rather than INSERT OR IGNORE: DuckDB checks conflicts row by
-- row, which costs minutes at corpus scale.

-- The documents this run adds (a document already loaded, e.g. the same page found again
-- inside an archive, is not loaded twice).
CREATE OR REPLACE TEMP TABLE run_documents AS
SELECT DISTINCT doc_id FROM stg_documents
WHERE doc_id NOT IN (SELECT doc_id FROM documents);

-- Documents and articles: a run adds fewer than a row group (122,880 rows) of each, which DuckDB
-- keeps uncompressed in memory (or spilled to its temp files) until the commit. Inserted on two
-- threads, SaudiNewsNet's articles took twice the memory (~280 MB instead of ~140 MB, measured
-- with duckdb_memory()). So these two run on one thread (the load restores the setting if a
-- statement in between fails).
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

-- Articles this run added: their first-seen document is one of the run's.
CREATE OR REPLACE TEMP TABLE run_new_articles AS
SELECT a.article_id, a.doc_id, (SELECT count(*) FROM stg_articles s WHERE s.article_id = a.article_id) > 1 AS repeated
FROM articles a WHERE a.doc_id IN (SELECT doc_id FROM run_documents);

-- Candidate terms of the new articles. article_terms has no index (millions of rows): its key
-- holds because only new articles enter, and an article staged from several documents (copies
-- differing at most in diacritics and spacing) keeps one row per term.
INSERT INTO article_terms
SELECT * FROM stg_article_terms WHERE article_id IN (SELECT article_id FROM run_new_articles WHERE NOT repeated)
UNION ALL
SELECT DISTINCT ON (article_id, term_norm) * FROM stg_article_terms
WHERE article_id IN (SELECT article_id FROM run_new_articles WHERE repeated);

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

-- Mentions of the new articles, from the copy that was stored (offsets point into it). A view,
-- re-read by the two statements below: as a TEMP table its ~150 MB (SaudiNewsNet) stayed in
-- memory until the commit, even after DROP, as does every table made inside a transaction.
CREATE OR REPLACE TEMP VIEW run_mentions AS
SELECT m.* FROM stg_staged_mentions m
SEMI JOIN run_new_articles a ON a.article_id = m.article_id AND a.doc_id = m.doc_id;

-- Names new to the warehouse enter the trail as their own entity; resolve.py links them.
INSERT INTO entity_aliases (alias_id, alias_norm, entity_type, entity_id, method, mention_count, article_count)
SELECT alias_id, name_norm, entity_type, alias_id, 'self', 0, 0
FROM run_mentions
WHERE alias_id NOT IN (SELECT alias_id FROM entity_aliases)
GROUP BY alias_id, name_norm, entity_type;

-- run_mentions, run_new_articles and run_documents stay for insert_mentions.sql, which
-- runs once resolve.py has linked the new names (the mentions then land resolved, never updated).
