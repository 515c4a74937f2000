"""Arabic full-text search over article titles and bodies: an incremental BM25 index in DuckDB.

How text becomes searchable, identically for the indexed articles and for a user's query:

1. ``search_key`` (Python): the same folds as ``match_key`` (NFKC, controls, diacritics, tatweel,
   Persian letters, digits, alef forms, alef maksura, case) except ta marbuta, then words only,
   Arabic function words dropped.
2. ``search.analyze`` (a SQL macro stored in the warehouse): each word through the fts
   extension's Snowball 'arabic' stemmer, with ta marbuta folded around it (see
   ``sql/search_analyzer.sql`` for why around and not before).
3. The index: ``search.postings`` (stem, article, term frequency in title and body) and
   ``search.indexed_articles`` (length per article). Doing every fold in steps 1-2, once and in one
   place, is what guarantees that a query is analyzed exactly like the text.

``refresh_search_index`` updates the index inside the load transaction (called from
``load._refresh_derived``), so a committed warehouse never has search disagreeing with its
tables. It adds only the run's new articles: the fts extension's own index
(``PRAGMA create_fts_index``) can only be rebuilt whole, which cost 11 s and 400 MB per load on
SaudiNewsNet whatever the run added. Indexing (``sql/search_index.sql``, ``search_count.sql``,
``search_write.sql``) runs under the load's memory limit, next to the run's uncommitted rows: it
counts terms per (term number, article number) and in slices of articles, so its memory does
not grow with the run. Ranking (``sql/search.sql``) is the same BM25 as the extension's
``match_bm25``, with the collection statistics computed at query time.

The extension comes from the ``duckdb-ext-fts`` wheel and is loaded from that file by path:
nothing is ever downloaded, and autoinstall stays off.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from akhbar.errors import AkhbarError, WarehouseError
from akhbar.text.normalize import match_key
from akhbar.text.search_keys import search_key

EXTENSION_PACKAGE = "duckdb-ext-fts"
EXTENSION_FILE = "fts.duckdb_extension"
# The index of earlier versions (the fts extension's BM25 index, rebuilt whole on every load).
LEGACY_INDEX_SCHEMA = "fts_search_article_text"
# BM25 parameters (the usual defaults, as in the fts extension).
BM25_K1, BM25_B = 1.2, 0.75
# Bump when search_key or the analyzer macros change: stored analyzed rows are then recomputed.
ANALYZER_VERSION = 1
# Articles re-analysed in Python per chunk when their staged search words are not available.
REANALYZE_CHUNK = 2000
# Articles whose terms are counted in one statement when indexing (sql/search_count.sql): ~1.2
# million (term, article) groups on SaudiNewsNet. Slices of 12,000 ran out of memory now and then
# under the load's 256MB limit; more, smaller slices each re-read the staged text (~0.1 s).
INDEX_SLICE_ARTICLES = 8_000
# A hit in the title says more about what an article is about than one in the body: the
# title-only BM25 score is added to the whole-article score with this weight.
TITLE_BOOST = 1.0
# Words of context on each side of the best passage in a snippet.
SNIPPET_WORDS = 24
HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE = "**", "**"

# Letters and digits; underscore is \w but never part of an Arabic word.
# Display words with their offsets, for snippets: letters plus the marks and tatweel inside them.
_DISPLAY_WORD = re.compile(r"[^\W_][\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*")


class SearchError(AkhbarError):
    """The search cannot run (no index yet, no searchable words in the query)."""


# --- the extension ----------------------------------------------------------------------------


def extension_path() -> Path:
    """The fts extension file shipped by the ``duckdb-ext-fts`` wheel for this DuckDB version."""
    wanted = f"v{duckdb.__version__}"
    try:
        files = importlib.metadata.files(EXTENSION_PACKAGE) or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    candidates = [Path(f.locate()).resolve() for f in files if f.name == EXTENSION_FILE]
    for path in candidates:
        # Layout: duckdb_ext/extensions/v<duckdb version>/<platform>/fts.duckdb_extension
        if path.parent.parent.name == wanted and path.is_file():
            return path
    found = ", ".join(str(p) for p in candidates) or "none"
    raise WarehouseError(
        f"the DuckDB fts extension for DuckDB {duckdb.__version__} is not installed "
        f"(found: {found}); install the '{EXTENSION_PACKAGE}' version matching duckdb"
    )


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the fts extension into the connection's database from the wheel's file, offline.

    LOAD by path (rather than setting ``extension_directory``) changes no setting of the
    connection, so the writer's other behaviour is untouched. Loading is idempotent.
    """
    con.execute("LOAD " + _sql_string(str(extension_path())))


