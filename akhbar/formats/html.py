"""Raw HTML pages (``.html``, ``.htm``, and the HTML responses of WARC files) through trafilatura.

trafilatura finds the main text (menus, related links, comments and footers left out) and the
page's metadata (title, date, author, site name, tags and categories). It is imported only here
and only when an HTML page is parsed: a JSON-only run's workers never load it and lxml.

Decoding: a charset the HTTP response declares (WARC), else one the page declares in a
``<meta>`` tag, else akhbar's own detection (UTF-8, UTF-16, Windows-1256 Arabic); a declared
charset that does not decode the bytes falls back to detection with a warning. The language is
the ``<html lang>`` when there is one (``dir="rtl"`` alone says nothing about which language, so
the text decides then).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from akhbar.errors import DocumentError
from akhbar.formats.base import FileFormat, ParseContext, ParsedDocument, RawDocument, ReadLimits, WorkItem, bounded_read, one_document, sha256
from akhbar.parse.dates import parse_date
from akhbar.parse.decode import decode
from akhbar.parse.page import ParsedArticle, derived_title, drop_repeated_title, language_code, take_dateline
from akhbar.text.normalize import clean_display

NAME = "html"
# A <meta charset> is in the head: only the opening of the page is looked at.
CHARSET_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# Tags written as one string of several (a keywords meta tag): split on Latin and Arabic commas.
TAG_SEPARATORS = re.compile("[,\u060c]")


def read(item: WorkItem, stream: BinaryIO, limits: ReadLimits) -> Iterator[RawDocument]:
    data = bounded_read(stream, limits.max_document_bytes)
    yield RawDocument(doc_id=sha256(data), source_uri=item.source_uri, data=data, fmt=NAME)


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Text of an HTML page, the encoding used, warnings."""
    charset = declared or _meta_charset(data)
    warnings: list[str] = []
    if charset:
        try:
            codec = codecs.lookup(charset).name
            return data.decode(codec), codec.replace("cp1256", "windows-1256"), warnings
        except LookupError:
            warnings.append(f"unknown declared charset {charset!r}: the encoding was detected instead")
        except UnicodeDecodeError as exc:
            warnings.append(f"the declared charset {charset!r} does not decode the page (byte {exc.start}): the encoding was detected instead")
    decoded = decode(data)
    return decoded.text, decoded.encoding, warnings + list(decoded.warnings)


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    return m.group(1).decode("ascii") if m else None


def parse(doc: RawDocument, ctx: ParseContext) -> ParsedDocument:
    return parse_html(doc, ctx, NAME)


def parse_html(doc: RawDocument, ctx: ParseContext, source_format: str) -> ParsedDocument:
    """The article of an HTML page, recorded as read from ``source_format`` ('html', 'warc')."""
    hints = doc.hints or {}
    text, encoding, warnings = decode_html(doc.data, hints.get("charset"))
    extracted, language = _extract(text, hints.get("url"))
    paragraphs = [line for line in (clean_display(p) for p in (extracted.text or "").split("\n")) if line]
    if not paragraphs:
        raise DocumentError("no main text found in the HTML page")
    sources = {"body": "main text"}
    title = clean_display(extracted.title or "").replace("\n", " ")
    if title:
        sources["title"] = "title metadata"
    else:
        title = derived_title(paragraphs[0])
        sources["title"] = "main text (first words)"
        warnings.append("page has no title: the first words of the body are used")
    paragraphs = drop_repeated_title(paragraphs, title)
    article = ParsedArticle(title=title, paragraphs=paragraphs, position=0, source_format=source_format)
    article.dateline = take_dateline(article.paragraphs)
    for value, origin, where in ((extracted.date, "page", "date metadata"), (hints.get("date"), "date_extracted", "WARC-Date")):
        if not value:
            continue
        result = parse_date(value, now=ctx.now)
        if result.value:
            article.published_at, article.published_at_source = result.value, origin
            sources["published_at"] = where
            break
        warnings.append(result.warning)
    if extracted.author:
        article.author = ", ".join(clean_display(a) for a in extracted.author.split(";") if a.strip()) or None
        sources["author"] = "author metadata"
    for value, where in ((extracted.sitename, "site name metadata"), (extracted.hostname, "hostname")):
        if value:
            article.publisher, sources["publisher"] = clean_display(value), where
            break
    for values, where in ((extracted.tags, "tags metadata"), (extracted.categories, "categories metadata")):
        tags = [clean_display(t) for value in values or () for t in TAG_SEPARATORS.split(value) if t.strip()]
        if tags:
            article.tags, sources["tags"] = tags, where
            break
    if hints.get("url"):
        article.url, sources["url"] = hints["url"], "WARC-Target-URI"
    elif extracted.url:
        article.url, sources["url"] = extracted.url, "canonical URL"
    if language:
        article.language, sources["language"] = language, "html lang"
    article.field_sources = sources
    return ParsedDocument([article], warnings, encoding, source_format)


def _extract(text: str, url: str | None):
    """trafilatura's document (main text and metadata) and the page's ``<html lang>``."""
    from trafilatura import bare_extraction
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    tree = load_html(text)
    if tree is None:
        raise DocumentError("not an HTML page: no document tree could be parsed")
    root = tree.getroottree().getroot()
    language = language_code(root.get("lang") or root.get("xml:lang"))
    extracted = bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # With the time and zone, when the page gives them (trafilatura's default keeps the day).
        date_extraction_params={**set_date_params(True), "outputformat": DATE_FORMAT},
    )
    if extracted is None:
        raise DocumentError("no main text found in the HTML page")
    return extracted, language


FORMAT = FileFormat(NAME, (".html", ".htm", ".xhtml"), read, one_document, parse, description="HTML page, main text by trafilatura")
