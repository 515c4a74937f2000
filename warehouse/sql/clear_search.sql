-- Re-deriving search: remove the index entries of the articles being re-derived.
-- Inputs:  TEMP run_articles (insert_facts.sql).
-- Outputs: search.postings and search.indexed_articles without those articles (the search index
--          step then indexes them from their staged search words).
DELETE FROM search.postings WHERE article_id IN (SELECT article_id FROM run_articles);
DELETE FROM search.indexed_articles WHERE article_id IN (SELECT article_id FROM run_articles);