def _sql_string(text: str) -> str:
    # LOAD takes no bound parameter; the path comes from the installed wheel, never from input.
    return "'" + text.replace("'", "''") + "'"


def connect_search(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only analyst connection with fts loaded (every analyst connection has it)."""
    from akhbar.warehouse.db import connect_reader

    return connect_reader(warehouse)


# --- analysis -----------------------------------------------------------------------------------


def analyze(con: duckdb.DuckDBPyConnection, texts: list[str]) -> list[str]:
    """Analyze texts exactly as the index does: search_key, then the warehouse's analyzer macro."""
    if not texts:
        return []
    keyed = [search_key(t) for t in texts]
    return con.execute("SELECT list_transform(?::VARCHAR[], t -> search.analyze(t))", [keyed]).fetchone()[0]


# --- index maintenance (inside the load transaction) ---------------------------------------------


def refresh_search_index(con: duckdb.DuckDBPyConnection, staged: str | None = None) -> None:
    """Bring the search index up to date with ``articles``; runs inside the caller's transaction.

    Incremental: postings of removed or changed articles (or of an older analyzer) are deleted,
    and only articles without postings are analysed and indexed, so a run's indexing cost follows
    the articles it added. ``staged`` names the run's staged search words (computed by the
    transform, in parallel); articles not covered there are re-analysed here in chunks.
    """
    load_fts(con)
    _drop_fts_index(con)
    con.execute(_sql("search_analyzer.sql"))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE search_stale AS SELECT t.article_id FROM search.indexed_articles AS t "
        "WHERE t.analyzer_version <> ? OR NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.article_id = t.article_id "
        " AND md5(a.title || chr(10) || a.body) = t.source_hash)",
        [ANALYZER_VERSION],
    )
    con.execute("DELETE FROM search.postings WHERE article_id IN (SELECT article_id FROM search_stale)")
    con.execute("DELETE FROM search.indexed_articles WHERE article_id IN (SELECT article_id FROM search_stale)")
    con.execute("DROP TABLE search_stale")
    con.execute("CREATE OR REPLACE TEMP TABLE search_settings AS SELECT ?::INTEGER AS analyzer_version", [ANALYZER_VERSION])
    if staged:
        _index_staged(con, staged)
    # Articles without postings (an analyzer change, a warehouse from an older akhbar): in
    # chunks, so memory stays bounded however many there are.
    missing = [
        row[0]
        for row in con.execute(
            "SELECT article_id FROM articles AS a "
            "WHERE NOT EXISTS (SELECT 1 FROM search.indexed_articles AS t WHERE t.article_id = a.article_id)"
        ).fetchall()
    ]
    for start in range(0, len(missing), REANALYZE_CHUNK):
        chunk = con.execute(
            "SELECT article_id, title, body, md5(title || chr(10) || body) AS source_hash FROM articles "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [missing[start : start + REANALYZE_CHUNK]],
        ).fetch_arrow_table()
        keyed = pa.table(
            {
                "article_id": chunk["article_id"],
                "title_key": pa.array([search_key(t) for t in chunk["title"].to_pylist()], pa.string()),
                "body_key": pa.array([search_key(t) for t in chunk["body"].to_pylist()], pa.string()),
                "source_hash": chunk["source_hash"],
            }
        )
        con.register("search_reanalyzed", keyed)
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE search_new_ids AS "
                "SELECT row_number() OVER ()::INTEGER AS article_no, article_id, source_hash FROM search_reanalyzed"
            )
            con.execute(
                "CREATE OR REPLACE TEMP VIEW search_new_text AS SELECT n.article_no, r.title_key, r.body_key "
                "FROM search_reanalyzed AS r JOIN search_new_ids AS n USING (article_id)"
            )
            _run_index(con)
        finally:
            con.unregister("search_reanalyzed")
    con.execute("DROP TABLE search_settings")


