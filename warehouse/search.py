"""Arabic full-text search over article titles and bodies: queries, snippets, output.

How text becomes searchable, identically for the indexed articles and for a user's query:

1. ``search_key`` (Python): the same folds as ``match_key`` (NFKC, controls, diacritics, tatweel,
   Persian letters, digits, alef forms, alef maksura, case) except ta marbuta, then words only,
   Arabic function words dropped.
2. ``search.analyze`` (a SQL macro stored in the warehouse): each word through the fts
   extension's Snowball 'arabic' stemmer, with ta marbuta folded around it (see
   ``sql/search_analyzer.sql`` for why around and not before).
3. The index (akhbar.warehouse.search_index, built at load). Doing every fold in steps 1-2, once
   and in one place, is what guarantees that a query is analyzed exactly like the text.

Ranking (``sql/search.sql``) is the same BM25 as the fts extension's ``match_bm25``, with the
collection statistics computed at query time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from akhbar.errors import AkhbarError
from akhbar.text.normalize import match_key
from akhbar.text.search_keys import search_key
from akhbar.warehouse.scripts import sql_text

# BM25 parameters (the usual defaults, as in the fts extension).
BM25_K1, BM25_B = 1.2, 0.75
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


def connect_search(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only analyst connection with fts loaded (every analyst connection has it)."""
    from akhbar.warehouse.db import connect_reader

    return connect_reader(warehouse)


def analyze(con: duckdb.DuckDBPyConnection, texts: list[str]) -> list[str]:
    """Analyze texts exactly as the index does: search_key, then the warehouse's analyzer macro."""
    if not texts:
        return []
    keyed = [search_key(t) for t in texts]
    return con.execute("SELECT list_transform(?::VARCHAR[], t -> search.analyze(t))", [keyed]).fetchone()[0]


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
) -> list[Hit]:
    """Articles matching ``query``, best first (BM25 on title and body, title hits boosted).

    ``match_all``: every query word must occur (after stemming); otherwise any may.
    ``since``: only articles published on or after that date. ``entity``: only articles mentioning
    an entity whose name contains these words (any spelling: compared on match keys).
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
        sql_text("search.sql"),
        {
            "terms": terms,
            "conjunctive": 1 if match_all else 0,
            "title_boost": TITLE_BOOST,
            "since": since,
            "entity_key": entity_key,
            "limit": limit,
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
