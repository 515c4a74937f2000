-- Inputs:  the fts extension, loaded (stem()). Outputs: schema search, the macros
--          search.stem_word and search.analyze, tables search.indexed_articles and
--          search.postings (created if missing).
-- The search analyzer: match-keyed words (see akhbar.text.search_keys.search_key) -> stems.
--
-- It lives in the warehouse, as macros, so that indexing (in the load transaction) and querying
-- (in a read-only analyst connection) run literally the same code. Both need the fts extension
-- loaded, for stem().
--
-- Ta marbuta is folded here, around the stemmer, rather than before it as match_key does: the
-- Snowball Arabic stemmer strips a final ة (الروسية -> روس) but not a final ه (الروسيه -> روسيه),
-- so folding ة to ه first would stop الروسية from meeting روسي. Instead, a word ending in ه that
-- the stemmer leaves ending in ه (so the ه was not a pronoun suffix it knows, e.g. الحكومه) is
-- stemmed again as if written with ة; the remaining ة in a stem is then folded to ه, so the two
-- spellings always get one stem. Words whose final ه is a pronoun (كتابه, سياسته) keep the
-- stemmer's own answer.
CREATE SCHEMA IF NOT EXISTS search;

CREATE OR REPLACE MACRO search.stem_word(w) AS replace(
    CASE
        WHEN suffix(w, 'ه') AND suffix(stem(w, 'arabic'), 'ه')
            THEN stem(left(w, length(w) - 1) || 'ة', 'arabic')
        ELSE stem(w, 'arabic')
    END,
    'ة', 'ه'
);

-- Space-separated match-keyed words -> space-separated stems (empty words dropped).
CREATE OR REPLACE MACRO search.analyze(keyed) AS coalesce(
    array_to_string(
        list_transform(list_filter(string_split(keyed, ' '), w -> w <> ''), w -> search.stem_word(w)),
        ' '
    ),
    ''
);

-- The inverted index, kept incrementally: a load adds the postings of its new articles and
-- deletes those of changed or removed ones, so its cost follows the run, not the warehouse.
-- BM25's collection statistics (article count, average length, document frequencies) are
-- computed at query time from these two tables.

-- One row per indexed article. length: its stems (title and body); source_hash and
-- analyzer_version say when the row must be recomputed (the article's text changed, or a newer
-- akhbar analyses differently).
CREATE TABLE IF NOT EXISTS search.indexed_articles (
    article_id VARCHAR PRIMARY KEY,
    length INTEGER NOT NULL,
    source_hash VARCHAR NOT NULL,
    analyzer_version INTEGER NOT NULL
);

-- One row per (stem, article): how often the stem occurs in the title and in the body. No key
-- index: millions of rows, and only new articles ever enter.
CREATE TABLE IF NOT EXISTS search.postings (
    term VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    title_tf INTEGER NOT NULL,
    body_tf INTEGER NOT NULL
);
