-- Question: How much of each outlet's output is a near copy of an earlier article, and which agencies does it credit?
-- $limit INTEGER = 20 : how many outlets
SELECT
    coalesce(a.publisher, 'unknown') AS outlet,
    count(*) AS articles,
    count(s.near_duplicate_of) AS copies,
    round(count(s.near_duplicate_of) / count(*), 3) AS copy_share,
    count(a.agency) AS agency_credited,
    coalesce(list_distinct(list(a.agency) FILTER (WHERE a.agency IS NOT NULL)), []::VARCHAR[]) AS agencies
FROM articles AS a
JOIN article_stories AS s USING (article_id)
GROUP BY ALL
ORDER BY articles DESC, outlet
LIMIT $limit;
