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
    a.doc_id AS first_doc_id,
    a.agency,
    st.near_duplicate_of,
    st.near_duplicate_of IS NOT NULL AS is_copy,
    st.story_id
FROM articles AS a
LEFT JOIN sources AS s USING (article_id)
LEFT JOIN tags AS t USING (article_id)
LEFT JOIN keyphrases AS kp USING (article_id)
LEFT JOIN entity_counts AS ec USING (article_id)
LEFT JOIN documents AS d USING (article_id)
LEFT JOIN article_stories AS st USING (article_id);

COMMENT ON VIEW article_overview IS 'One row per article: when, who published it, its sources, tags, keyphrases, how many entities of each type it mentions, and its near-copy original and story.';
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
COMMENT ON COLUMN article_overview.agency IS 'News agency credited in the body (articles.agency); NULL when none.';
COMMENT ON COLUMN article_overview.near_duplicate_of IS 'The earliest article of which this one is a near copy (article_stories.near_duplicate_of); NULL when none is earlier.';
COMMENT ON COLUMN article_overview.is_copy IS 'True for a near copy of an earlier article.';
COMMENT ON COLUMN article_overview.story_id IS 'The story the article belongs to (article_stories.story_id, stories.story_id); NULL only for an article loaded before stories existed, until the next load.';

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

-- --- article_periods ---------------------------------------------------------------------------
-- Each dated article three times: in its day, its week and its month, with its copy group (its
-- original, or itself) and its story. The attention views count from here.
CREATE OR REPLACE VIEW article_periods AS
SELECT
    a.article_id,
    coalesce(s.near_duplicate_of, a.article_id) AS original_id,
    s.story_id,
    p.period,
    p.period_start
FROM articles AS a
LEFT JOIN article_stories AS s USING (article_id),
LATERAL (VALUES ('day', a.published_date), ('week', date_trunc('week', a.published_date)::DATE),
                ('month', date_trunc('month', a.published_date)::DATE)) AS p(period, period_start)
WHERE a.published_date IS NOT NULL;

COMMENT ON VIEW article_periods IS 'Each dated article in its day, week and month, with its copy group and story: what the attention views count.';
COMMENT ON COLUMN article_periods.article_id IS 'The article.';
COMMENT ON COLUMN article_periods.original_id IS 'Its near-copy original (article_stories.near_duplicate_of), else itself: one value per group of copies.';
COMMENT ON COLUMN article_periods.story_id IS 'Its story (NULL only for an article loaded before stories existed, until the next load).';
COMMENT ON COLUMN article_periods.period IS '''day'', ''week'' (starting Monday) or ''month''.';
COMMENT ON COLUMN article_periods.period_start IS 'First day of the period.';

-- --- attention_periods -------------------------------------------------------------------------
-- Every day, week (from Monday) and month of the warehouse's date range, with its dated articles:
-- the denominator of the attention views, zero-filled so a quiet day is a 0, not a missing row.
CREATE OR REPLACE VIEW attention_periods AS
WITH
bounds AS (SELECT min(published_date) AS first_day, max(published_date) AS last_day FROM articles),
days AS (
    SELECT d::DATE AS day
    FROM bounds, range(bounds.first_day::TIMESTAMP, bounds.last_day::TIMESTAMP + INTERVAL 1 DAY, INTERVAL 1 DAY) AS r(d)
),
periods AS (
    SELECT DISTINCT p.period, p.period_start
    FROM days,
    LATERAL (VALUES ('day', day), ('week', date_trunc('week', day)::DATE), ('month', date_trunc('month', day)::DATE)) AS p(period, period_start)
),
counts AS (
    SELECT period, period_start, count(*) AS articles, count(DISTINCT original_id) AS articles_without_copies
    FROM article_periods
    GROUP BY period, period_start
)
SELECT p.period, p.period_start, coalesce(c.articles, 0) AS articles, coalesce(c.articles_without_copies, 0) AS articles_without_copies
FROM periods AS p
LEFT JOIN counts AS c USING (period, period_start);

COMMENT ON VIEW attention_periods IS 'Every day, week and month from the earliest to the latest publication date, with its dated articles (0 on a day without any).';
COMMENT ON COLUMN attention_periods.period IS '''day'', ''week'' (starting Monday) or ''month''.';
COMMENT ON COLUMN attention_periods.period_start IS 'First day of the period.';
COMMENT ON COLUMN attention_periods.articles IS 'Dated articles published in the period.';
COMMENT ON COLUMN attention_periods.articles_without_copies IS 'The same with copies collapsed: a near copy and its original count once (distinct coalesce(near_duplicate_of, article_id)).';

