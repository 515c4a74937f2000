-- Re-deriving: recording the stored articles a reprocess quarantined (akhbar.formats.stored).
-- Inputs:  TEMP run_articles (insert_facts.sql: the articles re-derived), stg_quarantined_articles
--          (the articles a derivation raised on, one row per part left stale), TEMP run_derivations
--          (derivation: the parts this reprocess re-derives; made by the load).
-- Outputs: quarantined_articles: the rows of the parts re-derived now (for the articles re-derived
--          or quarantined again) replaced by this run's quarantined articles.
DELETE FROM quarantined_articles
WHERE derivation IN (SELECT derivation FROM run_derivations)
  AND (article_id IN (SELECT article_id FROM run_articles)
       OR article_id IN (SELECT article_id FROM stg_quarantined_articles));

INSERT INTO quarantined_articles
SELECT DISTINCT ON (q.article_id, q.derivation) q.article_id, q.derivation, q.doc_id, q.error, q.run_id
FROM stg_quarantined_articles AS q
SEMI JOIN articles AS a ON a.article_id = q.article_id AND a.doc_id = q.doc_id
ORDER BY q.article_id, q.derivation;
