"""Turning a batch of raw documents into the rows of every staged table (pure: no I/O, no Prefect).

A document that cannot be decoded or parsed becomes a 'quarantined' documents row with its
reason; it never stops the batch. Unexpected exceptions are quarantined too (with the exception
type in the reason), so a parser bug costs one document, not a night's run.
"""

from __future__ import annotations

import bisect
import time
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa

from akhbar import formats, ids
from akhbar.entities import recognize_document
from akhbar.errors import DocumentError
from akhbar.formats.base import ParseContext
from akhbar.heap import release_freed_memory
from akhbar.keywords import extract_candidates
from akhbar.ner import recognize_many
from akhbar.parse.page import ParsedArticle, detect_language
from akhbar.readers import RawDocument
from akhbar.records import FieldMapping
from akhbar.schema import (
    ARTICLE_DOCUMENTS,
    ARTICLE_SOURCES,
    ARTICLE_TERMS,
    ARTICLES,
    DOCUMENTS,
    STAGED,
    STAGED_MENTIONS,
    STAGED_SEARCH,
    STAGED_SIGNATURES,
    STAGED_TAGS,
    TableSpec,
)
from akhbar.stories.agency import credited_agency
from akhbar.stories.rows import signature_row
from akhbar.tags import Tag, segment_tags
from akhbar.text.normalize import match_key
from akhbar.text.search_keys import search_key

# Language is decided on the opening of the text: enough letters to tell, without a full pass.
LANGUAGE_SAMPLE_CHARS = 2000
# Characters of text tagged per call: the tagger's per-call arrays (tokens, per-word features,
# LSTM inputs) grow with it, so a cap keeps a worker's memory flat whatever the batch holds;
# about 50k tokens still amortise the per-call work.
TAGGER_GROUP_CHARS = 300_000


@dataclass(frozen=True)
class TransformContext:
    """What every document of a run shares."""

    run_id: str
    ingested_at: datetime
    known_tags: Container[str] = frozenset()
    field_mapping: FieldMapping = FieldMapping()
    # The trained tagger finds the names; off, the pattern rules of akhbar.entities do (only to
    # compare the two, or where numpy inference is unwanted).
    use_tagger: bool = True


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