def _index_staged(con: duckdb.DuckDBPyConnection, staged: str) -> None:
    """Index the run's new articles from their staged search words (``staged``: a view name).

    Only the copy of an article that was stored is indexed, once even if the same document came
    twice in the run (the same page in two folders). The articles are numbered first, from ids
    alone; their text is streamed from the staged files by ``search_new_text`` each time a
    statement of the index needs it, never held in a table.
    """
    # articles first: the join builds its hash table on the staged ids, not on the bodies.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE search_new_ids AS "
        "SELECT row_number() OVER ()::INTEGER AS article_no, s.article_id, s.doc_id, s.copies, "
        "md5(a.title || chr(10) || a.body) AS source_hash "
        "FROM articles AS a "
        f'JOIN (SELECT article_id, doc_id, count(*) AS copies FROM "{staged}" GROUP BY article_id, doc_id) AS s '
        "ON a.article_id = s.article_id AND a.doc_id = s.doc_id "
        "WHERE s.article_id NOT IN (SELECT article_id FROM search.indexed_articles)"
    )
    text = (
        f"SELECT n.article_no, s.title_key, s.body_key "
        f'FROM "{staged}" AS s JOIN search_new_ids AS n ON n.article_id = s.article_id AND n.doc_id = s.doc_id'
    )
    if con.execute("SELECT count(*) FROM search_new_ids WHERE copies > 1").fetchone()[0]:
        # The same document staged more than once: its identical copies are indexed once. The
        # other articles skip DISTINCT ON, which would hold every article's text in memory.
        text = (
            f"{text} WHERE n.copies = 1 UNION ALL "
            f"SELECT DISTINCT ON (article_no) * FROM ({text} WHERE n.copies > 1)"
        )
    con.execute(f"CREATE OR REPLACE TEMP VIEW search_new_text AS {text}")
    _run_index(con)


