-- Ranked full-text search over articles.
-- $terms: the query already analyzed (search.analyze(search_key(query))).
-- $conjunctive: 1 = every term must occur, 0 = any term.
-- $title_boost: weight of the title-only BM25 score added to the whole-article score.
-- $since: earliest published_date, or NULL. $entity_key: match key of an entity name, or NULL.
-- $limit: rows to return.
WITH scored AS (
    SELECT
        t.article_id,
        fts_search_article_text.match_bm25(t.article_id, $terms, conjunctive := $conjunctive) AS article_score,
        fts_search_article_text.match_bm25(t.article_id, $terms, fields := 'title') AS title_score
    FROM search.article_text AS t
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
WHERE scored.article_score IS NOT NULL
  AND ($since IS NULL OR a.published_date >= $since)
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
