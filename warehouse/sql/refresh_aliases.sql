-- Mention and article counts of every name in entity_aliases, from entity_mentions.
--
-- Inputs:  entity_mentions.
-- Outputs: entity_aliases.mention_count/article_count; TEMP table alias_totals made and dropped here.
-- One aggregate into a small TEMP table (one row per name), then the UPDATE: as in
-- refresh_entities.sql, each step fits the load's memory limit with the run uncommitted.
CREATE OR REPLACE TEMP TABLE alias_totals AS
SELECT alias_id, count(*) AS mentions, count(DISTINCT article_id) AS articles
FROM entity_mentions
GROUP BY alias_id;

UPDATE entity_aliases SET mention_count = t.mentions, article_count = t.articles
FROM alias_totals AS t
WHERE entity_aliases.alias_id = t.alias_id
  AND (entity_aliases.mention_count <> t.mentions OR entity_aliases.article_count <> t.articles);

DROP TABLE alias_totals;
