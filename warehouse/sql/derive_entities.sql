-- Entity mentions of the run's articles, from staging (derivation 'entities'), resolved.
-- Inputs:  TEMP view run_mentions (derive_entity_aliases.sql); entity_aliases, resolved by the
--          step resolve_entities (warehouse/resolve.py) that runs in between.
-- Outputs: rows in entity_mentions, each with the entity its name resolves to; the TEMP view
--          run_mentions dropped. refresh_entities then sets names and counts.
--
-- The mentions land resolved instead of being updated after the insert: the full SaudiNewsNet
-- load ran out of its memory limit when the run's new mentions were updated in place.
INSERT INTO entity_mentions (article_id, entity_id, field, surface, name, start_char, end_char, paragraph, method, alias_id)
SELECT DISTINCT ON (m.article_id, m.field, m.start_char) m.article_id, coalesce(a.entity_id, m.alias_id), m.field,
    m.surface, m.name, m.start_char, m.end_char, m.paragraph, m.method, m.alias_id
FROM run_mentions AS m
LEFT JOIN entity_aliases AS a USING (alias_id);

DROP VIEW run_mentions;
