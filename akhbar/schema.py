"""The data contract: every table's columns, declared once as Arrow schemas.

DuckDB DDL, Parquet files, row builders, the data dictionary and the data checks are all derived
from these declarations, so a column is added in exactly one place. Each field carries a
``description`` in its metadata; each table says its primary key and how its Parquet files are
laid out in the lake.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

# The version of the last step in warehouse/migrations.py (a test keeps the two equal).
SCHEMA_VERSION = 10

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")


def _f(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


@dataclass(frozen=True)
class TableSpec:
    """One table of the contract: its Arrow schema, key and lake layout."""

    name: str
    description: str
    schema: pa.Schema
    primary_key: tuple[str, ...]
    # 'append': each run adds immutable files of its new rows; 'snapshot': the table is derived
    # from the whole warehouse and each run replaces the previous snapshot file.
    lake_mode: str = "append"
    partition_by: tuple[str, ...] = ()
    # Internal tables feed derivations (statistics, staging) and are not part of the analyst's lake.
    internal: bool = False
    unique: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    # A key that the load guarantees by construction instead of a DuckDB index: for tables of
    # millions of rows, where maintaining an index of wide string keys costs more than the load.
    enforce_primary_key: bool = True

    @property
    def columns(self) -> list[str]:
        return list(self.schema.names)


DOCUMENTS = TableSpec(
    "documents",
    "One row per raw document ever seen: loaded or quarantined, with where it came from.",
    pa.schema(
        [
            _f("doc_id", pa.string(), "sha256 of the document's raw bytes (hex).", False),
            _f("source_uri", pa.string(), "Where the document was read: a path, or archive!member#index.", False),
            _f("status", pa.string(), "'loaded' or 'quarantined'.", False),
            _f("error", pa.string(), "Why the document was quarantined; NULL when loaded."),
            _f("warnings", pa.list_(pa.string()), "Problems that did not stop the load (e.g. an impossible date)."),
            _f("encoding", pa.string(), "Detected text encoding (utf-8, utf-8-sig, utf-16, windows-1256)."),
            _f("byte_size", pa.int64(), "Size of the raw document in bytes.", False),
            _f("article_count", pa.int32(), "Articles parsed from the document (main plus related)."),
            _f("run_id", pa.string(), "The run that first ingested the document.", False),
            _f("ingested_at", UTC_TIMESTAMP, "When that run ingested it (UTC).", False),
            _f(
                "source_format",
                pa.string(),
                "Format or producer the document was read as: 'page', 'html', 'warc', 'news-please', "
                "'trafilatura', 'newspaper4k', 'saudinewsnet', 'json' (other JSON records); for a quarantined "
                "one its file's format ('json', 'jsonl', 'unsupported', ...). NULL before schema version 5.",
            ),
        ]
    ),
    ("doc_id",),
)

ARTICLES = TableSpec(
    "articles",
    "One row per distinct article; a page's main article and each related article it embeds.",
    pa.schema(
        [
            _f("article_id", pa.string(), "Deterministic id from the normalized title and body.", False),
            _f("doc_id", pa.string(), "The document the article was first seen in.", False),
            _f("title", pa.string(), "Clean display title.", False),
            _f("dateline", pa.string(), "Leading place dateline of the body (e.g. 'ليبيا'), if any."),
            _f("body", pa.string(), "Clean body text, one paragraph per line.", False),
            _f("published_at", UTC_TIMESTAMP, "Publication time in UTC; NULL when unknown."),
            _f("published_date", pa.date32(), "Publication date (UTC); NULL when unknown."),
            _f("published_at_source", pa.string(), "Where published_at came from ('page', 'record', 'date_extracted')."),
            _f("parent_article_id", pa.string(), "NULL for a main article; the main article's id for a related one."),
            _f("word_count", pa.int32(), "Words in the title and body.", False),
            _f("language", pa.string(), "ISO 639-1 language code of the text.", False),
            _f("publisher", pa.string(), "Publishing outlet, when the source names it."),
            _f("author", pa.string(), "Author, when the source names one."),
            _f("url", pa.string(), "Canonical URL, when the source gives one."),
            _f("agency", pa.string(), "News agency credited at the start or end of the body (e.g. 'واس', 'رويترز'); NULL when none."),
            _f("source_format", pa.string(), "Format or producer of the document the article was read from (see documents.source_format)."),
            _f(
                "field_sources",
                pa.map_(pa.string(), pa.string()),
                "Where each part came from: part (title, body, published_at, author, publisher, url, tags, "
                "language) -> the record field (e.g. body -> 'maintext') or the part of the page (e.g. "
                "'date metadata', 'WARC-Date', 'html lang'); a part that is absent was not in the source.",
            ),
        ]
    ),
    ("article_id",),
    partition_by=("published_date",),
)

ARTICLE_DOCUMENTS = TableSpec(
    "article_documents",
    "Which documents each article was found in, and where in the page.",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("doc_id", pa.string(), "A document containing it.", False),
            _f("position", pa.int32(), "0 for the page's main article, 1.. for related articles in page order.", False),
        ]
    ),
    ("article_id", "doc_id"),
)

ARTICLE_SOURCES = TableSpec(
    "article_sources",
    "Attributed sources of an article, as written on the page's source lines.",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("source", pa.string(), "The source as written (e.g. 'RT', 'RT Arabic').", False),
        ]
    ),
    ("article_id", "source"),
)

KEYWORDS = TableSpec(
    "keywords",
    "Distinct keyphrases: publisher tags and phrases extracted from text.",
    pa.schema(
        [
            _f("keyword_id", pa.string(), "Deterministic id from keyword_norm.", False),
            _f("keyword", pa.string(), "Display form (first seen).", False),
            _f("keyword_norm", pa.string(), "Match key: Persian letters, diacritics, tatweel, alef/ya/ta marbuta folded.", False),
        ]
    ),
    ("keyword_id",),
    lake_mode="snapshot",
    unique=(("keyword_norm",),),
)

ARTICLE_KEYWORDS = TableSpec(
    "article_keywords",
    "Keyphrases of each article: its publisher tags and its extracted keyphrases, ranked.",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("keyword_id", pa.string(), "The keyphrase.", False),
            _f("origin", pa.string(), "'tag' (publisher tag line) or 'extracted' (from the text).", False),
            _f("score", pa.float64(), "Tags: 1.0. Extracted: tf-idf against warehouse document frequencies."),
            _f("rank", pa.int32(), "1-based rank within the article and origin.", False),
        ]
    ),
    ("article_id", "keyword_id", "origin"),
    lake_mode="snapshot",
)

ENTITIES = TableSpec(
    "entities",
    "Canonical named entities: one row per real-world name, not per spelling.",
    pa.schema(
        [
            _f("entity_id", pa.string(), "Deterministic id from entity_type and name_norm.", False),
            _f("name", pa.string(), "Canonical display form: the most frequent full form.", False),
            _f("name_norm", pa.string(), "Match key of the full name, clitics removed.", False),
            _f("entity_type", pa.string(), "'PERS', 'LOC', 'ORG' or 'MISC'.", False),
            _f("mention_count", pa.int64(), "Mentions across all articles."),
            _f("article_count", pa.int64(), "Articles mentioning the entity."),
            _f(
                "subtype",
                pa.string(),
                "What kind of thing: 'title' (a title standing for a person), 'country', 'city', "
                "'currency', 'religion', 'nationality', 'given_name' (a given name alone), 'generic' (no "
                "particular thing: بطولة العالم, الأكراد); NULL when not known.",
            ),
            _f(
                "is_name",
                pa.bool_(),
                "False for generic things (currencies, religions, nationalities, titles without their "
                "holder, given names alone, generic names): the analyst's 'top named things' views list names first.",
                False,
            ),
            _f("geonames_id", pa.int64(), "GeoNames id of a place linked unambiguously (NULL otherwise)."),
            _f("country_code", pa.string(), "ISO 3166 alpha-2 code of the linked place's country."),
            _f("latitude", pa.float64(), "Latitude of the linked place (GeoNames)."),
            _f("longitude", pa.float64(), "Longitude of the linked place (GeoNames)."),
        ]
    ),
    ("entity_id",),
    lake_mode="snapshot",
)

ENTITY_ALIASES = TableSpec(
    "entity_aliases",
    "Every name found in the articles (a match key and type) and the entity it was resolved to: the audit trail of merges.",
    pa.schema(
        [
            _f("alias_id", pa.string(), "Deterministic id from the name's own entity_type and name_norm.", False),
            _f("alias_norm", pa.string(), "Match key of the name as found (clitics removed).", False),
            _f("entity_type", pa.string(), "The type the articles gave the name.", False),
            _f("entity_id", pa.string(), "The entity it resolves to (its own id when not linked).", False),
            _f(
                "method",
                pa.string(),
                "How it was linked: 'self' (not linked), 'spacing' (عبد الله/عبدالله), 'clitic' (بجدة -> جدة), "
                "'article' (an ال not part of the name), 'country' (official forms), 'epithet' (مكة المكرمة), "
                "'descriptor' (حركة حماس -> حماس), 'long_name' (سلمان بن عبدالعزيز -> its dominant full form), "
                "'prefix' (words the tagger ran past a name cut off), 'short_name' (منصور هادي -> عبدربه منصور هادي), "
                "'surname' (أوباما -> باراك أوباما), 'fragment' (a name cut on بن: عبدالله بن -> عبدالله), "
                "'inflection' (دولارا -> دولار, الحوثيون -> الحوثيين), 'retyped' (a title or group typed as it is).",
                False,
            ),
            _f("mention_count", pa.int64(), "Mentions of the name.", False),
            _f("article_count", pa.int64(), "Articles with the name.", False),
        ]
    ),
    ("alias_id",),
    lake_mode="snapshot",
)

ENTITY_MENTIONS = TableSpec(
    "entity_mentions",
    "Every mention of an entity, with its surface form and character offsets.",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("entity_id", pa.string(), "The canonical entity.", False),
            _f("field", pa.string(), "'title' or 'body': which text the offsets point into.", False),
            _f("surface", pa.string(), "The text as written; equals field[start_char:end_char].", False),
            _f("name", pa.string(), "The full name this mention resolves to in its article.", False),
            _f("start_char", pa.int32(), "Start offset (Python string index) in the field.", False),
            _f("end_char", pa.int32(), "End offset (exclusive).", False),
            _f(
                "paragraph",
                pa.int32(),
                "0-based paragraph (line) of the body holding the mention; 0 in the title. NULL for "
                "mentions loaded before schema version 4 until `akhbar run --reprocess entities`.",
            ),
            _f(
                "method",
                pa.string(),
                "How the mention was found: 'model' (the tagger), 'document' (a repetition or short form of a "
                "name found in the article), 'institution' (the institution layer), 'title' (a title standing "
                "for a person), 'gazetteer' (a listed place, religion or organisation the tagger missed), 'tag' (a publisher tag), "
                "'rules' (pattern rules, tagger off). A mention linked "
                "to another name's entity has entity_id <> alias_id (see entity_aliases.method).",
                False,
            ),
            _f("alias_id", pa.string(), "The name as found in the article (entity_aliases); entity_id is what it resolves to.", False),
        ]
    ),
    ("article_id", "field", "start_char"),
    lake_mode="snapshot",
)

# Copies and stories change as articles arrive (a later, earlier-dated copy becomes the original;
# two stories merge), while the lake's article files are immutable per run: the assignments live
# in their own table, published as a snapshot, and article_overview joins them back.
ARTICLE_STORIES = TableSpec(
    "article_stories",
    "Each article's near-copy original and its story (see stories).",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f(
                "near_duplicate_of",
                pa.string(),
                "The earliest article (by published_at, then article_id) of which this one is a near copy "
                "(Jaccard of body word 3-shingles >= 0.5, MinHash LSH estimate); NULL when none is earlier.",
            ),
            _f("story_id", pa.string(), "The story: the article_id of the story's earliest article.", False),
        ]
    ),
    ("article_id",),
    lake_mode="snapshot",
    enforce_primary_key=False,
)

STORIES = TableSpec(
    "stories",
    "Stories: articles reporting one event within a few days, near copies always together.",
    pa.schema(
        [
            _f("story_id", pa.string(), "article_id of the story's earliest article (stable while membership is).", False),
            _f("headline", pa.string(), "Title of the story's earliest article.", False),
            _f("first_date", pa.date32(), "Earliest publication date of its articles (NULL when none is dated)."),
            _f("last_date", pa.date32(), "Latest publication date of its articles."),
            _f("article_count", pa.int64(), "Articles in the story.", False),
            _f("copy_count", pa.int64(), "Of those, near copies of an earlier article.", False),
            _f("publisher_count", pa.int64(), "Distinct publishers among them (articles without a publisher not counted).", False),
            _f("publishers", pa.list_(pa.string()), "Those publishers, by articles descending then name."),
            _f("top_entities", pa.list_(pa.string()), "Up to five entity names mentioned in most of its articles."),
        ]
    ),
    ("story_id",),
    lake_mode="snapshot",
    enforce_primary_key=False,
)

RUNS = TableSpec(
    "runs",
    "One row per flow run that loaded into the warehouse.",
    pa.schema(
        [
            _f("run_id", pa.string(), "akhbar's id of the run.", False),
            _f("flow_run_id", pa.string(), "Prefect flow run id."),
            _f("started_at", UTC_TIMESTAMP, "When the run started.", False),
            _f("finished_at", UTC_TIMESTAMP, "When the load committed.", False),
            _f("documents_seen", pa.int64(), "Documents found in the sources.", False),
            _f("documents_new", pa.int64(), "Documents not loaded before (loaded + quarantined).", False),
            _f("documents_skipped", pa.int64(), "Documents skipped because their bytes were loaded before.", False),
            _f("documents_loaded", pa.int64(), "New documents loaded.", False),
            _f("documents_quarantined", pa.int64(), "New documents quarantined.", False),
            _f("rows_written", pa.string(), "JSON object: rows added per table by the run.", False),
            _f(
                "input_settings",
                pa.string(),
                "JSON object: what decided how the run read documents (akhbar's version, the field mapping); "
                "a document quarantined under other settings is read again. NULL for runs before schema 4.",
            ),
        ]
    ),
    ("run_id",),
)

# Internal: candidate terms per article, the evidence from which extracted keyphrases and the
# corpus document frequencies are derived inside the warehouse.
ARTICLE_TERMS = TableSpec(
    "article_terms",
    "Candidate keyphrases of each article with their term frequency (feeds keyword scoring).",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("term_norm", pa.string(), "Match key of the candidate phrase.", False),
            _f("term", pa.string(), "Most frequent display form in the article.", False),
            _f("n_words", pa.int8(), "Words in the phrase (1-3).", False),
            _f("tf", pa.int32(), "Occurrences in the article (title counted double).", False),
            _f("first_pos", pa.int32(), "Word position of the first occurrence.", False),
        ]
    ),
    ("article_id", "term_norm"),
    internal=True,
    enforce_primary_key=False,
)

# Internal: the manifest of files processed, so an unchanged file is skipped without reading it.
SOURCE_FILES = TableSpec(
    "source_files",
    "Files read by earlier runs: path, size and mtime identify an unchanged file, its hash its content.",
    pa.schema(
        [
            _f("path", pa.string(), "File path as given in the source.", False),
            _f("byte_size", pa.int64(), "Size when read.", False),
            _f("mtime_ns", pa.int64(), "Modification time when read (ns).", False),
            _f("content_hash", pa.string(), "sha256 of the file's bytes.", False),
            _f("documents", pa.int64(), "Documents read from the file.", False),
            _f("run_id", pa.string(), "The run that read it.", False),
        ]
    ),
    ("path",),
    internal=True,
)

# Internal: the MinHash signatures and LSH band keys the copy and story matching joins on, so a
# new article is compared with the warehouse's articles without recomputing theirs.
ARTICLE_SIGNATURES = TableSpec(
    "article_signatures",
    "Each article's copy signature (MinHash of body shingles) and story features.",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("copy_signature", pa.list_(pa.int64()), "MinHash of the body's word 3-shingles; NULL for a body too short."),
            _f("story_features", pa.list_(pa.int64()), "Sorted 64-bit ids of the story features (entities, frequent phrases).", False),
        ]
    ),
    ("article_id",),
    internal=True,
    enforce_primary_key=False,
)

ARTICLE_BANDS = TableSpec(
    "article_bands",
    "LSH band keys of each article's signatures: articles sharing a key are candidate matches.",
    pa.schema(
        [
            _f("kind", pa.string(), "'copy' or 'story': which signature the key comes from.", False),
            _f("band_key", pa.int64(), "Hash of one band of the signature (the band's index included).", False),
            _f("article_id", pa.string(), "The article.", False),
        ]
    ),
    ("kind", "band_key", "article_id"),
    internal=True,
    enforce_primary_key=False,
)

# A reprocess quarantines a stored article whose re-derivation raised, as the transform does a
# document: the article keeps the derived rows it had and every other article is re-derived.
QUARANTINED_ARTICLES = TableSpec(
    "quarantined_articles",
    "Stored articles a reprocess could not re-derive, with the reason: each listed part of the article "
    "keeps the rows it had before (stale) until a later reprocess of that part succeeds.",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("derivation", pa.string(), "The part left stale: a name of `akhbar run --reprocess` (keywords, entities, ...).", False),
            _f("doc_id", pa.string(), "The document of its stored copy (articles.doc_id).", False),
            _f("error", pa.string(), "Why: the derivation that raised and its error (the article's other parts were not replaced either).", False),
            _f("run_id", pa.string(), "The reprocess that quarantined it.", False),
        ]
    ),
    ("article_id", "derivation"),
    lake_mode="snapshot",
    # Rewritten by each reprocess that re-derives the article (deleted and re-inserted in one transaction).
    enforce_primary_key=False,
)

# Internal staging shapes written by the transform: rows carry the display/norm forms the load
# needs to upsert the dimension tables.
STAGED_TAGS = TableSpec(
    "staged_tags",
    "Publisher tags of the articles in one batch.",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("keyword_id", pa.string(), "Id of the tag's keyword.", False),
            _f("keyword", pa.string(), "Display form.", False),
            _f("keyword_norm", pa.string(), "Match key.", False),
            _f("rank", pa.int32(), "Position on the tag line (1-based).", False),
        ]
    ),
    ("article_id", "keyword_id"),
    internal=True,
)

STAGED_MENTIONS = TableSpec(
    "staged_mentions",
    "Entity mentions of the articles in one batch, with their canonical names.",
    pa.schema(
        list(ENTITY_MENTIONS.schema)
        + [
            _f("name_norm", pa.string(), "Match key of the full form.", False),
            _f("entity_type", pa.string(), "'PERS', 'LOC', 'ORG' or 'MISC'.", False),
            # Offsets point into this document's copy of the article: copies of one article
            # may differ in diacritics or spacing, and only the stored copy's mentions are kept.
            _f("doc_id", pa.string(), "The document whose copy of the article was analysed.", False),
        ]
    ),
    ("article_id", "doc_id", "field", "start_char"),
    internal=True,
)

STAGED_SEARCH = TableSpec(
    "staged_search_text",
    "Search words of the articles in one batch (search_key of title and body), for the index.",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("doc_id", pa.string(), "The document whose copy of the article was analysed.", False),
            _f("title_key", pa.string(), "search_key(title).", False),
            _f("body_key", pa.string(), "search_key(body).", False),
        ]
    ),
    ("article_id", "doc_id"),
    internal=True,
)

STAGED_SIGNATURES = TableSpec(
    "staged_signatures",
    "MinHash signatures and band keys of the articles in one batch.",
    pa.schema(
        list(ARTICLE_SIGNATURES.schema)
        + [
            _f("doc_id", pa.string(), "The document whose copy of the article was analysed.", False),
            _f("copy_bands", pa.list_(pa.int64()), "Band keys of copy_signature."),
            _f("story_bands", pa.list_(pa.int64()), "Band keys of the story features' MinHash; NULL when too few features."),
        ]
    ),
    ("article_id", "doc_id"),
    internal=True,
)

# Re-deriving stored articles (akhbar.formats.stored): the warehouse exports the articles to re-derive
# to the run's staging area, transform workers read them there, and each batch stages which of
# them it re-derived, so the load replaces derived rows of exactly those articles.
STORED_ARTICLES = TableSpec(
    "stored_articles",
    "Articles exported from the warehouse for re-deriving (a work item of the transform).",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("doc_id", pa.string(), "The document of its stored copy (articles.doc_id).", False),
            _f("title", pa.string(), "Its stored title.", False),
            _f("body", pa.string(), "Its stored body.", False),
        ]
    ),
    ("article_id",),
    internal=True,
)

REDERIVED_ARTICLES = TableSpec(
    "rederived_articles",
    "Stored articles whose derived rows a batch re-derived (their old rows are replaced).",
    pa.schema(
        [
            _f("article_id", pa.string(), "The article.", False),
            _f("doc_id", pa.string(), "The document of its stored copy (articles.doc_id).", False),
        ]
    ),
    ("article_id",),
    internal=True,
)

# Internal: lake files to write again from the warehouse. A document quarantined by one run and
# read again by a later one moves to the later run; the earlier run's lake file still holds its
# old row until that file is rewritten. Recorded in the load's transaction, consumed by the publish,
# so a crash in between is finished by the next run's publish.
LAKE_REWRITES = TableSpec(
    "lake_rewrites",
    "Runs whose published lake files of a table are stale and are written again at the next publish.",
    pa.schema(
        [
            _f("table_name", pa.string(), "The lake table (an append table).", False),
            _f("run_id", pa.string(), "The earlier run whose files of that table are rewritten.", False),
        ]
    ),
    ("table_name", "run_id"),
    internal=True,
)

TABLES: tuple[TableSpec, ...] = (
    DOCUMENTS,
    ARTICLES,
    ARTICLE_DOCUMENTS,
    ARTICLE_SOURCES,
    KEYWORDS,
    ARTICLE_KEYWORDS,
    ENTITIES,
    ENTITY_MENTIONS,
    ENTITY_ALIASES,
    RUNS,
    ARTICLE_TERMS,
    SOURCE_FILES,
    ARTICLE_STORIES,
    STORIES,
    ARTICLE_SIGNATURES,
    ARTICLE_BANDS,
    LAKE_REWRITES,
    QUARANTINED_ARTICLES,
)
"""Tables of the warehouse, in load order."""

STAGED: tuple[TableSpec, ...] = (
    DOCUMENTS,
    ARTICLES,
    ARTICLE_DOCUMENTS,
    ARTICLE_SOURCES,
    ARTICLE_TERMS,
    STAGED_TAGS,
    STAGED_MENTIONS,
    STAGED_SEARCH,
    STAGED_SIGNATURES,
    REDERIVED_ARTICLES,
    QUARANTINED_ARTICLES,
)
"""Tables a transform batch writes to the staging area (each is ``stg_<name>`` in the load)."""


def empty_table(spec: TableSpec) -> pa.Table:
    """An empty Arrow table with the spec's schema."""
    return spec.schema.empty_table()
