-- Re-deriving stories: forget the signatures of the articles being re-derived, and every grouping.
-- Inputs:  TEMP run_articles (insert_facts.sql).
-- Outputs: article_signatures and article_bands without those articles' rows (story_signatures.sql
--          inserts the new ones); article_stories and stories emptied: a story spans articles, so
--          the assignment (akhbar.warehouse.stories) then matches every signed article again, which
--          gives the tables of a fresh run (a link depends on its two articles alone).
DELETE FROM article_signatures WHERE article_id IN (SELECT article_id FROM run_articles);
DELETE FROM article_bands WHERE article_id IN (SELECT article_id FROM run_articles);
DELETE FROM article_stories;
DELETE FROM stories;
