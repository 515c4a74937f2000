"""Turning a batch of raw documents into the rows of every staged table (pure: no I/O, no Prefect).

A document that cannot be decoded or parsed becomes a 'quarantined' documents row with its
reason; it never stops the batch. Unexpected exceptions are quarantined too (with the exception
type in the reason), so a parser bug costs one document, not a night's run.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa

from akhbar import ids
from akhbar.entities import recognize_document
from akhbar.errors import DocumentError
from akhbar.keywords import extract_candidates
from akhbar.parse.decode import decode
from akhbar.parse.page import ParsedArticle, detect_language, parse_page
from akhbar.schema import (
    ARTICLE_DOCUMENTS,
    ARTICLE_SOURCES,
    ARTICLE_TERMS,
    ARTICLES,
    DOCUMENTS,
    STAGED,
    STAGED_MENTIONS,
    STAGED_TAGS,
    TableSpec,
)
from akhbar.tags import segment_tags
from akhbar.text.tokens import words


@dataclass(frozen=True)
class RawDocument:
    """One raw document: its id (hash of its bytes), where it came from and the bytes."""

    doc_id: str
    source_uri: str
    data: bytes


@dataclass(frozen=True)
class TransformContext:
    """What every document of a run shares."""

    run_id: str
    ingested_at: datetime
    known_tags: Container[str] = frozenset()


@dataclass
class _Columns:
    """Column-wise accumulation of one table's rows (cheaper than a dict per row)."""

    spec: TableSpec
    data: dict[str, list] = field(init=False)

    def __post_init__(self) -> None:
        self.data = {name: [] for name in self.spec.columns}

    def add(self, **row) -> None:
        for name, values in self.data.items():
            values.append(row.get(name))

    def table(self) -> pa.Table:
        return pa.Table.from_pydict(self.data, schema=self.spec.schema)


def transform_batch(documents: Iterable[RawDocument], ctx: TransformContext) -> dict[str, pa.Table]:
    """Rows of every staged table for a batch of documents (table name -> Arrow table)."""
    out = {spec.name: _Columns(spec) for spec in STAGED}
    for doc in documents:
        _transform_document(doc, ctx, out)
    return {name: cols.table() for name, cols in out.items()}


def _transform_document(doc: RawDocument, ctx: TransformContext, out: dict[str, _Columns]) -> None:
    base = dict(doc_id=doc.doc_id, source_uri=doc.source_uri, byte_size=len(doc.data), run_id=ctx.run_id, ingested_at=ctx.ingested_at)
    try:
        decoded = decode(doc.data)
        page = parse_page(decoded.text, now=ctx.ingested_at)
        staged = [_article_rows(article, doc.doc_id, ctx) for article in page.articles]
    except DocumentError as exc:
        out[DOCUMENTS.name].add(**base, status="quarantined", error=str(exc), warnings=[])
        return
    except Exception as exc:  # noqa: BLE001 - a bug must cost one document, not the run
        out[DOCUMENTS.name].add(**base, status="quarantined", error=f"internal error ({type(exc).__name__}): {exc}", warnings=[])
        return
    main_id = staged[0][0]["article_id"]
    for position, (article, sources, terms, tags, mentions) in enumerate(staged):
        if position > 0:
            article["parent_article_id"] = main_id
        out[ARTICLES.name].add(**article)
        out[ARTICLE_DOCUMENTS.name].add(article_id=article["article_id"], doc_id=doc.doc_id, position=position)
        for source in sources:
            out[ARTICLE_SOURCES.name].add(article_id=article["article_id"], source=source)
        for row in terms:
            out[ARTICLE_TERMS.name].add(**row)
        for row in tags:
            out[STAGED_TAGS.name].add(**row)
        for row in mentions:
            out[STAGED_MENTIONS.name].add(**row)
    out[DOCUMENTS.name].add(
        **base,
        status="loaded",
        error=None,
        warnings=list(decoded.warnings) + page.warnings,
        encoding=decoded.encoding,
        article_count=len(staged),
    )


def _article_rows(article: ParsedArticle, doc_id: str, ctx: TransformContext):
    """The article row and its dependent rows (sources, candidate terms, tags, mentions)."""
    title, body = article.title, article.body
    article_id = ids.article_id(title, body)
    published = article.published_at
    row = dict(
        article_id=article_id,
        doc_id=doc_id,
        title=title,
        dateline=article.dateline,
        body=body,
        published_at=published,
        published_date=published.date() if published else None,
        published_at_source="page" if published else None,
        parent_article_id=None,
        word_count=len(words(title)) + len(words(body)),
        language=detect_language(title + "\n" + body),
    )
    terms = [
        dict(article_id=article_id, term_norm=c.term_norm, term=c.term, n_words=c.n_words, tf=c.tf, first_pos=c.first_pos)
        for c in extract_candidates(title, body)
    ]
    found = recognize_document(title, body)
    mentions = [
        dict(
            article_id=article_id,
            entity_id=ids.entity_id(m.entity_type, m.name_norm),
            field=m.field,
            surface=m.surface,
            name=m.name,
            start_char=m.start,
            end_char=m.end,
            name_norm=m.name_norm,
            entity_type=m.entity_type,
        )
        for m in found.mentions
    ]
    tags = []
    if article.tag_text:
        segmented = segment_tags(
            article.tag_text,
            title=title,
            body=body,
            entity_names=sorted({m["name"] for m in mentions}),
            known_tags=ctx.known_tags,
        )
        seen = set()
        for tag in segmented:
            if tag.norm in seen:
                continue
            seen.add(tag.norm)
            tags.append(
                dict(article_id=article_id, keyword_id=ids.keyword_id(tag.norm), keyword=tag.display, keyword_norm=tag.norm, rank=len(seen))
            )
    return row, article.sources, terms, tags, mentions
