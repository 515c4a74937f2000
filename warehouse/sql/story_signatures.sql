-- The run's new signatures (the first step of akhbar.warehouse.stories).
--
-- Inputs:  stg_staged_signatures (the run's signatures and LSH band keys, from the transform),
--          articles, article_signatures.
-- Outputs: article_signatures and article_bands gain the run's new articles (those first seen in
--          this run's copy of them); TEMP table run_signed (article_id) lists them for story_links.sql.

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

