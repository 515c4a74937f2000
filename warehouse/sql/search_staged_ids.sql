-- Index the run's articles from their staged search words: number them (the first input of
-- search_index.sql).
-- Inputs:  stg_staged_search_text (the run's staged search words, akhbar.warehouse.load),
--          articles, search.indexed_articles.
-- Outputs: TEMP search_new_ids(article_no, article_id, doc_id, copies, source_hash): the stored
--          copy of each staged article not indexed yet, numbered 1..n; copies > 1 when the same
--          document was staged more than once. akhbar.warehouse.search_index then defines the
--          view search_new_text over the staged words.
--
-- articles first: the join builds its hash table on the staged ids, not on the bodies.
CREATE OR REPLACE TEMP TABLE search_new_ids AS
SELECT row_number() OVER ()::INTEGER AS article_no, s.article_id, s.doc_id, s.copies,
       md5(a.title || chr(10) || a.body) AS source_hash
FROM articles AS a
JOIN (
    SELECT article_id, doc_id, count(*) AS copies FROM stg_staged_search_text GROUP BY article_id, doc_id
) AS s ON a.article_id = s.article_id AND a.doc_id = s.doc_id
WHERE s.article_id NOT IN (SELECT article_id FROM search.indexed_articles);
