-- Index the articles of `search_new` (article_id, title_key, body_key, source_hash): title and
-- body as space-separated match-keyed words, from the transform or re-analysed in Python.
--
-- Each distinct word is stemmed once (a run has a few hundred thousand distinct words against
-- millions of occurrences): stemming every occurrence was most of the indexing time.

CREATE OR REPLACE TEMP TABLE search_new_stems AS
SELECT word, search.stem_word(word) AS term
FROM (
    SELECT DISTINCT unnest(string_split(title_key || ' ' || body_key, ' ')) AS word FROM search_new
)
WHERE word <> '';

CREATE OR REPLACE TEMP VIEW search_new_words AS
SELECT w.article_id, w.in_title, s.term
FROM (
    SELECT article_id, true AS in_title, unnest(string_split(title_key, ' ')) AS word FROM search_new
    UNION ALL
    SELECT article_id, false AS in_title, unnest(string_split(body_key, ' ')) AS word FROM search_new
) AS w
JOIN search_new_stems AS s USING (word)
WHERE s.term <> '';

INSERT INTO search.postings
SELECT term, article_id, count(*) FILTER (WHERE in_title), count(*) FILTER (WHERE NOT in_title)
FROM search_new_words
GROUP BY term, article_id;

INSERT INTO search.indexed_articles
SELECT n.article_id, coalesce(w.length, 0), n.source_hash, (SELECT analyzer_version FROM search_settings)
FROM search_new AS n
LEFT JOIN (SELECT article_id, count(*) AS length FROM search_new_words GROUP BY article_id) AS w USING (article_id);

DROP VIEW search_new_words;
DROP TABLE search_new_stems;
