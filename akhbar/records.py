"""Mapping JSON records (SaudiNewsNet, news-please, trafilatura, newspaper4k, ...) onto articles.

A ``FieldMapping`` names, per article part, the record fields that may hold it (the first present,
non-empty one wins). Each known producer has its own mapping (``akhbar.formats``); the defaults
here understand the common names (title/headline, content/body/text, url/link, ...), so any other
JSON works with no options, and a user can name other fields (``--map body=text``), which
overrides that part whatever the producer.

No silent loss: summary fields (description, excerpt, summary) are never the body while a text
field has something; a record whose only text is a summary is loaded with that summary as the
body and a warning saying so. Which field each part came from is kept on the article
(``articles.field_sources``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from akhbar.errors import DocumentError
from akhbar.parse.dates import parse_date
from akhbar.parse.page import ParsedArticle, derived_title, drop_repeated_title, language_code, take_dateline
from akhbar.text.normalize import clean_display



@dataclass(frozen=True)
class FieldMapping:
    """Which record fields hold each part of an article (first present, non-empty one wins)."""

    title: tuple[str, ...] = ("title", "headline", "name")
    body: tuple[str, ...] = ("content", "body", "text", "article")
    url: tuple[str, ...] = ("url", "link", "href")
    author: tuple[str, ...] = ("author", "byline", "authors", "writer")
    published: tuple[str, ...] = ("published_at", "published", "publish_date", "date_published", "datePublished", "pubDate", "date")
    extracted: tuple[str, ...] = ("date_extracted", "scraped_at", "crawled_at", "fetched_at")
    publisher: tuple[str, ...] = ("publisher", "source", "site", "newspaper", "outlet")
    tags: tuple[str, ...] = ("tags", "keywords")
    # Short descriptions: the body only when a record has no body text at all (with a warning).
    summary: tuple[str, ...] = ("description",)
    language: tuple[str, ...] = ("language", "lang")
    # Characters that separate several authors or tags written as one string.
    separators: str = ","

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, str]) -> "FieldMapping":
        """The defaults with some parts read from the named fields instead (``{'body': 'text'}``)."""
        return cls().overridden_by(overrides)

    def overridden_by(self, overrides: Mapping[str, str]) -> "FieldMapping":
        """This mapping with the parts named in ``overrides`` read from those fields only."""
        unknown = set(overrides) - set(PARTS)
        if unknown:
            raise ValueError(f"unknown article part(s) in the field mapping: {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **{part: (name,) for part, name in overrides.items()})


PARTS = tuple(f.name for f in dataclasses.fields(FieldMapping) if f.name != "separators")
"""Article parts a field mapping (and ``--map``) can name."""


def record_article(
    record: object, mapping: FieldMapping, now: datetime, source_format: str = "json", repeats_title: bool = False
) -> tuple[ParsedArticle, list[str]]:
    """The article of one JSON record and warnings; ``DocumentError`` when it is unusable.

    ``article.field_sources`` says which field each part came from. ``repeats_title``: the
    producer writes the headline again as the body's first line (trafilatura), which is dropped.
    """
    if not isinstance(record, Mapping):
        raise DocumentError(f"record is a JSON {type(record).__name__}, not an object")
    warnings: list[str] = []
    sources: dict[str, str] = {}
    body_field, body_text = _text(record, mapping.body, "body")
    if body_field is None:
        body_field, body_text = _text(record, mapping.summary, "summary")
        if body_field is not None:
            warnings.append(
                f"record has no body text, only a summary: its {body_field!r} field "
                f"({len(body_text)} characters) is loaded as the body"
            )
    paragraphs = [line for line in (clean_display(p) for p in (body_text or "").split("\n")) if line]
    if not paragraphs:
        raise DocumentError(f"record has no body text (looked in: {', '.join(mapping.body + mapping.summary)})")
    sources["body"] = body_field
    title_field, title = _text(record, mapping.title, "title")
    title = clean_display(title or "").replace("\n", " ")
    if title:
        sources["title"] = title_field
    else:
        title = derived_title(paragraphs[0])
        sources["title"] = f"{body_field} (first words)"
        warnings.append("record has no title: the first words of the body are used")
    if repeats_title:
        paragraphs = drop_repeated_title(paragraphs, title)
    article = ParsedArticle(title=title, paragraphs=paragraphs, position=0)
    article.dateline = take_dateline(article.paragraphs)
    url_field, article.url = _text(record, mapping.url, "url")
    author_field, article.author = _people(record, mapping.author, mapping.separators)
    publisher_field, article.publisher = _text(record, mapping.publisher, "publisher")
    tags_field, article.tags = _tags(record, mapping.tags, mapping.separators)
    language_field, article.language = _language(record, mapping.language)
    for fields, source in ((mapping.published, "record"), (mapping.extracted, "date_extracted")):
        date_field, value = _text(record, fields, "date")
        if not value:
            continue
        result = parse_date(value, now=now)
        if result.value:
            article.published_at, article.published_at_source = result.value, source
            sources["published_at"] = date_field
            break
        warnings.append(result.warning)
    for part, name in (("url", url_field), ("author", author_field), ("publisher", publisher_field), ("tags", tags_field), ("language", language_field)):
        if name is not None:
            sources[part] = name
    article.source_format = source_format
    article.field_sources = sources
    return article, warnings


def _text(record: Mapping, fields: tuple[str, ...], part: str) -> tuple[str | None, str | None]:
    """(field, stripped text) of the first present, non-empty field, or (None, None)."""
    for name in fields:
        value = record.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            if value.strip():
                return name, value.strip()
            continue
        raise DocumentError(f"field {name!r} ({part}) must be text, not {type(value).__name__}")
    return None, None


def _split(value: str, separators: str) -> list[str]:
    parts = [value]
    for separator in separators:
        parts = [piece for part in parts for piece in part.split(separator)]
    return [clean_display(p) for p in parts if p.strip()]


def _people(record: Mapping, fields: tuple[str, ...], separators: str) -> tuple[str | None, str | None]:
    for name in fields:
        value = record.get(name)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            joined = ", ".join(clean_display(v) for v in value if v.strip())
            if joined:
                return name, joined
            continue
        if value not in (None, "", []):
            _, text = _text(record, (name,), "author")
            if separators != ",":
                text = ", ".join(_split(text or "", separators))
            text = clean_display(text or "")
            if text:
                return name, text
    return None, None


def _tags(record: Mapping, fields: tuple[str, ...], separators: str) -> tuple[str | None, list[str]]:
    for name in fields:
        value = record.get(name)
        if isinstance(value, list):
            tags = [clean_display(v) for v in value if isinstance(v, str) and v.strip()]
            if tags:
                return name, tags
        elif isinstance(value, str) and value.strip():
            return name, _split(value, separators)
    return None, []


def _language(record: Mapping, fields: tuple[str, ...]) -> tuple[str | None, str | None]:
    """A language code the record states (its primary subtag, lower case); else detected later."""
    for name in fields:
        value = record.get(name)
        if code := language_code(value):
            return name, code
    return None, None
