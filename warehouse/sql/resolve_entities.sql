-- Corpus-level entity resolution, applied (warehouse/resolve.py computes the links in Python).
--
-- Inputs:  entity_aliases (every name found, with its counts refreshed by resolve.py),
--          entity_mentions (alias_id: the name as found),
--          resolved_aliases (registered by resolve.py: alias_id -> entity_id, method),
--          resolved_entities (registered: entity_id, entity_type, name_norm, subtype, is_name,
--          geonames_id, country_code, latitude, longitude of every resolved entity),
--          place_candidates (registered: entity_id, geonames_id, country_code, latitude,
--          longitude of entities whose name several GeoNames places bear).
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

-- A name several places bear (طرابلس: Libya, Lebanon) takes the place whose country the articles
-- mentioning it name most often, when one country leads; otherwise it stays unlinked.
CREATE OR REPLACE TEMP TABLE place_votes AS
SELECT c.entity_id, c.geonames_id, count(DISTINCT m.article_id) AS articles
FROM place_candidates AS c
JOIN entity_mentions AS m ON m.entity_id = c.entity_id
JOIN entity_mentions AS o ON o.article_id = m.article_id AND o.entity_id <> m.entity_id
JOIN entities AS e ON e.entity_id = o.entity_id AND e.subtype = 'country' AND e.country_code = c.country_code
GROUP BY c.entity_id, c.geonames_id;

UPDATE entities SET geonames_id = c.geonames_id, country_code = c.country_code,
    latitude = c.latitude, longitude = c.longitude, subtype = 'city'
FROM (
    SELECT v.entity_id, v.geonames_id
    FROM place_votes AS v
    QUALIFY row_number() OVER (PARTITION BY v.entity_id ORDER BY v.articles DESC, v.geonames_id) = 1
        AND v.articles > coalesce(lead(v.articles) OVER (PARTITION BY v.entity_id ORDER BY v.articles DESC, v.geonames_id), 0)
) AS best
JOIN place_candidates AS c USING (entity_id, geonames_id)
WHERE entities.entity_id = best.entity_id;

DROP TABLE place_votes;