class StageClock:
    """Seconds spent per stage, summed over a batch (for the benchmark's breakdown)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - started


def transform_batch(
    documents: Iterable[RawDocument], ctx: TransformContext, clock: StageClock | None = None
) -> dict[str, pa.Table]:
    """Rows of every staged table for a batch of documents (table name -> Arrow table).

    Documents are parsed first, then the trained entity tagger runs once over every title and
    body of the batch (it is fast only in batches), then each article's rows are built.
    """
    clock = clock or StageClock()
    out = {spec.name: _Columns(spec) for spec in STAGED}
    parsed = []
    for doc in documents:
        base = dict(doc_id=doc.doc_id, source_uri=doc.source_uri, byte_size=doc.size, run_id=ctx.run_id, ingested_at=ctx.ingested_at, source_format=doc.fmt)
        try:
            with clock.stage("parse"):
                articles, warnings, encoding, source_format = _parse(doc, ctx)
        except Exception as exc:  # noqa: BLE001 - a bug must cost one document, not the run
            _quarantine(out, base, exc)
            continue
        base["source_format"] = source_format
        parsed.append((doc, base, articles, warnings, encoding))
    with clock.stage("entities"):
        spans = _tagger_spans([a for *_, articles, _, _ in parsed for a in articles], ctx)
        # The tagger's arrays are freed now; without this the rows built next grow the process
        # on top of them (at the chunk's peak).
        release_freed_memory()
    for doc, base, articles, warnings, encoding in parsed:
        try:
            staged = [_ArticleRows.build(a, doc.doc_id, ctx, clock, next(spans)) for a in articles]
        except Exception as exc:  # noqa: BLE001
            _quarantine(out, base, exc)
            continue
        main_id = staged[0].article["article_id"]
        for position, rows in enumerate(staged):
            if position > 0:
                rows.article["parent_article_id"] = main_id
            rows.write(out, doc.doc_id, position)
        out[DOCUMENTS.name].add(**base, status="loaded", error=None, warnings=warnings, encoding=encoding, article_count=len(staged))
    with clock.stage("arrow"):
        return {name: cols.table() for name, cols in out.items()}


def _quarantine(out: dict[str, _Columns], base: dict, exc: Exception) -> None:
    reason = str(exc) if isinstance(exc, DocumentError) else f"internal error ({type(exc).__name__}): {exc}"
    # A format that recognised the document before refusing it (a JSON record's producer) says so.
    base = {**base, "source_format": getattr(exc, "source_format", base["source_format"])}
    out[DOCUMENTS.name].add(**base, status="quarantined", error=reason, warnings=[])


def _tagger_spans(articles: list[ParsedArticle], ctx: TransformContext):
    """An iterator of (title spans, body spans) per article from the trained tagger, in order."""
    if not ctx.use_tagger or not articles:
        return iter([None] * len(articles))
    texts = [t for a in articles for t in (a.title, a.body)]
    found: list = []
    for group in _text_groups(texts, TAGGER_GROUP_CHARS):
        try:
            found.extend(recognize_many(group))
        except Exception:  # noqa: BLE001 - one bad text must not cost the batch its entities
            for text in group:
                try:
                    found.extend(recognize_many([text]))
                except Exception:  # noqa: BLE001
                    found.append([])
    return iter(list(zip(found[0::2], found[1::2])))


def _text_groups(texts: list[str], budget: int) -> Iterator[list[str]]:
    """Consecutive runs of texts of about ``budget`` characters (title/body pairs kept together)."""
    group: list[str] = []
    size = 0
    for i in range(0, len(texts), 2):
        pair = texts[i : i + 2]
        group.extend(pair)
        size += sum(map(len, pair))
        if size >= budget:
            yield group
            group, size = [], 0
    if group:
        yield group


def _parse(doc: RawDocument, ctx: TransformContext) -> tuple[list[ParsedArticle], list[str], str, str]:
    """Articles of a document, warnings, the encoding of its text, and the format or producer it
    was read as (the registry, ``akhbar.formats``, parses it by its format)."""
    parsed = formats.parse(doc, ParseContext(now=ctx.ingested_at, field_mapping=ctx.field_mapping))
    return parsed.articles, parsed.warnings, parsed.encoding, parsed.source_format


@dataclass
class _ArticleRows:
    """One article's row and the rows that hang off it."""

    article: dict
    sources: list[str]
    terms: list
    tags: list[dict]
    mentions: list[dict]
    search: tuple[str, str]
    signatures: dict

    @classmethod
    def build(
        cls, article: ParsedArticle, doc_id: str, ctx: TransformContext, clock: StageClock, tagger_spans=None
    ) -> "_ArticleRows":
        title, body = article.title, article.body
        with clock.stage("parse"):
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
                published_at_source=article.published_at_source if published else None,
                parent_article_id=None,
                # Whitespace-separated words: a count, not a tokenization, so it is kept cheap.
                word_count=len(title.split()) + len(body.split()),
                language=article.language or detect_language((title + "\n" + body)[:LANGUAGE_SAMPLE_CHARS]),
                publisher=article.publisher,
                author=article.author,
                url=article.url,
                agency=credited_agency(body, article.dateline),
                source_format=article.source_format,
                field_sources=list(article.field_sources.items()) if article.field_sources else None,
            )
        with clock.stage("keywords"):
            terms = extract_candidates(title, body)
        with clock.stage("entities"):
            mentions = _mention_rows(article_id, doc_id, title, body, tagger_spans)
        with clock.stage("keywords"):
            tags = _tag_rows(article, article_id, mentions, ctx)
        with clock.stage("search"):
            search = (search_key(title), search_key(body))
        with clock.stage("copies"):
            signatures = signature_row(article_id, doc_id, search[1], {m["name_norm"] for m in mentions}, terms)
        return cls(row, article.sources, terms, tags, mentions, search, signatures)

    def write(self, out: dict[str, _Columns], doc_id: str, position: int) -> None:
        article_id = self.article["article_id"]
        out[ARTICLES.name].add(**self.article)
        out[ARTICLE_DOCUMENTS.name].add(article_id=article_id, doc_id=doc_id, position=position)
        for source in self.sources:
            out[ARTICLE_SOURCES.name].add(article_id=article_id, source=source)
        terms = out[ARTICLE_TERMS.name].data
        # Column-wise: an article has a couple of hundred candidate terms.
        terms["article_id"].extend([article_id] * len(self.terms))
        for column, values in zip(("term_norm", "term", "n_words", "tf", "first_pos"), zip(*self.terms) if self.terms else ((),) * 5):
            terms[column].extend(values)
        for row in self.tags:
            out[STAGED_TAGS.name].add(**row)
        for row in self.mentions:
            out[STAGED_MENTIONS.name].add(**row)
        out[STAGED_SEARCH.name].add(article_id=article_id, doc_id=doc_id, title_key=self.search[0], body_key=self.search[1])
        out[STAGED_SIGNATURES.name].add(**self.signatures)


