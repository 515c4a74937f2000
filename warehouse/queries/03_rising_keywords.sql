-- Question: Which keywords appear in more articles in the last N days than in the N days before?
-- $days INTEGER = 30 : length of each window, in days
-- $as_of DATE = NULL : end of the recent window; NULL means the latest publication date in the warehouse
-- $limit INTEGER = 20 : how many keywords
WITH bounds AS (
    SELECT coalesce(CAST($as_of AS DATE), max(published_date)) AS as_of FROM articles
),
windows AS (
    SELECT
        k.keyword,
        coalesce(sum(k.articles) FILTER (WHERE k.published_date > b.as_of - $days), 0) AS recent,
        coalesce(sum(k.articles) FILTER (WHERE k.published_date <= b.as_of - $days), 0) AS previous
    FROM keyword_daily_counts AS k, bounds AS b
    WHERE k.published_date <= b.as_of AND k.published_date > b.as_of - 2 * $days
    GROUP BY k.keyword
)
SELECT keyword, recent, previous, recent - previous AS change
FROM windows
WHERE recent > previous
ORDER BY change DESC, recent DESC, keyword
LIMIT $limit;
