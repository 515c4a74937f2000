-- Question: Which entities appear most often in the same articles as a given entity?
-- $entity VARCHAR = دميتري بيسكوف : the entity's canonical name (entities.name)
-- $limit INTEGER = 10 : how many neighbours
SELECT
    CASE WHEN name_a = $entity THEN name_b ELSE name_a END AS neighbour,
    CASE WHEN name_a = $entity THEN entity_type_b ELSE entity_type_a END AS entity_type,
    articles,
    last_date
FROM entity_cooccurrence
WHERE $entity IN (name_a, name_b)
ORDER BY articles DESC, last_date DESC NULLS LAST, neighbour
LIMIT $limit;
