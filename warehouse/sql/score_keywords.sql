-- Top keyphrases of every article, scored against the whole article_terms table.
--
-- Input:  article_terms(article_id, term_norm, term, n_words, tf, first_pos), one row per
--         candidate (akhbar.keywords.extract_candidates).
-- Output: (article_id, term_norm, term, score DOUBLE, rank INTEGER), at most top_k rows per
--         article, rank 1..k consecutive, ties broken by term_norm so reruns give the same order.
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
-- The query takes no parameters; its constants are named in `params`.
WITH params AS (
    SELECT
        10 AS top_k,
        30 AS pool_k,              -- candidates per article considered for subsumption
        0.5 AS phrase_gain,
        0.2 AS near_stop_share,
        20 AS near_stop_min_articles,
        0.1 AS near_stop_factor
),
corpus AS (
    SELECT count(DISTINCT article_id)::DOUBLE AS n_articles FROM article_terms
),
doc_freq AS (
    -- (article_id, term_norm) is the table's key, so rows per term = articles holding it.
    SELECT term_norm, count(*)::DOUBLE AS df FROM article_terms GROUP BY term_norm
),
scored AS (
    SELECT
        t.article_id,
        t.term_norm,
        t.term,
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
    JOIN doc_freq AS d USING (term_norm)
    CROSS JOIN corpus AS c
    CROSS JOIN params AS p
    WHERE t.tf > 0
),
pool AS (
    SELECT s.*
    FROM scored AS s
    QUALIFY row_number() OVER (PARTITION BY s.article_id ORDER BY s.score DESC, s.term_norm) <= (SELECT pool_k FROM params)
),
kept AS (
    SELECT short.*
    FROM pool AS short
    WHERE NOT EXISTS (
        SELECT 1
        FROM pool AS long
        WHERE long.article_id = short.article_id
          AND long.n_words > short.n_words
          AND long.tf >= short.tf
          AND contains(' ' || long.term_norm || ' ', ' ' || short.term_norm || ' ')
    )
)
SELECT
    article_id,
    term_norm,
    term,
    score::DOUBLE AS score,
    rank::INTEGER AS rank
FROM (
    SELECT kept.*, row_number() OVER (PARTITION BY article_id ORDER BY score DESC, term_norm) AS rank
    FROM kept
)
WHERE rank <= (SELECT top_k FROM params)
ORDER BY article_id, rank
