-- Candidate keyphrases of the run's articles, from staging (derivation 'keywords').
-- Inputs:  stg_article_terms (staged candidates); TEMP run_articles (insert_facts.sql).
-- Outputs: rows in article_terms. Extracted keyphrases are then scored from the whole table by
--          score_keywords.sql and refresh_keywords.sql.
--
-- article_terms has no index (millions of rows): its key holds because only articles without
-- terms enter (new ones, or re-derived ones after clear_keywords.sql), and an article staged from
-- several documents (copies differing at most in diacritics and spacing) keeps one row per term.
INSERT INTO article_terms
SELECT * FROM stg_article_terms WHERE article_id IN (SELECT article_id FROM run_articles WHERE NOT repeated)
UNION ALL
SELECT DISTINCT ON (article_id, term_norm) * FROM stg_article_terms
WHERE article_id IN (SELECT article_id FROM run_articles WHERE repeated);