def _run_index(con: duckdb.DuckDBPyConnection) -> None:
    """Index ``search_new_ids``/``search_new_text`` (sql/search_*.sql), then drop them.

    Terms are counted in slices of at most ``INDEX_SLICE_ARTICLES`` articles, one statement each,
    so the memory the counting needs does not grow with the run (see sql/search_count.sql).
    """
    try:
        articles = con.execute("SELECT count(*) FROM search_new_ids").fetchone()[0]
        con.execute(_sql("search_index.sql"))
        slices = max(1, -(-articles // INDEX_SLICE_ARTICLES))
        for slice_ in range(slices):
            con.execute(_sql("search_count.sql"), {"slices": slices, "slice": slice_})
        con.execute(_sql("search_write.sql"))
    finally:
        # After a failed statement the transaction is aborted and this would fail too,
        # hiding the error that matters.
        with contextlib.suppress(duckdb.Error):
            con.execute("DROP VIEW IF EXISTS search_new_text")
        with contextlib.suppress(duckdb.Error):
            con.execute("DROP TABLE IF EXISTS search_new_ids")


def _drop_fts_index(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the index of earlier akhbar versions (the fts extension's, rebuilt whole on every
    load); its articles are then re-indexed incrementally."""
    if con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?", [LEGACY_INDEX_SCHEMA]).fetchone()[0]:
        con.execute(f"DROP SCHEMA {LEGACY_INDEX_SCHEMA} CASCADE")
    con.execute("DROP TABLE IF EXISTS search.article_text")


def _sql(name: str) -> str:
    return resources.files("akhbar.warehouse").joinpath("sql", name).read_text(encoding="utf-8")


# --- querying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One ranked article."""

    article_id: str
    published_date: date | None
    publisher: str | None
    sources: list[str]
    title: str
    snippet: str
    score: float

    def as_row(self) -> dict:
        return {
            "article_id": self.article_id,
            "published_date": self.published_date,
            "publisher": self.publisher,
            "sources": self.sources,
            "title": self.title,
            "snippet": self.snippet,
            "score": self.score,
        }


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    *,
    limit: int = 10,
    since: date | None = None,
    entity: str | None = None,
    match_all: bool = True,
    per_story: bool = False,
) -> list[Hit]:
    """Articles matching ``query``, best first (BM25 on title and body, title hits boosted).

    ``match_all``: every query word must occur (after stemming); otherwise any may.
    ``since``: only articles published on or after that date. ``entity``: only articles mentioning
    an entity whose name contains these words (any spelling: compared on match keys).
    ``per_story``: one hit per story (its best-scored article), so copies do not fill the list.
    """
    if limit < 1:
        raise SearchError("the limit must be at least 1")
    if not _has_index(con):
        raise SearchError("the warehouse has no search index yet: run `akhbar run` to load (and index) articles")
    terms = analyze(con, [query])[0]
    if not terms.strip():
        raise SearchError(f"nothing to search for in {query!r}: it has only function words or punctuation")
    entity_key = match_key(entity) if entity else None
    if entity is not None and not entity_key:
        raise SearchError(f"the entity name {entity!r} has no letters")
    rows = con.execute(
        _sql("search.sql"),
        {
            "terms": terms,
            "conjunctive": 1 if match_all else 0,
            "title_boost": TITLE_BOOST,
            "since": since,
            "entity_key": entity_key,
            "limit": limit,
            "per_story": 1 if per_story else 0,
            "k1": BM25_K1,
            "b": BM25_B,
        },
    ).fetchall()
    stems = set(terms.split())
    return [
        Hit(article_id, published_date, publisher, sources or [], title, snippet(con, body, stems), score)
        for article_id, published_date, publisher, sources, title, body, score in rows
    ]


def _has_index(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'search' AND table_name = 'postings'"
        ).fetchone()[0]
    )


def snippet(con: duckdb.DuckDBPyConnection, text: str, stems: set[str], words: int = SNIPPET_WORDS) -> str:
    """The passage of ``text`` with the most query hits, hit words wrapped in ``**``.

    A word is a hit when it analyzes to one of the query's stems, so highlighting agrees with
    matching (``الروسية`` is highlighted for a query ``روسي``).
    """
    tokens = [(m.start(), m.end()) for m in _DISPLAY_WORD.finditer(text)]
    if not tokens:
        return ""
    distinct = sorted({text[s:e] for s, e in tokens})
    analyzed = dict(zip(distinct, analyze(con, distinct)))
    hits = [bool(set(analyzed[text[s:e]].split()) & stems) for s, e in tokens]
    # The window of 2*words+1 tokens with the most hits (the first such window on ties).
    width = min(len(tokens), 2 * words + 1)
    count = sum(hits[:width])
    best, best_count = 0, count
    for start in range(1, len(tokens) - width + 1):
        count += hits[start + width - 1] - hits[start - 1]
        if count > best_count:
            best, best_count = start, count
    out, pos = [], tokens[best][0]
    for i in range(best, best + width):
        s, e = tokens[i]
        out.append(text[pos:s])
        out.append(f"{HIGHLIGHT_OPEN}{text[s:e]}{HIGHLIGHT_CLOSE}" if hits[i] else text[s:e])
        pos = e
    passage = " ".join("".join(out).split())
    prefix = "\u2026 " if best > 0 else ""
    suffix = " \u2026" if best + width < len(tokens) else ""
    return unicodedata.normalize("NFC", prefix + passage + suffix)


# --- output --------------------------------------------------------------------------------------

_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def format_hits(hits: list[Hit], fmt: str = "table", color: bool = False) -> str:
    """Hits as a readable ranked list ('table') or JSON; ``color`` shows highlights in bold."""
    if fmt == "json":
        import json

        return json.dumps([h.as_row() for h in hits], ensure_ascii=False, default=str, indent=1)
    if not hits:
        return "(no matching articles)"
    blocks = []
    for rank, h in enumerate(hits, 1):
        outlet = h.publisher or (h.sources[0] if h.sources else "unknown")
        when = h.published_date.isoformat() if h.published_date else "undated"
        text = h.snippet
        if color:
            text = re.sub(r"\*\*(.+?)\*\*", lambda m: _BOLD + m.group(1) + _RESET, text)
        blocks.append(f"{rank:>2}. [{h.score:.2f}] {when} | {outlet} | {h.title}\n    {text}\n    id {h.article_id}")
    blocks.append(f"({len(hits)} article{'s' if len(hits) != 1 else ''})")
    return "\n".join(blocks)
