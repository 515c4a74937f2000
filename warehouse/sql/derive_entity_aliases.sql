-- The names of the run's entity mentions enter the trail (derivation 'entities', first step).
-- Inputs:  stg_staged_mentions (staged mentions with their names); TEMP run_articles
--          (insert_facts.sql).
-- Outputs: TEMP view run_mentions (read by resolve_entities and derive_entities.sql, dropped by
--          the latter); rows in entity_aliases for names new to the warehouse, each its own
--          entity until the step resolve_entities links it.
--
-- Mentions of the run's articles, from the copy that was stored (offsets point into it). A view,
-- re-read by the steps after this one: as a TEMP table it stayed in memory until the commit,
-- even after DROP, as does every table made inside a transaction (docs/PERFORMANCE.md).
CREATE OR REPLACE TEMP VIEW run_mentions AS
SELECT m.* FROM stg_staged_mentions m
SEMI JOIN run_articles a ON a.article_id = m.article_id AND a.doc_id = m.doc_id;

INSERT INTO entity_aliases (alias_id, alias_norm, entity_type, entity_id, method, mention_count, article_count)
SELECT alias_id, name_norm, entity_type, alias_id, 'self', 0, 0
FROM run_mentions
WHERE alias_id NOT IN (SELECT alias_id FROM entity_aliases)
GROUP BY alias_id, name_norm, entity_type;
