-- Search index, before indexing: forget the articles whose entries are stale.
-- Inputs:  search.indexed_articles, articles, TEMP search_settings(analyzer_version)
--          (akhbar.warehouse.search_index).
-- Outputs: search.postings and search.indexed_articles without the articles removed, changed
--          (their title and body no longer hash to source_hash) or analyzed by another analyzer
--          version; they are indexed again as articles without postings. TEMP search_stale is
--          made and dropped here.
CREATE OR REPLACE TEMP TABLE search_stale AS
SELECT t.article_id FROM search.indexed_articles AS t
WHERE t.analyzer_version <> (SELECT analyzer_version FROM search_settings)
   OR NOT EXISTS (
       SELECT 1 FROM articles AS a
       WHERE a.article_id = t.article_id AND md5(a.title || chr(10) || a.body) = t.source_hash
   );

DELETE FROM search.postings WHERE article_id IN (SELECT article_id FROM search_stale);
DELETE FROM search.indexed_articles WHERE article_id IN (SELECT article_id FROM search_stale);
DROP TABLE search_stale;
