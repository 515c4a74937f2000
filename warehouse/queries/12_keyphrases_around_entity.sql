-- Question: What is being said around an entity: which keyphrases are extracted most often from articles mentioning it?
-- $entity VARCHAR = دميتري بيسكوف : the entity's canonical name (entities.name)
-- $limit INTEGER = 15 : how many keyphrases
SELECT k.keyword, count(DISTINCT ak.article_id) AS articles, round(avg(ak.score), 3) AS mean_score
FROM article_keywords AS ak
JOIN keywords AS k USING (keyword_id)
WHERE ak.origin = 'extracted'
  AND ak.article_id IN (
      SELECT m.article_id FROM entity_mentions AS m JOIN entities AS e USING (entity_id) WHERE e.name = $entity
  )
GROUP BY k.keyword
ORDER BY articles DESC, mean_score DESC, k.keyword
LIMIT $limit;
