-- Question: Which articles mention both of two entities?
-- $entity_a VARCHAR = دميتري بيسكوف : one canonical name (entities.name)
-- $entity_b VARCHAR = قره باغ : the other canonical name
SELECT o.published_date, o.outlet, o.title, o.article_id
FROM article_overview AS o
WHERE o.article_id IN (
    SELECT m.article_id FROM entity_mentions AS m JOIN entities AS e USING (entity_id) WHERE e.name = $entity_a
)
AND o.article_id IN (
    SELECT m.article_id FROM entity_mentions AS m JOIN entities AS e USING (entity_id) WHERE e.name = $entity_b
)
ORDER BY o.published_date DESC NULLS LAST, o.title;
