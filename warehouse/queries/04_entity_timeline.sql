-- Question: On which days was a given entity in the news, and how much?
-- $entity VARCHAR = قره باغ : the entity's canonical name (entities.name)
SELECT published_date, name, entity_type, articles, mentions
FROM entity_daily_counts
WHERE name = $entity
ORDER BY published_date;
