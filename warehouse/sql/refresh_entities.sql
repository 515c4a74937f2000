-- Entity display names and counts follow the mentions: the name is the most frequent full form
-- (ties broken alphabetically so the choice is stable), counts are over all articles.
UPDATE entities SET name = stats.name, mention_count = stats.mentions, article_count = stats.articles
FROM (
    SELECT totals.entity_id, forms.name, totals.mentions, totals.articles
    FROM (
        SELECT entity_id, count(*) AS mentions, count(DISTINCT article_id) AS articles
        FROM entity_mentions GROUP BY entity_id
    ) AS totals
    JOIN (
        SELECT entity_id, first(name ORDER BY n DESC, name) AS name
        FROM (SELECT entity_id, name, count(*) AS n FROM entity_mentions GROUP BY entity_id, name)
        GROUP BY entity_id
    ) AS forms USING (entity_id)
) AS stats
WHERE entities.entity_id = stats.entity_id;

DELETE FROM entities WHERE entity_id NOT IN (SELECT entity_id FROM entity_mentions);
