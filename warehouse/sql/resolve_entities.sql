-- Corpus-level entity resolution, applied (warehouse/resolve.py computes the links in Python).
--
-- Inputs:  entity_aliases (every name found, with its counts refreshed by resolve.py),
--          entity_mentions (alias_id: the name as found),
--          resolved_aliases (registered by resolve.py: alias_id -> entity_id, method),
--          resolved_entities (registered: entity_id, entity_type, name_norm, subtype, is_name,
--          geonames_id, country_code, latitude, longitude of every resolved entity),
--          place_candidates (registered: entity_id, geonames_id, country_code, latitude,
--          longitude of entities whose name several GeoNames places bear), copied to the TEMP
--          table pending_place_candidates for place_votes.sql.
-- Outputs: entity_aliases.entity_id/method, entity_mentions.entity_id, entities rows and their
--          attributes; names and counts follow in refresh_entities.sql.
-- Only rows whose resolution changed are written, so a load that adds a few names writes a few rows.

UPDATE entity_aliases SET entity_id = r.entity_id, method = r.method
FROM resolved_aliases AS r
WHERE entity_aliases.alias_id = r.alias_id
  AND (entity_aliases.entity_id <> r.entity_id OR entity_aliases.method <> r.method);

UPDATE entity_mentions SET entity_id = a.entity_id
FROM entity_aliases AS a
WHERE entity_mentions.alias_id = a.alias_id AND entity_mentions.entity_id <> a.entity_id;

INSERT INTO entities (entity_id, name, name_norm, entity_type, mention_count, article_count, subtype, is_name,
                      geonames_id, country_code, latitude, longitude)
SELECT r.entity_id, r.name_norm, r.name_norm, r.entity_type, 0, 0, r.subtype, r.is_name,
       r.geonames_id, r.country_code, r.latitude, r.longitude
FROM resolved_entities AS r
WHERE r.entity_id NOT IN (SELECT entity_id FROM entities)
  AND r.entity_id IN (SELECT entity_id FROM entity_aliases);

UPDATE entities SET subtype = r.subtype, is_name = r.is_name, geonames_id = r.geonames_id,
    country_code = r.country_code, latitude = r.latitude, longitude = r.longitude
FROM resolved_entities AS r
WHERE entities.entity_id = r.entity_id
  AND (entities.subtype IS DISTINCT FROM r.subtype OR entities.is_name IS DISTINCT FROM r.is_name
       OR entities.geonames_id IS DISTINCT FROM r.geonames_id OR entities.country_code IS DISTINCT FROM r.country_code);

-- Candidates of names several places bear, kept for place_votes.sql once the mentions are in.
CREATE OR REPLACE TEMP TABLE pending_place_candidates AS SELECT * FROM place_candidates;
