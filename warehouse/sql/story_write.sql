-- Writing the stories a run touched (the second half of akhbar.warehouse.stories).
--
-- Inputs:  run_assignments (registered by the caller: article_id, near_duplicate_of, story_id of
--          every article of every story the run created, grew or merged), run_stale_stories
--          (story_id: the ids those articles had before), articles, entity_mentions, entities.
-- Outputs: article_stories rows of those articles replaced; stories rows of the stale and new
--          ids replaced by the new stories' rows.

DELETE FROM article_stories WHERE article_id IN (SELECT article_id FROM run_assignments);

INSERT INTO article_stories SELECT article_id, near_duplicate_of, story_id FROM run_assignments;

DELETE FROM stories
WHERE story_id IN (SELECT story_id FROM run_stale_stories UNION SELECT story_id FROM run_assignments);

INSERT INTO stories
WITH members AS (
    SELECT r.story_id, r.near_duplicate_of, a.article_id, a.title, a.published_at, a.published_date, a.publisher
    FROM articles AS a
    JOIN run_assignments AS r USING (article_id)
),
publishers AS (
    SELECT story_id, list(publisher ORDER BY n DESC, publisher) AS publishers, count(*) AS publisher_count
    FROM (SELECT story_id, publisher, count(*) AS n FROM members WHERE publisher IS NOT NULL GROUP BY ALL)
    GROUP BY story_id
),
entity_articles AS (
    SELECT r.story_id, e.name, count(DISTINCT m.article_id) AS articles, count(*) AS mentions
    FROM entity_mentions AS m
    JOIN entities AS e USING (entity_id)
    JOIN run_assignments AS r USING (article_id)
    GROUP BY r.story_id, e.name
),
top_entities AS (
    SELECT story_id, list(name ORDER BY articles DESC, mentions DESC, name) AS top_entities
    FROM (SELECT * FROM entity_articles
          QUALIFY row_number() OVER (PARTITION BY story_id ORDER BY articles DESC, mentions DESC, name) <= 5)
    GROUP BY story_id
)
SELECT
    m.story_id,
    first(m.title ORDER BY (m.article_id <> m.story_id)) AS headline,
    min(m.published_date) AS first_date,
    max(m.published_date) AS last_date,
    count(*) AS article_count,
    count(m.near_duplicate_of) AS copy_count,
    coalesce(any_value(p.publisher_count), 0) AS publisher_count,
    coalesce(any_value(p.publishers), []::VARCHAR[]) AS publishers,
    coalesce(any_value(t.top_entities), []::VARCHAR[]) AS top_entities
FROM members AS m
LEFT JOIN publishers AS p USING (story_id)
LEFT JOIN top_entities AS t USING (story_id)
GROUP BY m.story_id;
