-- Question: Which stories were covered by the most articles, from how many outlets, and for how long?
-- $limit INTEGER = 10 : how many stories
SELECT headline, first_date, last_date, article_count, copy_count, publisher_count, publishers, top_entities
FROM stories
ORDER BY article_count DESC, publisher_count DESC, first_date, story_id
LIMIT $limit;
