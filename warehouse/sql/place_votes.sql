-- Places for names several GeoNames places bear, decided by the articles' other places.
--
-- Inputs:  pending_place_candidates (TEMP, from resolve_entities.sql), entity_mentions, entities.
-- Outputs: entities.geonames_id/country_code/latitude/longitude/subtype of those names; the TEMP
--          tables pending_place_candidates and place_votes (made here) dropped. Runs after the run's mentions are in, so one load or several agree.
-- A name several places bear (طرابلس: Libya, Lebanon) takes the place whose country the articles
-- mentioning it name most often, when one country leads; otherwise it stays unlinked.
CREATE OR REPLACE TEMP TABLE place_votes AS
SELECT c.entity_id, c.geonames_id, count(DISTINCT m.article_id) AS articles
FROM pending_place_candidates AS c
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
JOIN pending_place_candidates AS c USING (entity_id, geonames_id)
WHERE entities.entity_id = best.entity_id;

DROP TABLE place_votes;

DROP TABLE pending_place_candidates;
