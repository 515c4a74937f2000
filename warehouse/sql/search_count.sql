-- Index new articles, step 2 of 3, once per slice ($slice of $slices, by article number): count
-- each term in the title and the body of the slice's articles and write their postings.
-- Inputs:  TEMP search_new_ids, search_new_text (akhbar.warehouse.search_index), search_new_words
--          and search_new_terms (search_index.sql); parameters $slices, $slice.
-- Outputs: rows in search.postings.
--
-- A statement per slice, so its hash table holds that slice's (term, article) groups only: in
-- the load, next to the run's uncommitted rows, a corpus's millions of groups at once did not fit
-- the memory limit (docs/PERFORMANCE.md). The postings are written straight from the aggregation: DuckDB
-- writes (compresses) them on every thread then, but on a single one when the INSERT reads a
-- table made in the same transaction.
INSERT INTO search.postings
SELECT t.term, n.article_id, c.title_tf, c.body_tf
FROM (
    SELECT
        w.term_no,
        x.article_no,
        count(*) FILTER (WHERE x.in_title) AS title_tf,
        count(*) FILTER (WHERE NOT x.in_title) AS body_tf
    FROM (
        SELECT article_no, true AS in_title, unnest(string_split(title_key, ' ')) AS word
        FROM search_new_text
        WHERE article_no % $slices = $slice
        UNION ALL
        SELECT article_no, false AS in_title, unnest(string_split(body_key, ' ')) AS word
        FROM search_new_text
        WHERE article_no % $slices = $slice
    ) AS x
    JOIN search_new_words AS w USING (word)
    GROUP BY w.term_no, x.article_no
) AS c
JOIN search_new_terms AS t USING (term_no)
JOIN search_new_ids AS n USING (article_no);