-- --- subject_attention ---------------------------------------------------------------------------
-- The one shape behind entity_attention, keyword_attention and story_attention: attention to each
-- subject (an entity, a keyword or a story) per day, week and month, zero-filled over the
-- warehouse's date range: its articles, their share of all dated articles of the period, the same
-- with near copies collapsed, and a spike flag. A spike is a robust z-score of at least 3.5
-- against the 7 periods before (median and median absolute deviation, the MAD scaled by 1.4826 and
-- at least 1, so a jump from nothing to 3 articles counts) with at least 3 articles. Each view
-- below filters one subject kind, which DuckDB pushes down to that kind's rows, adds the subject's
-- names and passes the other columns through in this order; they inherit their descriptions from
-- here (akhbar.warehouse.views). A story's articles are all of one story: story_attention leaves
-- out the stories column.
CREATE OR REPLACE VIEW subject_attention AS
WITH
subject_articles AS (
    SELECT DISTINCT 'entity' AS subject, entity_id AS subject_id, article_id FROM entity_mentions
    UNION ALL
    SELECT DISTINCT 'keyword' AS subject, keyword_id AS subject_id, article_id FROM article_keywords
    UNION ALL
    SELECT 'story' AS subject, story_id AS subject_id, article_id FROM article_stories
),
counts AS (
    SELECT
        s.subject,
        s.subject_id,
        ap.period,
        ap.period_start,
        count(DISTINCT s.article_id) AS articles,
        count(DISTINCT ap.original_id) AS articles_without_copies,
        count(DISTINCT ap.story_id) AS stories
    FROM article_periods AS ap
    JOIN subject_articles AS s USING (article_id)
    GROUP BY s.subject, s.subject_id, ap.period, ap.period_start
),
filled AS (
    SELECT
        s.subject,
        s.subject_id,
        p.period,
        p.period_start,
        p.articles AS period_articles,
        p.articles_without_copies AS period_articles_without_copies,
        coalesce(c.articles, 0) AS articles,
        coalesce(c.articles_without_copies, 0) AS articles_without_copies,
        coalesce(c.stories, 0) AS stories
    FROM attention_periods AS p
    CROSS JOIN (SELECT DISTINCT subject, subject_id FROM counts) AS s
    LEFT JOIN counts AS c USING (subject, subject_id, period, period_start)
),
history AS (
    SELECT *,
        median(articles) OVER w AS trailing_median,
        mad(articles) OVER w AS trailing_mad
    FROM filled
    WINDOW w AS (PARTITION BY subject, subject_id, period ORDER BY period_start ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING)
)
SELECT
    t.subject,
    t.subject_id,
    t.period,
    t.period_start,
    t.articles,
    t.period_articles,
    CASE WHEN t.period_articles > 0 THEN t.articles / t.period_articles ELSE 0 END AS share,
    t.trailing_median,
    (t.articles - t.trailing_median) / greatest(1.4826 * t.trailing_mad, 1) AS robust_z,
    coalesce(t.articles >= 3 AND (t.articles - t.trailing_median) / greatest(1.4826 * t.trailing_mad, 1) >= 3.5, false) AS spike,
    t.articles_without_copies,
    t.period_articles_without_copies,
    CASE WHEN t.period_articles_without_copies > 0 THEN t.articles_without_copies / t.period_articles_without_copies ELSE 0 END
        AS share_without_copies,
    t.stories
FROM history AS t;

