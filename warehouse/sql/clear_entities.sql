-- Re-deriving entities: remove the mentions of the articles being re-derived.
-- Inputs:  TEMP run_articles (insert_facts.sql).
-- Outputs: entity_mentions without those articles' rows (derive_entities.sql inserts the new
--          ones; refresh_entities.sql then drops entities no mention uses any more).
DELETE FROM entity_mentions WHERE article_id IN (SELECT article_id FROM run_articles);
