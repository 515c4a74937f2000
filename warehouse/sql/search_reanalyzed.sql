-- Index articles re-analysed in Python (no staged search words: an analyzer change, an older
-- warehouse): number them and expose their words (the inputs of search_index.sql).
-- Inputs:  search_reanalyzed(article_id, title_key, body_key, source_hash), an Arrow table
--          registered by akhbar.warehouse.search_index for one chunk of articles.
-- Outputs: TEMP search_new_ids(article_no, article_id, source_hash) and TEMP view
--          search_new_text(article_no, title_key, body_key), dropped after indexing.
CREATE OR REPLACE TEMP TABLE search_new_ids AS
SELECT row_number() OVER ()::INTEGER AS article_no, article_id, source_hash FROM search_reanalyzed;

CREATE OR REPLACE TEMP VIEW search_new_text AS
SELECT n.article_no, r.title_key, r.body_key
FROM search_reanalyzed AS r JOIN search_new_ids AS n USING (article_id);