COMMENT ON VIEW subject_attention IS 'Per entity, keyword or story and day, week or month (zero-filled): articles, their share of all dated articles, the same with copies collapsed, and spikes. entity_attention, keyword_attention and story_attention add names.';
COMMENT ON COLUMN subject_attention.subject IS '''entity'', ''keyword'' or ''story''.';
COMMENT ON COLUMN subject_attention.subject_id IS 'entities.entity_id, keywords.keyword_id or stories.story_id.';
COMMENT ON COLUMN subject_attention.period IS '''day'', ''week'' (starting Monday) or ''month''.';
COMMENT ON COLUMN subject_attention.period_start IS 'First day of the period.';
COMMENT ON COLUMN subject_attention.articles IS 'Dated articles of the period about the subject.';
COMMENT ON COLUMN subject_attention.period_articles IS 'All dated articles of the period (attention_periods.articles).';
COMMENT ON COLUMN subject_attention.share IS 'articles / period_articles (0 in a period without articles).';
COMMENT ON COLUMN subject_attention.trailing_median IS 'Median of articles over the 7 periods before (NULL for the first period).';
COMMENT ON COLUMN subject_attention.robust_z IS '(articles - trailing_median) / max(1.4826 * MAD of those 7 periods, 1); NULL for the first period.';
COMMENT ON COLUMN subject_attention.spike IS 'True when robust_z >= 3.5 and articles >= 3.';
COMMENT ON COLUMN subject_attention.articles_without_copies IS 'articles with syndicated copies counted once: distinct copy groups (coalesce(near_duplicate_of, article_id)).';
COMMENT ON COLUMN subject_attention.period_articles_without_copies IS 'All dated articles of the period, copies collapsed (attention_periods.articles_without_copies).';
COMMENT ON COLUMN subject_attention.share_without_copies IS 'articles_without_copies / period_articles_without_copies (0 in a period without articles).';
COMMENT ON COLUMN subject_attention.stories IS 'Distinct stories among those articles.';

-- --- entity_attention -----------------------------------------------------------------------------
CREATE OR REPLACE VIEW entity_attention AS
SELECT
    t.period,
    t.period_start,
    t.subject_id AS entity_id,
    e.name,
    e.entity_type,
    t.* EXCLUDE (subject, subject_id, period, period_start)
FROM subject_attention AS t
JOIN entities AS e ON e.entity_id = t.subject_id
WHERE t.subject = 'entity';

