-- Question: How much of each outlet's output is a near copy of an earlier article, and which agencies does it credit?
-- $limit INTEGER = 20 : how many outlets
SELECT
    coalesce(publisher, 'unknown') AS outlet,
    count(*) AS articles,
    count(*) FILTER (WHERE is_copy) AS copies,
    round(count(*) FILTER (WHERE is_copy) / count(*), 3) AS copy_share,
    count(agency) AS agency_credited,
    coalesce(list_distinct(list(agency) FILTER (WHERE agency IS NOT NULL)), []::VARCHAR[]) AS agencies
FROM article_overview
WHERE story_id IS NOT NULL
GROUP BY ALL
ORDER BY articles DESC, outlet
LIMIT $limit;
