-- Re-deriving keywords: remove the candidate terms of the articles being re-derived.
-- Inputs:  TEMP run_articles (insert_facts.sql).
-- Outputs: article_terms without those articles' rows (derive_keywords.sql inserts the new ones;
--          extracted keyphrases are then rescored from the whole table, publisher tags are kept).
DELETE FROM article_terms WHERE article_id IN (SELECT article_id FROM run_articles);
