-- Inputs:  the contract tables (akhbar.schema). Outputs: the curated views (akhbar.warehouse.views).
-- The curated layer: plainly named views an analyst starts from, over the contract tables.
--
-- Views hold no data, so they can never disagree with the tables. Each view and each of its
-- columns carries a COMMENT: `SELECT * FROM duckdb_columns() WHERE table_name = 'article_overview'`
-- shows them, and warehouse/README.md is generated from them.
--
-- Daily views count only dated articles (published_date IS NOT NULL): an undated related article
-- has no day to be counted on. article_overview keeps every article.

-- --- article_overview ------------------------------------------------------------------------
CREATE OR REPLACE VIEW article_overview AS
WITH
sources AS (
    SELECT article_id, list(source ORDER BY source) AS sources
    FROM article_sources
    GROUP BY article_id
),
tags AS (
    SELECT ak.article_id, list(k.keyword ORDER BY ak.rank) AS tags
    FROM article_keywords AS ak
    JOIN keywords AS k USING (keyword_id)
    WHERE ak.origin = 'tag'
    GROUP BY ak.article_id
),
keyphrases AS (
    SELECT ak.article_id, list(k.keyword ORDER BY ak.rank) AS keyphrases
    FROM article_keywords AS ak
    JOIN keywords AS k USING (keyword_id)
    WHERE ak.origin = 'extracted'
    GROUP BY ak.article_id
),
entity_counts AS (
    SELECT
        m.article_id,
        count(DISTINCT m.entity_id) FILTER (WHERE e.entity_type = 'PERS') AS persons,
        count(DISTINCT m.entity_id) FILTER (WHERE e.entity_type = 'LOC') AS locations,
        count(DISTINCT m.entity_id) FILTER (WHERE e.entity_type = 'ORG') AS organisations,
        count(DISTINCT m.entity_id) FILTER (WHERE e.entity_type = 'MISC') AS other_entities,
        count(*) AS mentions
    FROM entity_mentions AS m
    JOIN entities AS e USING (entity_id)
    GROUP BY m.article_id
),
documents AS (
    SELECT article_id, count(*) AS documents
    FROM article_documents
    GROUP BY article_id
)
SELECT
    a.article_id,
    a.published_date,
    a.published_at,
    a.title,
    coalesce(a.publisher, s.sources[1], 'unknown') AS outlet,
    a.publisher,
    coalesce(s.sources, []::VARCHAR[]) AS sources,
    a.author,
    a.url,
    a.dateline,
    a.parent_article_id,
    a.parent_article_id IS NOT NULL AS is_related,
    a.word_count,
    a.language,
    coalesce(t.tags, []::VARCHAR[]) AS tags,
    coalesce(kp.keyphrases, []::VARCHAR[]) AS keyphrases,
    coalesce(ec.persons, 0) AS persons,
    coalesce(ec.locations, 0) AS locations,
    coalesce(ec.organisations, 0) AS organisations,
    coalesce(ec.other_entities, 0) AS other_entities,
    coalesce(ec.mentions, 0) AS entity_mentions,
    coalesce(d.documents, 0) AS documents,
    a.doc_id AS first_doc_id
FROM articles AS a
LEFT JOIN sources AS s USING (article_id)
LEFT JOIN tags AS t USING (article_id)
LEFT JOIN keyphrases AS kp USING (article_id)
LEFT JOIN entity_counts AS ec USING (article_id)
LEFT JOIN documents AS d USING (article_id);

