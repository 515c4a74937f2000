-- Index new articles, step 1 of 3 (akhbar.warehouse.search_index._run_index runs the three files):
-- number the words' stems.
-- Inputs: TEMP tables prepared by akhbar.warehouse.search_index (search_staged_ids.sql or
-- search_reanalyzed.sql):
--   search_new_ids(article_no, article_id, source_hash): one row per article to index, numbered
--   1..n;
--   search_new_text(article_no, title_key, body_key): its title and body as space-separated
--   match-keyed words (from the transform, or re-analysed in Python).
-- Output: TEMP tables search_new_terms(term, term_no) and search_new_words(word, term_no), read by
--   search_count.sql and dropped by search_write.sql (search_new_stems is made and dropped here).
--
-- Memory: this runs inside the load transaction, next to the run's uncommitted rows, under the
-- load's memory limit (akhbar.warehouse.load). Words are counted per (term number, article
-- number), two integers, and in slices of articles (search_count.sql): counted in one statement
-- and keyed on the stem and article id strings, a corpus's (term, article) groups did not fit
-- (docs/PERFORMANCE.md). Strings are joined back only to write the postings.
--
-- Each distinct word is stemmed once (a run has a few hundred thousand distinct words against
-- millions of occurrences): stemming every occurrence was most of the indexing time.

-- word -> stem. Its own statement: selecting the macro's result and filtering on it in one
-- statement would expand, and evaluate, the stem_word macro once per reference.
CREATE OR REPLACE TEMP TABLE search_new_stems AS
SELECT word, search.stem_word(word) AS term
FROM (
    SELECT DISTINCT unnest(string_split(title_key || ' ' || body_key, ' ')) AS word FROM search_new_text
)
WHERE word <> '';

-- Terms, numbered in term order, and word -> term number. Words whose stem is empty are not
-- indexed.
CREATE OR REPLACE TEMP TABLE search_new_terms AS
SELECT term, row_number() OVER (ORDER BY term)::INTEGER AS term_no
FROM (SELECT DISTINCT term FROM search_new_stems WHERE term <> '');

CREATE OR REPLACE TEMP TABLE search_new_words AS
SELECT s.word, t.term_no
FROM search_new_stems AS s
JOIN search_new_terms AS t USING (term);

DROP TABLE search_new_stems;
