"""Schema migrations: the ordered steps that bring any warehouse to the current schema.

Rules that keep old warehouses loadable:

* A step is frozen once released. Its DDL is written out here, never derived from
  ``akhbar.schema``: the contract keeps moving, and a step that followed it would build a
  different schema on every release, so an old warehouse and a new one would no longer agree.
* Every warehouse, new or old, goes through the same steps (a new one from version 0), so
  "created fresh" and "migrated" cannot drift apart.
* Steps are idempotent (``IF NOT EXISTS``): warehouses made by development builds that already had
  a table when their recorded version did not say so still migrate.
* The pending steps, their ``schema_migrations`` rows and the contract check below run in one
  transaction: a failure or a crash leaves the warehouse exactly as it was, never half migrated.
* After migrating, the live schema is compared with the contract (``akhbar.schema.TABLES``):
  column names, order and types. A contract change shipped without its migration is then a clear
  error at start-up instead of a failed or, worse, misaligned ``INSERT ... SELECT *`` mid-load.
  Because the load relies on column order, a new column goes at the end of its table's spec
  (``ALTER TABLE ... ADD COLUMN`` appends), or its step rebuilds the table.

To change the schema: edit ``akhbar/schema.py``, append a ``Migration`` here with the next version
number, and set ``SCHEMA_VERSION`` in ``akhbar/schema.py`` to it (a test checks they agree).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import duckdb

from akhbar.errors import WarehouseError
from akhbar.schema import TableSpec

META_DDL = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
)


@dataclass(frozen=True)
class Migration:
    """One released schema step: its version, what it does, and its SQL (or a function)."""

    version: int
    description: str
    statements: tuple[str, ...] = ()
    # For steps SQL alone cannot express (e.g. backfilling a column from Python); runs after
    # ``statements`` inside the same transaction.
    function: Callable[[duckdb.DuckDBPyConnection], None] | None = None

    def apply(self, con: duckdb.DuckDBPyConnection) -> None:
        for statement in self.statements:
            con.execute(statement)
        if self.function is not None:
            self.function(con)


# --- released steps (frozen: never edit, only append) ----------------------------------------

_V1_BASELINE = (
    """CREATE TABLE IF NOT EXISTS "documents" (
  "doc_id" VARCHAR NOT NULL, "source_uri" VARCHAR NOT NULL, "status" VARCHAR NOT NULL,
  "error" VARCHAR, "warnings" VARCHAR[], "encoding" VARCHAR, "byte_size" BIGINT NOT NULL,
  "article_count" INTEGER, "run_id" VARCHAR NOT NULL, "ingested_at" TIMESTAMPTZ NOT NULL,
  PRIMARY KEY ("doc_id"))""",
    """CREATE TABLE IF NOT EXISTS "articles" (
  "article_id" VARCHAR NOT NULL, "doc_id" VARCHAR NOT NULL, "title" VARCHAR NOT NULL,
  "dateline" VARCHAR, "body" VARCHAR NOT NULL, "published_at" TIMESTAMPTZ, "published_date" DATE,
  "published_at_source" VARCHAR, "parent_article_id" VARCHAR, "word_count" INTEGER NOT NULL,
  "language" VARCHAR NOT NULL, "publisher" VARCHAR, "author" VARCHAR, "url" VARCHAR,
  PRIMARY KEY ("article_id"))""",
    """CREATE TABLE IF NOT EXISTS "article_documents" (
  "article_id" VARCHAR NOT NULL, "doc_id" VARCHAR NOT NULL, "position" INTEGER NOT NULL,
  PRIMARY KEY ("article_id", "doc_id"))""",
    """CREATE TABLE IF NOT EXISTS "article_sources" (
  "article_id" VARCHAR NOT NULL, "source" VARCHAR NOT NULL,
  PRIMARY KEY ("article_id", "source"))""",
    """CREATE TABLE IF NOT EXISTS "keywords" (
  "keyword_id" VARCHAR NOT NULL, "keyword" VARCHAR NOT NULL, "keyword_norm" VARCHAR NOT NULL,
  PRIMARY KEY ("keyword_id"), UNIQUE ("keyword_norm"))""",
    """CREATE TABLE IF NOT EXISTS "article_keywords" (
  "article_id" VARCHAR NOT NULL, "keyword_id" VARCHAR NOT NULL, "origin" VARCHAR NOT NULL,
  "score" DOUBLE, "rank" INTEGER NOT NULL,
  PRIMARY KEY ("article_id", "keyword_id", "origin"))""",
    """CREATE TABLE IF NOT EXISTS "entities" (
  "entity_id" VARCHAR NOT NULL, "name" VARCHAR NOT NULL, "name_norm" VARCHAR NOT NULL,
  "entity_type" VARCHAR NOT NULL, "mention_count" BIGINT, "article_count" BIGINT,
  PRIMARY KEY ("entity_id"))""",
    """CREATE TABLE IF NOT EXISTS "entity_mentions" (
  "article_id" VARCHAR NOT NULL, "entity_id" VARCHAR NOT NULL, "field" VARCHAR NOT NULL,
  "surface" VARCHAR NOT NULL, "name" VARCHAR NOT NULL, "start_char" INTEGER NOT NULL,
  "end_char" INTEGER NOT NULL,
  PRIMARY KEY ("article_id", "field", "start_char"))""",
    """CREATE TABLE IF NOT EXISTS "runs" (
  "run_id" VARCHAR NOT NULL, "flow_run_id" VARCHAR, "started_at" TIMESTAMPTZ NOT NULL,
  "finished_at" TIMESTAMPTZ NOT NULL, "documents_seen" BIGINT NOT NULL,
  "documents_new" BIGINT NOT NULL, "documents_skipped" BIGINT NOT NULL,
  "documents_loaded" BIGINT NOT NULL, "documents_quarantined" BIGINT NOT NULL,
  "rows_written" VARCHAR NOT NULL,
  PRIMARY KEY ("run_id"))""",
    """CREATE TABLE IF NOT EXISTS "article_terms" (
  "article_id" VARCHAR NOT NULL, "term_norm" VARCHAR NOT NULL, "term" VARCHAR NOT NULL,
  "n_words" TINYINT NOT NULL, "tf" INTEGER NOT NULL, "first_pos" INTEGER NOT NULL,
  PRIMARY KEY ("article_id", "term_norm"))""",
)

_V2_SOURCE_FILES = (
    """CREATE TABLE IF NOT EXISTS "source_files" (
  "path" VARCHAR NOT NULL, "byte_size" BIGINT NOT NULL, "mtime_ns" BIGINT NOT NULL,
  "content_hash" VARCHAR NOT NULL, "documents" BIGINT NOT NULL, "run_id" VARCHAR NOT NULL,
  PRIMARY KEY ("path"))""",
)

# DuckDB cannot drop a primary key in place: the table is rebuilt with its rows.
_V3_ARTICLE_TERMS_UNINDEXED = (
    """CREATE TABLE "article_terms_v3" (
  "article_id" VARCHAR NOT NULL, "term_norm" VARCHAR NOT NULL, "term" VARCHAR NOT NULL,
  "n_words" TINYINT NOT NULL, "tf" INTEGER NOT NULL, "first_pos" INTEGER NOT NULL)""",
    'INSERT INTO "article_terms_v3" SELECT * FROM "article_terms"',
    'DROP TABLE "article_terms"',
    'ALTER TABLE "article_terms_v3" RENAME TO "article_terms"',
)

# Two changes of one release:
# - the fts extension's index of earlier akhbar versions (rebuilt whole on every load) and the
#   copy of the article text it indexed go; the incremental index re-indexes their articles on
#   the next load. Plain tables and macros: dropping them needs no extension.
# - entity_mentions.paragraph, NULL for the mentions already stored: `akhbar run --reprocess
#   entities` fills it (the backfill of a derived column is a re-derivation).
_V4_SEARCH_CLEANUP_MENTION_PARAGRAPH = (
    "DROP SCHEMA IF EXISTS fts_search_article_text CASCADE",
    "DROP TABLE IF EXISTS search.article_text",
    'ALTER TABLE "entity_mentions" ADD COLUMN IF NOT EXISTS "paragraph" INTEGER',
)

# Copies and stories. Keys by construction (the assignment step rewrites rows of the articles it
# touches; DuckDB's key index would refuse a key deleted and re-inserted in one transaction).
_V6_COPIES_AND_STORIES = (
    'ALTER TABLE "articles" ADD COLUMN IF NOT EXISTS "agency" VARCHAR',
    """CREATE TABLE IF NOT EXISTS "article_stories" (
  "article_id" VARCHAR NOT NULL, "near_duplicate_of" VARCHAR, "story_id" VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS "stories" (
  "story_id" VARCHAR NOT NULL, "headline" VARCHAR NOT NULL, "first_date" DATE, "last_date" DATE,
  "article_count" BIGINT NOT NULL, "copy_count" BIGINT NOT NULL, "publisher_count" BIGINT NOT NULL,
  "publishers" VARCHAR[], "top_entities" VARCHAR[])""",
    """CREATE TABLE IF NOT EXISTS "article_signatures" (
  "article_id" VARCHAR NOT NULL, "copy_signature" BIGINT[], "story_features" BIGINT[] NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS "article_bands" (
  "kind" VARCHAR NOT NULL, "band_key" BIGINT NOT NULL, "article_id" VARCHAR NOT NULL)""",
)

# Rows loaded before version 7 keep NULL: their format was not recorded.
_V7_SOURCE_FORMATS = (
    'ALTER TABLE "documents" ADD COLUMN IF NOT EXISTS "source_format" VARCHAR',
    'ALTER TABLE "articles" ADD COLUMN IF NOT EXISTS "source_format" VARCHAR',
    'ALTER TABLE "articles" ADD COLUMN IF NOT EXISTS "field_sources" MAP(VARCHAR, VARCHAR)',
)

# Corpus-level entity resolution: names found (aliases) apart from the entities they resolve to.
# Rows of older warehouses keep their entity as their own alias ('self') and the mention method
# 'legacy' (found before methods were recorded); `akhbar run --reprocess entities` re-derives them.
_V8_ENTITY_RESOLUTION = (
    """CREATE TABLE IF NOT EXISTS "entity_aliases" (
  "alias_id" VARCHAR NOT NULL, "alias_norm" VARCHAR NOT NULL, "entity_type" VARCHAR NOT NULL,
  "entity_id" VARCHAR NOT NULL, "method" VARCHAR NOT NULL, "mention_count" BIGINT NOT NULL,
  "article_count" BIGINT NOT NULL,
  PRIMARY KEY ("alias_id"))""",
    """INSERT INTO "entity_aliases"
SELECT entity_id, name_norm, entity_type, entity_id, 'self', coalesce(mention_count, 0), coalesce(article_count, 0)
FROM "entities" WHERE entity_id NOT IN (SELECT alias_id FROM "entity_aliases")""",
    'ALTER TABLE "entities" ADD COLUMN IF NOT EXISTS "subtype" VARCHAR',
    'ALTER TABLE "entities" ADD COLUMN IF NOT EXISTS "is_name" BOOLEAN DEFAULT true',
    'UPDATE "entities" SET "is_name" = true WHERE "is_name" IS NULL',
    'ALTER TABLE "entities" ALTER COLUMN "is_name" SET NOT NULL',
    'ALTER TABLE "entities" ALTER COLUMN "is_name" DROP DEFAULT',
    'ALTER TABLE "entities" ADD COLUMN IF NOT EXISTS "geonames_id" BIGINT',
    'ALTER TABLE "entities" ADD COLUMN IF NOT EXISTS "country_code" VARCHAR',
    'ALTER TABLE "entities" ADD COLUMN IF NOT EXISTS "latitude" DOUBLE',
    'ALTER TABLE "entities" ADD COLUMN IF NOT EXISTS "longitude" DOUBLE',
    # entity_mentions is rebuilt with its two new columns filled: DuckDB cannot make a column it
    # has just updated NOT NULL on a table with a primary key in the same transaction.
    """CREATE TABLE "entity_mentions_v8" (
  "article_id" VARCHAR NOT NULL, "entity_id" VARCHAR NOT NULL, "field" VARCHAR NOT NULL,
  "surface" VARCHAR NOT NULL, "name" VARCHAR NOT NULL, "start_char" INTEGER NOT NULL,
  "end_char" INTEGER NOT NULL, "paragraph" INTEGER, "method" VARCHAR NOT NULL, "alias_id" VARCHAR NOT NULL,
  PRIMARY KEY ("article_id", "field", "start_char"))""",
    '''INSERT INTO "entity_mentions_v8"
SELECT article_id, entity_id, field, surface, name, start_char, end_char, paragraph, 'legacy', entity_id
FROM "entity_mentions"''',
    'DROP TABLE "entity_mentions"',
    'ALTER TABLE "entity_mentions_v8" RENAME TO "entity_mentions"',
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "baseline: documents, articles and their facts, keywords, entities, runs", _V1_BASELINE),
    Migration(2, "source_files: manifest of files read, so unchanged files are skipped unread", _V2_SOURCE_FILES),
    Migration(
        3,
        "article_terms without a primary-key index: millions of rows, key guaranteed by the load",
        _V3_ARTICLE_TERMS_UNINDEXED,
    ),
    Migration(
        4,
        "drop the fts extension's search index of earlier versions; entity_mentions.paragraph (backfilled by "
        "--reprocess entities)",
        _V4_SEARCH_CLEANUP_MENTION_PARAGRAPH,
    ),
    Migration(
        5,
        "runs.input_settings: akhbar's version and the field mapping of each run (quarantined documents are retried when they change)",
        ('ALTER TABLE "runs" ADD COLUMN IF NOT EXISTS "input_settings" VARCHAR',),
    ),
    Migration(
        6,
        "copies and stories: articles.agency, article_stories, stories, signatures and LSH band keys",
        _V6_COPIES_AND_STORIES,
    ),
    Migration(
        7,
        "source formats: documents.source_format, articles.source_format and articles.field_sources",
        _V7_SOURCE_FORMATS,
    ),
    Migration(
        8,
        "entity resolution: entity_aliases; entities subtype, is_name and GeoNames columns; mention method and alias_id",
        _V8_ENTITY_RESOLUTION,
    ),
    Migration(
        9,
        "lake_rewrites: earlier runs' lake files made stale by a document read again, rewritten at the next publish",
        (
            """CREATE TABLE IF NOT EXISTS "lake_rewrites" (
  "table_name" VARCHAR NOT NULL, "run_id" VARCHAR NOT NULL, PRIMARY KEY ("table_name", "run_id"))""",
        ),
    ),
    Migration(
        10,
        "quarantined_articles: stored articles a reprocess could not re-derive, with the reason",
        (
            """CREATE TABLE IF NOT EXISTS "quarantined_articles" (
  "article_id" VARCHAR NOT NULL, "derivation" VARCHAR NOT NULL, "doc_id" VARCHAR NOT NULL,
  "error" VARCHAR NOT NULL, "run_id" VARCHAR NOT NULL)""",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version


def check_order(migrations: Sequence[Migration]) -> None:
    """Versions must run 1, 2, 3...: a gap or a duplicate is a merge mistake, caught at import."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migration versions must be 1..n in order, got {versions}")


check_order(MIGRATIONS)


# --- applying --------------------------------------------------------------------------------


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The newest schema version applied to this warehouse (0 for an empty or pre-versioning one).

    Reads only (works on a read-only connection): the bookkeeping table is created by ``migrate``.
    """
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(
    con: duckdb.DuckDBPyConnection,
    migrations: Sequence[Migration] = MIGRATIONS,
    contract: Iterable[TableSpec] | None = None,
) -> list[int]:
    """Apply every pending step in order; return the versions applied.

    Refuses a warehouse newer than the steps known here (an older akhbar must not write to it),
    and, when ``contract`` is given, a warehouse whose tables do not match it afterwards.
    """
    check_order(migrations)
    latest = migrations[-1].version if migrations else 0
    version = current_version(con)
    if version > latest:
        raise WarehouseError(
            f"the warehouse has schema version {version}, newer than this akhbar ({latest}): "
            "upgrade akhbar before running it on this warehouse"
        )
    pending = [step for step in migrations if step.version > version]
    if not pending:
        if contract is not None:
            verify_schema(con, contract)
        return []
    # All pending steps and the check against the contract commit together: a warehouse is either
    # fully migrated and verified, or left exactly as it was (a crash mid-way included).
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(META_DDL)
        for step in pending:
            try:
                step.apply(con)
            except duckdb.Error as exc:
                raise WarehouseError(
                    f"schema migration {step.version} ({step.description}) failed, nothing was changed "
                    f"(the warehouse stays at version {version}): {exc}"
                ) from exc
            con.execute("INSERT INTO schema_migrations (version) VALUES (?)", [step.version])
        if contract is not None:
            verify_schema(con, contract)
        con.execute("COMMIT")
    except BaseException:
        # When COMMIT itself fails (disk full) DuckDB has already aborted the transaction: a bare
        # ROLLBACK would then raise and hide the real error.
        with contextlib.suppress(duckdb.TransactionException):
            con.execute("ROLLBACK")
        raise
    return [step.version for step in pending]


# information_schema spells some types differently from the DDL.
_TYPE_ALIASES = {"TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE"}


def verify_schema(con: duckdb.DuckDBPyConnection, contract: Iterable[TableSpec]) -> None:
    """Raise ``WarehouseError`` listing every table whose columns differ from the contract."""
    from akhbar.warehouse.ddl import duckdb_type

    contract = list(contract)
    # One query for every table: each information_schema query costs about as much as the
    # check of one table, and every run opens the warehouse three times.
    columns: dict[str, list[tuple[str, str]]] = {spec.name: [] for spec in contract}
    for table, column, data_type in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND list_contains(?, table_name) ORDER BY table_name, ordinal_position",
        [list(columns)],
    ).fetchall():
        columns[table].append((column, data_type))
    problems = []
    for spec in contract:
        live = columns[spec.name]
        wanted = [(f.name, _TYPE_ALIASES.get(duckdb_type(f.type), duckdb_type(f.type))) for f in spec.schema]
        if not live:
            problems.append(f"table {spec.name} is missing")
        elif live != wanted:
            missing = [c for c in wanted if c not in live]
            extra = [c for c in live if c not in wanted]
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(f'{n} {t}' for n, t in missing)}" if missing else "",
                    f"unexpected {', '.join(f'{n} {t}' for n, t in extra)}" if extra else "",
                    "columns out of order" if not missing and not extra else "",
                )
                if part
            )
            problems.append(f"table {spec.name}: {detail}")
    if problems:
        raise WarehouseError(
            "the warehouse schema does not match this akhbar's data contract (a schema change "
            "without its step in warehouse/migrations.py?):\n  " + "\n  ".join(problems)
        )