COMMENT ON VIEW article_overview IS 'One row per article: when, who published it, its sources, tags, keyphrases and how many entities of each type it mentions.';
COMMENT ON COLUMN article_overview.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_overview.published_date IS 'Publication date (UTC); NULL when unknown.';
COMMENT ON COLUMN article_overview.published_at IS 'Publication time (UTC); NULL when unknown.';
COMMENT ON COLUMN article_overview.title IS 'Display title.';
COMMENT ON COLUMN article_overview.outlet IS 'Who to credit: the publisher, else the first attributed source (alphabetically), else ''unknown''.';
COMMENT ON COLUMN article_overview.publisher IS 'Publishing outlet as the source names it; NULL when it does not.';
COMMENT ON COLUMN article_overview.sources IS 'Attributed sources from the page''s source lines, sorted; empty when none.';
COMMENT ON COLUMN article_overview.author IS 'Author, when named.';
COMMENT ON COLUMN article_overview.url IS 'Canonical URL, when given.';
COMMENT ON COLUMN article_overview.dateline IS 'Leading place dateline of the body, if any.';
COMMENT ON COLUMN article_overview.parent_article_id IS 'For a related article, the main article whose page embeds it; NULL for a main article.';
COMMENT ON COLUMN article_overview.is_related IS 'True for a related article embedded in another article''s page.';
COMMENT ON COLUMN article_overview.word_count IS 'Words in the title and body.';
COMMENT ON COLUMN article_overview.language IS 'ISO 639-1 language code.';
COMMENT ON COLUMN article_overview.tags IS 'Publisher tags in tag-line order; empty when none.';
COMMENT ON COLUMN article_overview.keyphrases IS 'Extracted keyphrases, best first.';
COMMENT ON COLUMN article_overview.persons IS 'Distinct PERS entities mentioned.';
COMMENT ON COLUMN article_overview.locations IS 'Distinct LOC entities mentioned.';
COMMENT ON COLUMN article_overview.organisations IS 'Distinct ORG entities mentioned.';
COMMENT ON COLUMN article_overview.other_entities IS 'Distinct MISC entities mentioned.';
COMMENT ON COLUMN article_overview.entity_mentions IS 'Entity mentions in title and body, all types.';
COMMENT ON COLUMN article_overview.documents IS 'Raw documents the article was found in.';
COMMENT ON COLUMN article_overview.first_doc_id IS 'The document the article was first seen in.';

-- --- keyword_daily_counts ----------------------------------------------------------------------
CREATE OR REPLACE VIEW keyword_daily_counts AS
SELECT
    a.published_date,
    k.keyword_id,
    k.keyword,
    count(DISTINCT ak.article_id) AS articles,
    count(DISTINCT ak.article_id) FILTER (WHERE ak.origin = 'tag') AS tagged_articles
FROM article_keywords AS ak
JOIN keywords AS k USING (keyword_id)
JOIN articles AS a USING (article_id)
WHERE a.published_date IS NOT NULL
GROUP BY a.published_date, k.keyword_id, k.keyword;

COMMENT ON VIEW keyword_daily_counts IS 'Per publication day and keyword: how many dated articles carry it (as a tag or an extracted keyphrase).';
COMMENT ON COLUMN keyword_daily_counts.published_date IS 'Publication date (UTC).';
COMMENT ON COLUMN keyword_daily_counts.keyword_id IS 'The keyword (keywords.keyword_id).';
COMMENT ON COLUMN keyword_daily_counts.keyword IS 'Display form of the keyword.';
COMMENT ON COLUMN keyword_daily_counts.articles IS 'Articles published that day with the keyword, tag or extracted.';
COMMENT ON COLUMN keyword_daily_counts.tagged_articles IS 'Of those, articles whose publisher tagged them with it.';

-- --- entity_daily_counts -----------------------------------------------------------------------
CREATE OR REPLACE VIEW entity_daily_counts AS
SELECT
    a.published_date,
    e.entity_id,
    e.name,
    e.entity_type,
    count(DISTINCT m.article_id) AS articles,
    count(*) AS mentions,
    e.is_name
FROM entity_mentions AS m
JOIN entities AS e USING (entity_id)
JOIN articles AS a USING (article_id)
WHERE a.published_date IS NOT NULL
GROUP BY a.published_date, e.entity_id, e.name, e.entity_type, e.is_name;

