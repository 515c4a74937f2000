-- Append a run's staged rows. Keys already in the warehouse are left alone, so re-loading the
-- same content is a no-op; duplicates inside the run keep the copy from the first source_uri.

INSERT INTO documents
SELECT * FROM stg_documents s
WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = s.doc_id)
QUALIFY row_number() OVER (PARTITION BY s.doc_id ORDER BY s.source_uri) = 1;

INSERT INTO articles
SELECT a.* FROM stg_articles a
JOIN (SELECT doc_id, min(source_uri) AS source_uri FROM stg_documents GROUP BY doc_id) d USING (doc_id)
WHERE NOT EXISTS (SELECT 1 FROM articles x WHERE x.article_id = a.article_id)
QUALIFY row_number() OVER (PARTITION BY a.article_id ORDER BY d.source_uri, a.doc_id) = 1;

INSERT OR IGNORE INTO article_documents
SELECT article_id, doc_id, min(position) FROM stg_article_documents GROUP BY article_id, doc_id;

INSERT OR IGNORE INTO article_sources
SELECT DISTINCT article_id, source FROM stg_article_sources;

-- Candidate terms of the articles this run added (their first-seen document is one of the run's).
-- article_terms has no index (millions of rows): its key holds because only new articles enter,
-- and an article staged from several documents (copies differing at most in diacritics and
-- spacing) keeps one row per term.
CREATE OR REPLACE TEMP TABLE run_new_articles AS
SELECT article_id, count(*) > 1 AS repeated
FROM stg_articles
WHERE article_id IN (SELECT article_id FROM articles WHERE doc_id IN (SELECT doc_id FROM stg_documents))
GROUP BY article_id;

INSERT INTO article_terms
SELECT * FROM stg_article_terms WHERE article_id IN (SELECT article_id FROM run_new_articles WHERE NOT repeated)
UNION ALL
SELECT DISTINCT ON (article_id, term_norm) * FROM stg_article_terms
WHERE article_id IN (SELECT article_id FROM run_new_articles WHERE repeated);

DROP TABLE run_new_articles;

INSERT OR IGNORE INTO keywords
SELECT keyword_id, first(keyword ORDER BY article_id, rank), keyword_norm
FROM stg_staged_tags GROUP BY keyword_id, keyword_norm;

INSERT OR IGNORE INTO article_keywords (article_id, keyword_id, origin, score, rank)
SELECT article_id, keyword_id, 'tag', 1.0, min(rank) FROM stg_staged_tags GROUP BY article_id, keyword_id;

-- Mentions of the articles this run added, from the copy that was stored (offsets point into it).
CREATE OR REPLACE TEMP TABLE run_mentions AS
SELECT m.* FROM stg_staged_mentions m
SEMI JOIN (SELECT article_id, doc_id FROM articles WHERE doc_id IN (SELECT doc_id FROM stg_documents)) a
    ON a.article_id = m.article_id AND a.doc_id = m.doc_id;

INSERT OR IGNORE INTO entities (entity_id, name, name_norm, entity_type, mention_count, article_count)
SELECT entity_id, first(name ORDER BY article_id, start_char), name_norm, entity_type, 0, 0
FROM run_mentions GROUP BY entity_id, name_norm, entity_type;

INSERT OR IGNORE INTO entity_mentions (article_id, entity_id, field, surface, name, start_char, end_char)
SELECT article_id, entity_id, field, surface, name, start_char, end_char FROM run_mentions;

DROP TABLE run_mentions;
