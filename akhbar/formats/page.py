"""Text pages (``.txt``, ``.text``, no suffix): the seed layout, parsed by ``akhbar.parse.page``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from akhbar.formats.base import FileFormat, ParseContext, ParsedDocument, RawDocument, ReadLimits, WorkItem, bounded_read, one_document, sha256
from akhbar.parse.decode import decode
from akhbar.parse.page import ParsedArticle, parse_page

NAME = "page"


def read(item: WorkItem, stream: BinaryIO, limits: ReadLimits) -> Iterator[RawDocument]:
    data = bounded_read(stream, limits.max_document_bytes)
    yield RawDocument(doc_id=sha256(data), source_uri=item.source_uri, data=data, fmt=NAME)


def parse(doc: RawDocument, ctx: ParseContext) -> ParsedDocument:
    decoded = decode(doc.data)
    page = parse_page(decoded.text, now=ctx.now)
    for article in page.articles:
        article.source_format = NAME
        article.field_sources = page_field_sources(article)
    return ParsedDocument(page.articles, list(decoded.warnings) + page.warnings, decoded.encoding, NAME)


def page_field_sources(article: ParsedArticle) -> dict[str, str]:
    """Where a page's parts were: its lines, by role."""
    sources = {"title": "title line", "body": "body lines"}
    if article.published_at is not None:
        sources["published_at"] = "date line"
    if article.tag_text:
        sources["tags"] = "tag line"
    return sources


FORMAT = FileFormat(NAME, (".txt", ".text", ""), read, one_document, parse, description="text page in the seed layout")
