WITH df AS (SELECT term_norm, count(*) AS df FROM article_terms GROUP BY term_norm),
n AS (SELECT count(DISTINCT article_id) AS n FROM article_terms)
SELECT article_id, term_norm, term, score, rank FROM (
  SELECT t.article_id, t.term_norm, t.term,
         t.tf * (ln((n.n + 1.0) / (df.df + 1.0)) + 1.0) AS score,
         row_number() OVER (PARTITION BY t.article_id ORDER BY t.tf * (ln((n.n + 1.0) / (df.df + 1.0)) + 1.0) DESC, t.term_norm) AS rank
  FROM article_terms t JOIN df USING (term_norm) CROSS JOIN n
) WHERE rank <= 10