def _tag_rows(article: ParsedArticle, article_id: str, mentions: list[dict], ctx: TransformContext) -> list[dict]:
    """Publisher tags: a page's tag line segmented with the article's evidence, or a record's list."""
    if article.tag_text:
        segmented = segment_tags(
            article.tag_text,
            title=article.title,
            body=article.body,
            entity_names=sorted({m["name"] for m in mentions}),
            known_tags=ctx.known_tags,
        )
    elif article.tags:
        segmented = [Tag(display, match_key(display)) for display in article.tags]
    else:
        return []
    rows, seen = [], set()
    for tag in segmented:
        if tag.norm in seen or not tag.norm:
            continue
        seen.add(tag.norm)
        rows.append(dict(article_id=article_id, keyword_id=ids.keyword_id(tag.norm), keyword=tag.display, keyword_norm=tag.norm, rank=len(seen)))
    return rows


def entity_mention_rows(articles: list[tuple[str, str, str, str]], ctx: TransformContext) -> pa.Table:
    """Entity mentions (STAGED_MENTIONS shape) of stored articles ``(article_id, doc_id, title,
    body)``, found as the transform finds them: used to re-derive entities with a new model."""
    out = _Columns(STAGED_MENTIONS)
    parsed = [ParsedArticle(title=title, paragraphs=[body], position=0) for _, _, title, body in articles]
    spans = _tagger_spans(parsed, ctx)
    for (article_id, doc_id, title, body), article_spans in zip(articles, spans):
        for row in _mention_rows(article_id, doc_id, title, body, article_spans):
            out.add(**row)
    return out.table()


def _mention_rows(article_id: str, doc_id: str, title: str, body: str, tagger_spans) -> list[dict]:
    """STAGED_MENTIONS rows of one article: the tagger's names with document-level evidence."""
    breaks = paragraph_breaks(body)
    return [
        dict(
            article_id=article_id,
            entity_id=entity_id,
            field=m.field,
            surface=m.surface,
            name=m.name,
            start_char=m.start,
            end_char=m.end,
            paragraph=bisect.bisect_right(breaks, m.start) if m.field == "body" else 0,
            name_norm=m.name_norm,
            entity_type=m.entity_type,
            doc_id=doc_id,
            method=m.method,
            # The staged alias is the mention's own name (entity resolution relinks it at load).
            alias_id=entity_id,
        )
        for m in recognize_document(title, body, model_spans=tagger_spans).mentions
        for entity_id in (ids.entity_id(m.entity_type, m.name_norm),)
    ]


def paragraph_breaks(body: str) -> list[int]:
    """Offsets of the line breaks of a body (one paragraph per line): the paragraph holding
    offset ``i`` is ``bisect_right(breaks, i)``."""
    breaks, at = [], body.find("\n")
    while at >= 0:
        breaks.append(at)
        at = body.find("\n", at + 1)
    return breaks
