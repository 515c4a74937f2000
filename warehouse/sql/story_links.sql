-- Copies and story links of a run's new articles (the second step of akhbar.warehouse.stories).
--
-- Inputs:  run_signed (article_id: the articles to match, from story_signatures.sql or every
--          article for a reassignment), articles, article_signatures, article_bands.
-- Outputs: TEMP macro band_partners and TEMP table run_copy_candidates (made and dropped here); TEMP tables run_copy_touched (the articles whose originals are recomputed),
--          run_copy_links (verified near-copy pairs touching one of those) and run_story_links
--          (verified same-story pairs touching a new article), each pair once with a < b.
-- Parameters: $copy_threshold, $story_threshold, $story_days, $num_perm.
--
-- Only band keys are joined: a new article meets only the articles sharing one of its keys, never
-- the whole warehouse. Candidates are then verified: copies by the share of equal MinHash values
-- (the estimate of their shingles' Jaccard similarity), stories by the exact Jaccard similarity
-- of their feature ids within the time window. Join reordering is off during the load: the
-- smaller side of each join is written on its right.

-- The candidate pairs of one kind of band ('copy' or 'story') that touch the articles of the
-- table named `probe`: pairs sharing a band key, each once with a < b.
CREATE OR REPLACE TEMP MACRO band_partners(band_kind, probe) AS TABLE
SELECT DISTINCT least(o.article_id, n.article_id) AS a, greatest(o.article_id, n.article_id) AS b
FROM article_bands AS o
JOIN (SELECT band_key, article_id FROM article_bands
      WHERE kind = band_kind AND article_id IN (SELECT article_id FROM query_table(probe))) AS n
  ON o.band_key = n.band_key AND o.article_id <> n.article_id
WHERE o.kind = band_kind;

-- Near copies of the new articles, then every copy link of the articles so found: an older
-- article's original may now be a new, earlier-dated one.
CREATE OR REPLACE TEMP TABLE run_copy_candidates AS
SELECT a, b FROM band_partners('copy', 'run_signed');

CREATE OR REPLACE TEMP TABLE run_copy_touched AS
SELECT article_id FROM run_signed
UNION SELECT a FROM run_copy_candidates UNION SELECT b FROM run_copy_candidates;

CREATE OR REPLACE TEMP TABLE run_copy_links AS
SELECT c.a, c.b
FROM band_partners('copy', 'run_copy_touched') AS c
JOIN article_signatures AS sa ON sa.article_id = c.a
JOIN article_signatures AS sb ON sb.article_id = c.b
WHERE len(list_filter(list_zip(sa.copy_signature, sb.copy_signature), x -> x[1] = x[2])) >= $copy_threshold * $num_perm;

-- Same-story links of the new articles: dated within the window, features alike enough.
CREATE OR REPLACE TEMP TABLE run_story_links AS
WITH pairs AS (
    SELECT c.a, c.b, sa.story_features AS fa, sb.story_features AS fb
    FROM band_partners('story', 'run_signed') AS c
    JOIN articles AS xa ON xa.article_id = c.a
    JOIN articles AS xb ON xb.article_id = c.b
    JOIN article_signatures AS sa ON sa.article_id = c.a
    JOIN article_signatures AS sb ON sb.article_id = c.b
    WHERE abs(xa.published_date - xb.published_date) <= $story_days
)
SELECT a, b FROM pairs
WHERE len(list_intersect(fa, fb)) >= $story_threshold * (len(fa) + len(fb) - len(list_intersect(fa, fb)));

DROP TABLE run_copy_candidates;
DROP MACRO TABLE band_partners;
