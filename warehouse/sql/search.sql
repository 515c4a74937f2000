-- Ranked full-text search over articles: BM25 over title and body, plus the title-only score.
-- Inputs:  search.postings, search.indexed_articles, articles, article_sources, entity_mentions,
--          entities, and the parameters below. Outputs: the ranked rows (no table is written).
-- $terms: the query already analyzed (search.analyze(search_key(query))).
-- $conjunctive: 1 = every term must occur, 0 = any term.
-- $title_boost: weight of the title-only BM25 score added to the whole-article score.
-- $k1, $b: BM25 parameters.
-- $since: earliest published_date, or NULL. $entity_key: match key of an entity name, or NULL.
-- $limit: rows to return.
-- The formula is the fts extension's match_bm25: idf = log10((N - df + 0.5) / (df + 0.5) + 1), with
-- the article's length and df counted over title and body together.
WITH query_terms AS (
    SELECT DISTINCT term FROM (SELECT unnest(string_split($terms, ' ')) AS term) WHERE term <> ''
),
collection AS (
    SELECT count(*) AS n, avg(length) AS avgdl FROM search.indexed_articles
),
hits AS (
    SELECT p.term, p.article_id, p.title_tf, p.body_tf
    FROM search.postings AS p SEMI JOIN query_terms AS q ON p.term = q.term
),
term_df AS (
    SELECT term, count(*) AS df FROM hits GROUP BY term
),
matched AS (
    SELECT article_id FROM hits GROUP BY article_id
    HAVING $conjunctive = 0 OR count(DISTINCT term) = (SELECT count(*) FROM query_terms)
),
weighted AS (
    SELECT
        h.article_id,
        h.title_tf,
        h.title_tf + h.body_tf AS tf,
        log10((c.n - d.df + 0.5) / (d.df + 0.5) + 1) AS idf,
        $k1 * (1 - $b + $b * s.length / c.avgdl) AS norm
    FROM hits AS h
    JOIN matched USING (article_id)
    JOIN term_df AS d USING (term)
    JOIN search.indexed_articles AS s USING (article_id)
    CROSS JOIN collection AS c
),
scored AS (
    SELECT
        article_id,
        sum(idf * tf * ($k1 + 1) / (tf + norm)) AS article_score,
        sum(idf * title_tf * ($k1 + 1) / (title_tf + norm)) FILTER (WHERE title_tf > 0) AS title_score
    FROM weighted
    GROUP BY article_id
)
SELECT
    a.article_id,
    a.published_date,
    a.publisher,
    (SELECT list(s.source ORDER BY s.source) FROM article_sources AS s WHERE s.article_id = a.article_id) AS sources,
    a.title,
    a.body,
    round(scored.article_score + $title_boost * coalesce(scored.title_score, 0), 4) AS score
FROM scored
JOIN articles AS a USING (article_id)
WHERE ($since IS NULL OR a.published_date >= $since)
  AND (
      $entity_key IS NULL
      OR EXISTS (
          SELECT 1
          FROM entity_mentions AS m
          JOIN entities AS e USING (entity_id)
          WHERE m.article_id = a.article_id
            -- the whole name, or whole words of it: 'بيسكوف' finds 'دميتري بيسكوف'
            AND contains(' ' || e.name_norm || ' ', ' ' || $entity_key || ' ')
      )
  )
ORDER BY score DESC, a.published_at DESC NULLS LAST, a.article_id
LIMIT $limit
