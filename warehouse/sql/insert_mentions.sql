-- The run's mentions, after resolution (warehouse/resolve.py) has linked the run's new names.
--
-- Inputs:  run_mentions (TEMP view), run_new_articles and run_documents (TEMP tables), all made
--          by insert_facts.sql; entity_aliases (resolved).
-- Outputs: entity_mentions rows of the run's new articles, each with its resolved entity; the
--          TEMP objects above dropped.
-- Inserting resolved rows instead of updating every new mention afterwards: the full
-- SaudiNewsNet load ran out of its memory limit when the run's mentions were updated in place.
INSERT INTO entity_mentions (article_id, entity_id, field, surface, name, start_char, end_char, method, alias_id)
SELECT DISTINCT ON (m.article_id, m.field, m.start_char) m.article_id, coalesce(a.entity_id, m.alias_id), m.field, m.surface, m.name,
    m.start_char, m.end_char, m.method, m.alias_id
FROM run_mentions AS m
LEFT JOIN entity_aliases AS a USING (alias_id);

DROP VIEW run_mentions;
DROP TABLE run_new_articles;
DROP TABLE run_documents;
