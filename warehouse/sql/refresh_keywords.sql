-- Write the scored extracted keyphrases (derivation 'keywords', refresh step 2 of 2).
-- Inputs:  TEMP scored_keywords (score_keywords.sql; dropped here), keywords, article_keywords.
-- Outputs: article_keywords (origin 'extracted') replaced, new keywords added, keywords no
--          article uses any more deleted.
--
-- Extracted keyphrases are scored against document frequencies over the whole warehouse, so
-- they are recomputed whenever articles arrive: the result never depends on arrival order.
-- Runs after score_keywords.sql, which leaves its result in the TEMP table scored_keywords.
DELETE FROM article_keywords WHERE origin = 'extracted';

-- An anti-join, not INSERT OR IGNORE: DuckDB checks conflicts row by row, which costs a minute
-- at SaudiNewsNet scale where most phrases already exist.
INSERT INTO keywords
SELECT substr(sha256(term_norm), 1, 16), first(term ORDER BY term), term_norm
FROM scored_keywords
WHERE term_norm NOT IN (SELECT keyword_norm FROM keywords)
GROUP BY term_norm;

INSERT INTO article_keywords (article_id, keyword_id, origin, score, rank)
SELECT article_id, substr(sha256(term_norm), 1, 16), 'extracted', score, rank FROM scored_keywords;

DROP TABLE scored_keywords;

-- Phrases no article uses any more (an earlier ranking kept them) go, so the table depends only
-- on the articles loaded, not on the order they came in.
DELETE FROM keywords WHERE keyword_id NOT IN (SELECT keyword_id FROM article_keywords);