COMMENT ON VIEW entity_attention IS 'Per entity and day, week or month (zero-filled): articles mentioning it, their share of all dated articles, the same with copies collapsed, and spikes.';
COMMENT ON COLUMN entity_attention.entity_id IS 'The entity (entities.entity_id).';
COMMENT ON COLUMN entity_attention.name IS 'Canonical display name.';
COMMENT ON COLUMN entity_attention.entity_type IS '''PERS'', ''LOC'', ''ORG'' or ''MISC''.';
COMMENT ON COLUMN entity_attention.articles IS 'Dated articles of the period mentioning the entity.';

-- --- keyword_attention ----------------------------------------------------------------------------
CREATE OR REPLACE VIEW keyword_attention AS
SELECT
    t.period,
    t.period_start,
    t.subject_id AS keyword_id,
    k.keyword,
    t.* EXCLUDE (subject, subject_id, period, period_start)
FROM subject_attention AS t
JOIN keywords AS k ON k.keyword_id = t.subject_id
WHERE t.subject = 'keyword';

COMMENT ON VIEW keyword_attention IS 'Per keyword and day, week or month (zero-filled): articles carrying it (tag or extracted), their share of all dated articles, the same with copies collapsed, and spikes.';
COMMENT ON COLUMN keyword_attention.keyword_id IS 'The keyword (keywords.keyword_id).';
COMMENT ON COLUMN keyword_attention.keyword IS 'Display form of the keyword.';
COMMENT ON COLUMN keyword_attention.articles IS 'Dated articles of the period carrying the keyword.';

-- --- story_attention ------------------------------------------------------------------------------
CREATE OR REPLACE VIEW story_attention AS
SELECT
    t.period,
    t.period_start,
    t.subject_id AS story_id,
    s.headline,
    t.* EXCLUDE (subject, subject_id, period, period_start, stories)
FROM subject_attention AS t
JOIN stories AS s ON s.story_id = t.subject_id
WHERE t.subject = 'story';

COMMENT ON VIEW story_attention IS 'Per story and day, week or month (zero-filled): its articles, their share of all dated articles (the shares of a period add up to 1), the same with copies collapsed, and spikes.';
COMMENT ON COLUMN story_attention.story_id IS 'The story (stories.story_id).';
COMMENT ON COLUMN story_attention.headline IS 'The story''s headline.';
COMMENT ON COLUMN story_attention.articles IS 'Dated articles of the story published in the period.';

-- --- source_health -----------------------------------------------------------------------------
-- Per outlet and day: is the source delivering, and delivering sense? Articles are counted on
-- their publication day, or on the day they were ingested when they have no plausible date.
-- Quarantined documents carry no outlet (they could not be read): they are counted on their
-- ingestion day under the outlet '(quarantined)'.
CREATE OR REPLACE VIEW source_health AS
WITH
article_days AS (
    SELECT
        coalesce(a.publisher, 'unknown') AS outlet,
        d.ingested_at::DATE AS ingested_day,
        a.published_date,
        a.published_date IS NULL
            OR a.published_date > d.ingested_at::DATE
            OR a.published_date < DATE '1990-01-01' AS implausible_date,
        a.word_count,
        a.language,
        s.near_duplicate_of IS NOT NULL AS is_copy
    FROM articles AS a
    JOIN documents AS d ON d.doc_id = a.doc_id
    LEFT JOIN article_stories AS s ON s.article_id = a.article_id
),
per_day AS (
    SELECT
        outlet,
        CASE WHEN implausible_date THEN ingested_day ELSE published_date END AS day,
        count(*) AS articles,
        count(*) FILTER (WHERE word_count < 20) AS empty_articles,
        count(*) FILTER (WHERE implausible_date) AS implausible_dates,
        count(*) FILTER (WHERE is_copy) AS copies,
        count(*) FILTER (WHERE language <> 'ar') AS non_arabic
    FROM article_days
    GROUP BY ALL
),
languages AS (
    SELECT outlet, day, list(language || ':' || n ORDER BY n DESC, language) AS languages
    FROM (
        SELECT outlet, CASE WHEN implausible_date THEN ingested_day ELSE published_date END AS day, language, count(*) AS n
        FROM article_days GROUP BY ALL
    )
    GROUP BY outlet, day
),
quarantined AS (
    SELECT '(quarantined)' AS outlet, ingested_at::DATE AS day, count(*) AS quarantined
    FROM documents WHERE status = 'quarantined'
    GROUP BY ALL
)
SELECT
    coalesce(p.outlet, q.outlet) AS outlet,
    coalesce(p.day, q.day) AS day,
    coalesce(p.articles, 0) AS articles,
    coalesce(p.empty_articles, 0) AS empty_articles,
    coalesce(q.quarantined, 0) AS quarantined_documents,
    coalesce(p.implausible_dates, 0) AS implausible_dates,
    coalesce(p.copies, 0) AS copies,
    CASE WHEN p.articles > 0 THEN p.copies / p.articles END AS duplicate_rate,
    CASE WHEN p.articles > 0 THEN p.non_arabic / p.articles END AS non_arabic_share,
    coalesce(l.languages, []::VARCHAR[]) AS languages
FROM per_day AS p
FULL JOIN quarantined AS q ON q.outlet = p.outlet AND q.day = p.day
LEFT JOIN languages AS l ON l.outlet = p.outlet AND l.day = p.day;

COMMENT ON VIEW source_health IS 'Per outlet and day: volume, near-empty articles, quarantined documents, implausible dates, copies and languages.';
COMMENT ON COLUMN source_health.outlet IS 'The publisher (''unknown'' when the source names none); ''(quarantined)'' for documents that could not be read.';
COMMENT ON COLUMN source_health.day IS 'Publication day; the ingestion day for articles without a plausible date and for quarantined documents.';
COMMENT ON COLUMN source_health.articles IS 'Articles of the outlet that day.';
COMMENT ON COLUMN source_health.empty_articles IS 'Of those, articles of fewer than 20 words (title and body).';
COMMENT ON COLUMN source_health.quarantined_documents IS 'Documents quarantined that day (outlet ''(quarantined)'' only).';
COMMENT ON COLUMN source_health.implausible_dates IS 'Articles without a date, dated after their ingestion or before 1990.';
COMMENT ON COLUMN source_health.copies IS 'Articles that are near copies of an earlier article (article_stories.near_duplicate_of).';
COMMENT ON COLUMN source_health.duplicate_rate IS 'copies / articles.';
COMMENT ON COLUMN source_health.non_arabic_share IS 'Share of articles whose language is not Arabic.';
COMMENT ON COLUMN source_health.languages IS 'Languages as ''code:articles'', most frequent first.';
