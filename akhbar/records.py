"""Mapping JSON records (SaudiNewsNet and the like) onto articles, through a field mapping.

The defaults understand the common names (title/headline, content/body/text, url/link, ...), so
SaudiNewsNet works with no options; a user can name other fields with ``FieldMapping``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from akhbar.errors import DocumentError
from akhbar.parse.dates import parse_date
from akhbar.parse.page import ParsedArticle, take_dateline
from akhbar.text.normalize import clean_display
from akhbar.text.tokens import words

# A title made up from the body when a record has none: this many words at most.
DERIVED_TITLE_WORDS = 12


@dataclass(frozen=True)
class FieldMapping:
    """Which record fields hold each part of an article (first present, non-empty one wins)."""

    title: tuple[str, ...] = ("title", "headline", "name")
    body: tuple[str, ...] = ("content", "body", "text", "article", "description")
    url: tuple[str, ...] = ("url", "link", "href")
    author: tuple[str, ...] = ("author", "byline", "authors", "writer")
    published: tuple[str, ...] = ("published_at", "published", "publish_date", "date_published", "datePublished", "pubDate", "date")
    extracted: tuple[str, ...] = ("date_extracted", "scraped_at", "crawled_at", "fetched_at")
    publisher: tuple[str, ...] = ("publisher", "source", "site", "newspaper", "outlet")
    tags: tuple[str, ...] = ("tags", "keywords")

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, str]) -> "FieldMapping":
        """The defaults with some parts read from the named fields instead (``{'body': 'text'}``)."""
        unknown = set(overrides) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown article part(s) in the field mapping: {', '.join(sorted(unknown))}")
        return cls(**{part: (field,) for part, field in overrides.items()})


def record_article(record: object, mapping: FieldMapping, now: datetime) -> tuple[ParsedArticle, list[str]]:
    """The article of one JSON record and warnings; ``DocumentError`` when it is unusable."""
    if not isinstance(record, Mapping):
        raise DocumentError(f"record is a JSON {type(record).__name__}, not an object")
    warnings: list[str] = []
    body_text = _text(record, mapping.body, "body")
    paragraphs = [line for line in (clean_display(p) for p in (body_text or "").split("\n")) if line]
    if not paragraphs:
        raise DocumentError(f"record has no body text (looked in: {', '.join(mapping.body)})")
    title = clean_display(_text(record, mapping.title, "title") or "").replace("\n", " ")
    if not title:
        title = " ".join(words(paragraphs[0])[:DERIVED_TITLE_WORDS])
        warnings.append("record has no title: the first words of the body are used")
    article = ParsedArticle(title=title, paragraphs=paragraphs, position=0)
    article.dateline = take_dateline(article.paragraphs)
    article.url = _text(record, mapping.url, "url")
    article.author = _people(record, mapping.author)
    article.publisher = _text(record, mapping.publisher, "publisher")
    article.tags = _tags(record, mapping.tags)
    for fields, source in ((mapping.published, "record"), (mapping.extracted, "date_extracted")):
        value = _text(record, fields, "date")
        if not value:
            continue
        result = parse_date(value, now=now)
        if result.value:
            article.published_at, article.published_at_source = result.value, source
            break
        warnings.append(result.warning)
    return article, warnings


def _text(record: Mapping, fields: tuple[str, ...], part: str) -> str | None:
    for name in fields:
        value = record.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            return value.strip() or None
        raise DocumentError(f"field {name!r} ({part}) must be text, not {type(value).__name__}")
    return None


def _people(record: Mapping, fields: tuple[str, ...]) -> str | None:
    for name in fields:
        value = record.get(name)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return ", ".join(clean_display(v) for v in value if v.strip()) or None
        if value not in (None, "", []):
            return clean_display(_text(record, (name,), "author") or "") or None
    return None


def _tags(record: Mapping, fields: tuple[str, ...]) -> list[str]:
    for name in fields:
        value = record.get(name)
        if isinstance(value, list):
            return [clean_display(v) for v in value if isinstance(v, str) and v.strip()]
        if isinstance(value, str) and value.strip():
            return [clean_display(v) for v in value.split(",") if v.strip()]
    return []