COMMENT ON VIEW entity_daily_counts IS 'Per publication day and entity: dated articles mentioning it and its mentions.';
COMMENT ON COLUMN entity_daily_counts.published_date IS 'Publication date (UTC).';
COMMENT ON COLUMN entity_daily_counts.entity_id IS 'The entity (entities.entity_id).';
COMMENT ON COLUMN entity_daily_counts.name IS 'Canonical display name.';
COMMENT ON COLUMN entity_daily_counts.entity_type IS '''PERS'', ''LOC'', ''ORG'' or ''MISC''.';
COMMENT ON COLUMN entity_daily_counts.articles IS 'Articles published that day mentioning the entity.';
COMMENT ON COLUMN entity_daily_counts.mentions IS 'Mentions in those articles.';
COMMENT ON COLUMN entity_daily_counts.is_name IS 'False for generic things (currencies, religions, nationalities): list names first.';

-- --- entity_cooccurrence -----------------------------------------------------------------------
-- Each unordered pair appears once, with entity_id_a < entity_id_b; query both sides (or use
-- the example query 05) to find everything co-occurring with one entity.
CREATE OR REPLACE VIEW entity_cooccurrence AS
WITH article_entities AS (
    SELECT DISTINCT article_id, entity_id FROM entity_mentions
)
SELECT
    x.entity_id AS entity_id_a,
    ea.name AS name_a,
    ea.entity_type AS entity_type_a,
    y.entity_id AS entity_id_b,
    eb.name AS name_b,
    eb.entity_type AS entity_type_b,
    count(*) AS articles,
    min(a.published_date) AS first_date,
    max(a.published_date) AS last_date
FROM article_entities AS x
JOIN article_entities AS y ON y.article_id = x.article_id AND x.entity_id < y.entity_id
JOIN entities AS ea ON ea.entity_id = x.entity_id
JOIN entities AS eb ON eb.entity_id = y.entity_id
JOIN articles AS a ON a.article_id = x.article_id
GROUP BY x.entity_id, ea.name, ea.entity_type, y.entity_id, eb.name, eb.entity_type;

COMMENT ON VIEW entity_cooccurrence IS 'Pairs of entities mentioned in the same article, with how many articles they share; each unordered pair once (entity_id_a < entity_id_b).';
COMMENT ON COLUMN entity_cooccurrence.entity_id_a IS 'One entity of the pair (the smaller id).';
COMMENT ON COLUMN entity_cooccurrence.name_a IS 'Its canonical name.';
COMMENT ON COLUMN entity_cooccurrence.entity_type_a IS 'Its type.';
COMMENT ON COLUMN entity_cooccurrence.entity_id_b IS 'The other entity (the larger id).';
COMMENT ON COLUMN entity_cooccurrence.name_b IS 'Its canonical name.';
COMMENT ON COLUMN entity_cooccurrence.entity_type_b IS 'Its type.';
COMMENT ON COLUMN entity_cooccurrence.articles IS 'Articles mentioning both.';
COMMENT ON COLUMN entity_cooccurrence.first_date IS 'Earliest publication date among those articles (NULL if none is dated).';
COMMENT ON COLUMN entity_cooccurrence.last_date IS 'Latest publication date among those articles.';

-- --- publisher_daily_volume --------------------------------------------------------------------
CREATE OR REPLACE VIEW publisher_daily_volume AS
SELECT
    published_date,
    outlet,
    count(*) AS articles,
    count(*) FILTER (WHERE NOT is_related) AS main_articles,
    sum(word_count) AS words
FROM article_overview
WHERE published_date IS NOT NULL
GROUP BY published_date, outlet;

COMMENT ON VIEW publisher_daily_volume IS 'Per publication day and outlet: articles and words published.';
COMMENT ON COLUMN publisher_daily_volume.published_date IS 'Publication date (UTC).';
COMMENT ON COLUMN publisher_daily_volume.outlet IS 'The publisher, else the first attributed source, else ''unknown'' (as in article_overview).';
COMMENT ON COLUMN publisher_daily_volume.articles IS 'Dated articles published that day.';
COMMENT ON COLUMN publisher_daily_volume.main_articles IS 'Of those, main articles (not related ones embedded in another page).';
COMMENT ON COLUMN publisher_daily_volume.words IS 'Words in those articles.';

-- --- quarantined_documents ---------------------------------------------------------------------
CREATE OR REPLACE VIEW quarantined_documents AS
SELECT
    d.doc_id,
    d.source_uri,
    d.error AS reason,
    d.encoding,
    d.byte_size,
    d.run_id,
    d.ingested_at
FROM documents AS d
WHERE d.status = 'quarantined';

COMMENT ON VIEW quarantined_documents IS 'Documents that could not be loaded, with why: the list to fix sources from.';
COMMENT ON COLUMN quarantined_documents.doc_id IS 'sha256 of the raw bytes.';
COMMENT ON COLUMN quarantined_documents.source_uri IS 'Where the document was read.';
COMMENT ON COLUMN quarantined_documents.reason IS 'Why it was quarantined.';
COMMENT ON COLUMN quarantined_documents.encoding IS 'Detected encoding, when one was.';
COMMENT ON COLUMN quarantined_documents.byte_size IS 'Size in bytes.';
COMMENT ON COLUMN quarantined_documents.run_id IS 'The run that met it.';
COMMENT ON COLUMN quarantined_documents.ingested_at IS 'When (UTC).';
