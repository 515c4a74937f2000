-- Entity names and counts (derivation 'entities', refresh step).
-- Inputs:  entity_mentions, entities.
-- Outputs: entities.name, mention_count and article_count updated; entities without mentions
--          deleted. TEMP tables entity_totals and entity_forms are made and dropped here.
--
-- Entity display names and counts follow the mentions: the name is the most frequent full form
-- (ties broken alphabetically so the choice is stable), counts are over all articles.
--
-- One aggregate per statement, into small TEMP tables (one row per entity), then the UPDATE:
-- in the load, with the run's mentions uncommitted and under its memory limit, the single
-- UPDATE over both aggregates ran out of memory; split, each step fits.
CREATE OR REPLACE TEMP TABLE entity_totals AS
SELECT entity_id, count(*) AS mentions, count(DISTINCT article_id) AS articles
FROM entity_mentions
GROUP BY entity_id;

CREATE OR REPLACE TEMP TABLE entity_forms AS
SELECT entity_id, first(name ORDER BY n DESC, name) AS name
FROM (SELECT entity_id, name, count(*) AS n FROM entity_mentions GROUP BY entity_id, name)
GROUP BY entity_id;

UPDATE entities SET name = stats.name, mention_count = stats.mentions, article_count = stats.articles
FROM (
    SELECT totals.entity_id, forms.name, totals.mentions, totals.articles
    FROM entity_totals AS totals
    JOIN entity_forms AS forms USING (entity_id)
) AS stats
WHERE entities.entity_id = stats.entity_id;

DROP TABLE entity_forms;
DROP TABLE entity_totals;

DELETE FROM entities WHERE entity_id NOT IN (SELECT entity_id FROM entity_mentions);
