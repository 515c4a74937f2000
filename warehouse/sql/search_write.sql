-- Index new articles, step 3 of 3: the indexed articles. length: the article's stems, title
-- and body (the sum of its term frequencies, read back from the postings just written).
-- Inputs:  TEMP search_new_ids, search_settings(analyzer_version) (akhbar.warehouse.search_index),
--          search.postings.
-- Outputs: rows in search.indexed_articles; drops TEMP search_new_words and search_new_terms.
INSERT INTO search.indexed_articles
SELECT n.article_id, coalesce(l.length, 0), n.source_hash, (SELECT analyzer_version FROM search_settings)
FROM search_new_ids AS n
LEFT JOIN (
    SELECT p.article_id, sum(p.title_tf + p.body_tf) AS length
    FROM search.postings AS p
    SEMI JOIN search_new_ids AS n ON n.article_id = p.article_id
    GROUP BY p.article_id
) AS l USING (article_id);

DROP TABLE search_new_words;
DROP TABLE search_new_terms;
