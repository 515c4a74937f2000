-- Entity mentions of the run's articles, from staging (derivation 'entities').
-- Inputs:  stg_staged_mentions (staged mentions with canonical names); TEMP run_articles
--          (insert_facts.sql).
-- Outputs: rows in entities (new entity ids, counts left at 0) and entity_mentions; the TEMP
--          view run_mentions is made and dropped here. refresh_entities.sql then sets names and
--          counts.
--
-- Mentions of the run's articles, from the copy that was stored (offsets point into it). A view,
-- re-read by the two statements below: as a TEMP table it stayed in memory until the commit,
-- even after DROP, as does every table made inside a transaction (docs/PERFORMANCE.md).
CREATE OR REPLACE TEMP VIEW run_mentions AS
SELECT m.* FROM stg_staged_mentions m
SEMI JOIN run_articles a ON a.article_id = m.article_id AND a.doc_id = m.doc_id;

INSERT INTO entities (entity_id, name, name_norm, entity_type, mention_count, article_count)
SELECT entity_id, first(name ORDER BY article_id, start_char), name_norm, entity_type, 0, 0
FROM run_mentions
WHERE entity_id NOT IN (SELECT entity_id FROM entities)
GROUP BY entity_id, name_norm, entity_type;

INSERT INTO entity_mentions (article_id, entity_id, field, surface, name, start_char, end_char, paragraph)
SELECT DISTINCT ON (article_id, field, start_char) article_id, entity_id, field, surface, name, start_char, end_char, paragraph
FROM run_mentions;

DROP VIEW run_mentions;
