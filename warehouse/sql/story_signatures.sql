-- The run's new signatures (the first step of akhbar.warehouse.stories).
--
-- Inputs:  stg_staged_signatures (the run's signatures and LSH band keys, from the transform),
--          articles, article_signatures.
-- Outputs: article_signatures and article_bands gain the run's new articles (those first seen in
--          this run's copy of them) and a reprocess's re-derived ones; TEMP table run_signed
--          (article_id) lists them, and any signed article without a story, for story_links.sql.

CREATE OR REPLACE TEMP TABLE run_signed AS
SELECT DISTINCT ON (s.article_id) s.article_id, s.copy_signature, s.story_features, s.copy_bands, s.story_bands
FROM stg_staged_signatures AS s
SEMI JOIN articles AS a ON a.article_id = s.article_id AND a.doc_id = s.doc_id
WHERE s.article_id NOT IN (SELECT article_id FROM article_signatures);

INSERT INTO article_signatures SELECT article_id, copy_signature, story_features FROM run_signed;

INSERT INTO article_bands
SELECT 'copy', unnest(copy_bands), article_id FROM run_signed WHERE copy_bands IS NOT NULL
UNION ALL
SELECT 'story', unnest(story_bands), article_id FROM run_signed WHERE story_bands IS NOT NULL;


-- Signed articles without a story are matched too: every article once a re-derivation of stories
-- has emptied the grouping (clear_stories.sql); in any other run there are none.
INSERT INTO run_signed (article_id)
SELECT article_id FROM article_signatures
WHERE article_id NOT IN (SELECT article_id FROM article_stories)
  AND article_id NOT IN (SELECT article_id FROM run_signed);
