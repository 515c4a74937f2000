-- Top keyphrases of every article, scored against the whole article_terms table.
--
-- Input:  article_terms(article_id, term_norm, term, n_words, tf, first_pos), one row per
--         candidate (akhbar.keywords.extract_candidates).
-- Output: (article_id, term_norm, term, score DOUBLE, rank INTEGER), at most top_k rows per
--         article, rank 1..k consecutive, ties broken by term_norm so reruns give the same order.
--         The script leaves it in the TEMP table scored_keywords, and its last statement
--         selects it (the load reads the table and drops it). TEMP keyword_params,
--         keyword_terms, keyword_pool and keyword_kept are made and dropped here.
--
-- score = tf_weight * idf * position_boost * phrase_boost * common_penalty
--   tf_weight       1 + ln(tf): sublinear, a word said twenty times is not twenty times as key.
--   idf             ln((N + 1) / (df + 1)) + 1, df = articles holding term_norm, N = articles.
--   position_boost  1 + 1 / sqrt(1 + first_pos): title and lead say what the article is about.
--   phrase_boost    1 + phrase_gain * ln(tf) for 2-3 words: a phrase the article repeats is a
--                   unit of its topic (قره باغ). Not scaled by length: 3-word phrases are rarer,
--                   so their idf already favours them, and scaling let fragments win.
--   common_penalty  near_stop_factor for terms in more than near_stop_share of the articles
--                   (once the corpus has near_stop_min_articles): words like "أعلن" or "المملكة"
--                   that every article of a source repeats sink below the article's own topics.
-- A term is dropped when a longer candidate of the same article in the scoring pool contains it
-- and occurs as often: then every occurrence of the short one is inside the long one, and
-- listing both (قره, باغ, قره باغ) wastes the top ten.
-- The script takes no parameters; its constants are named in `keyword_params`.
--
-- Why several statements: the load runs this inside its transaction, next to the run's
-- uncommitted rows, under a memory limit (akhbar.warehouse.load). As a single query, its
-- per-article window, self-join and shared CTEs held their data at the same time and a corpus's
-- millions of candidates did not fit the limit even on committed data. One step per statement,
-- with the load's join order (build on the right), fits (figures: docs/PERFORMANCE.md).
-- Terms are numbered in term_norm order, so the windows sort integers instead of strings (same
-- order: ties are still broken by term_norm), which is also faster.

CREATE OR REPLACE TEMP TABLE keyword_params AS
SELECT
    10 AS top_k,
    30 AS pool_k,              -- candidates per article considered for subsumption
    0.5 AS phrase_gain,
    0.2 AS near_stop_share,
    20 AS near_stop_min_articles,
    0.1 AS near_stop_factor;

-- Each term_norm once: its document frequency and its rank in term_norm order. (article_id,
-- term_norm) is article_terms' key, so rows per term = articles holding it.
CREATE OR REPLACE TEMP TABLE keyword_terms AS
SELECT term_norm, count(*)::DOUBLE AS df, row_number() OVER (ORDER BY term_norm) AS term_no
FROM article_terms
GROUP BY term_norm;

-- The scoring pool: each article's pool_k best candidates.
CREATE OR REPLACE TEMP TABLE keyword_pool AS
WITH corpus AS (
    SELECT count(DISTINCT article_id)::DOUBLE AS n_articles FROM article_terms
),
scored AS (
    SELECT
        t.article_id,
        d.term_no,
        t.n_words,
        t.tf,
        (1 + ln(t.tf))
        * (ln((c.n_articles + 1) / (d.df + 1)) + 1)
        * (1 + 1 / sqrt(1 + t.first_pos))
        * (1 + p.phrase_gain * (t.n_words > 1)::INTEGER * ln(t.tf))
        * CASE
            WHEN c.n_articles >= p.near_stop_min_articles AND d.df > p.near_stop_share * c.n_articles
            THEN p.near_stop_factor
            ELSE 1
          END AS score
    FROM article_terms AS t
    JOIN keyword_terms AS d USING (term_norm)
    CROSS JOIN corpus AS c
    CROSS JOIN keyword_params AS p
    WHERE t.tf > 0
)
SELECT s.*
FROM scored AS s
QUALIFY row_number() OVER (PARTITION BY s.article_id ORDER BY s.score DESC, s.term_no)
    <= (SELECT pool_k FROM keyword_params);

-- The pool minus the candidates a longer candidate of the same pool subsumes. An explicit
-- anti-join rather than NOT EXISTS: DuckDB's plan for that correlated subquery did not fit the limit.
CREATE OR REPLACE TEMP TABLE keyword_kept AS
WITH pool AS (
    SELECT p.*, t.term_norm FROM keyword_pool AS p JOIN keyword_terms AS t USING (term_no)
),
subsumed AS (
    SELECT DISTINCT short.article_id, short.term_no
    FROM pool AS short
    JOIN pool AS long
      ON long.article_id = short.article_id
     AND long.n_words > short.n_words
     AND long.tf >= short.tf
    WHERE contains(' ' || long.term_norm || ' ', ' ' || short.term_norm || ' ')
)
SELECT p.*
FROM pool AS p
ANTI JOIN subsumed AS s USING (article_id, term_no);

-- The top_k of what is kept, with the article's own spelling of each term (article_terms is
-- scanned, the join builds on the top_k rows).
CREATE OR REPLACE TEMP TABLE scored_keywords AS
SELECT
    k.article_id,
    k.term_norm,
    t.term,
    k.score::DOUBLE AS score,
    k.rank::INTEGER AS rank
FROM article_terms AS t
JOIN (
    SELECT article_id, term_norm, score, row_number() OVER (PARTITION BY article_id ORDER BY score DESC, term_no) AS rank
    FROM keyword_kept
    QUALIFY rank <= (SELECT top_k FROM keyword_params)
) AS k ON k.article_id = t.article_id AND k.term_norm = t.term_norm;

DROP TABLE keyword_kept;
DROP TABLE keyword_pool;
DROP TABLE keyword_terms;
DROP TABLE keyword_params;

SELECT * FROM scored_keywords ORDER BY article_id, rank;
