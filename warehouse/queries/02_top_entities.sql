-- Question: Which entities of one type (people, places, organisations) are mentioned in the most articles?
-- Names come first: currencies, religions, nationalities and unattributed titles (is_name false) after them.
-- $entity_type VARCHAR = LOC : 'PERS', 'LOC', 'ORG' or 'MISC'
-- $limit INTEGER = 10 : how many entities
SELECT name, entity_type, article_count, mention_count
FROM entities
WHERE entity_type = $entity_type
ORDER BY is_name DESC, article_count DESC, mention_count DESC, name
LIMIT $limit;
