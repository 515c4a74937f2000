-- Extracted keyphrases are scored against document frequencies over the whole warehouse, so
-- they are recomputed whenever articles arrive: the result never depends on arrival order.
DELETE FROM article_keywords WHERE origin = 'extracted';

CREATE OR REPLACE TEMP TABLE scored_keywords AS
{score_keywords};

INSERT OR IGNORE INTO keywords
SELECT substr(sha256(term_norm), 1, 16), first(term ORDER BY term), term_norm
FROM scored_keywords GROUP BY term_norm;

INSERT INTO article_keywords (article_id, keyword_id, origin, score, rank)
SELECT article_id, substr(sha256(term_norm), 1, 16), 'extracted', score, rank FROM scored_keywords;

DROP TABLE scored_keywords;
