"""Parsing a raw news page into its main article and the related articles embedded after it.

The page format (see ``seeds/``): a title line, a ``تاريخ النشر:`` date line, body paragraphs,
``المصدر:`` source lines, a ``كلمات دلالية:`` tag line, and after a ``إقرأ أيضاً:`` marker one or
more unrelated articles (first line = title). Metadata lines are recognised by their label's match
key, so spelling variants (hamza, tanwin, Persian letters) are all understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from akhbar.errors import DocumentError
from akhbar.parse.dates import parse_date
from akhbar.text.normalize import clean_display, match_key
from akhbar.text.tokens import words

DATE_LABELS = ("تاريخ النشر", "نشر بتاريخ", "تاريخ الخبر", "تاريخ النشر والتحديث")
SOURCE_LABELS = ("المصدر", "مصدر الخبر", "المصادر")
TAG_LABELS = ("كلمات دلالية", "الكلمات الدلالية", "كلمات مفتاحية", "الوسوم", "وسوم")
READ_ALSO_LABELS = ("إقرأ أيضاً", "اقرأ أيضا", "أقرأ أيضًا", "اقرأ كذلك", "طالع أيضا")

_LABEL_KINDS = {
    **{match_key(label): "date" for label in DATE_LABELS},
    **{match_key(label): "source" for label in SOURCE_LABELS},
    **{match_key(label): "tags" for label in TAG_LABELS},
}
_READ_ALSO = frozenset(match_key(label) for label in READ_ALSO_LABELS)
# "label: value" with an Arabic or ASCII colon; the label is at most four words.
_LABELLED = re.compile(r"^\s*(?P<label>[^:\uff1a]{2,40}?)\s*[:\uff1a]\s*(?P<value>.*)$")
# A leading dateline: one to three words naming a place, then a dash, then the story.
DASHES = "\u2013\u2014-"
_DATELINE = re.compile(rf"^(?P<place>[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){{0,2}}) [{DASHES}] (?P<rest>\S.*)$")
# A language a source states is trusted when it looks like an ISO 639 code ('ar', 'ar-SA', 'ara').
_LANGUAGE_CODE = re.compile(r"^(?P<code>[A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
# A title made up from the body when a source has none: this many words at most.
DERIVED_TITLE_WORDS = 12
ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
# Runs of each: their lengths sum to the letters' count, with one match per word, not per letter.
_ARABIC_RUN = re.compile(ARABIC_LETTER.pattern + "+")
_LATIN_RUN = re.compile(LATIN_LETTER.pattern + "+")


@dataclass
class ParsedArticle:
    """One article of a page, cleaned for display."""

    title: str
    paragraphs: list[str]
    position: int
    dateline: str | None = None
    published_at: datetime | None = None
    sources: list[str] = field(default_factory=list)
    # The raw tag line of a page (segmented later, with the article's evidence) ...
    tag_text: str | None = None
    # ... or tags already split, as JSON records give them.
    tags: list[str] = field(default_factory=list)
    published_at_source: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    # A language the source states (a record's field, an HTML page's lang); else detected.
    language: str | None = None
    # The registry's name of the format or producer the article was read as, and which field
    # (or part of the page) each article part came from.
    source_format: str | None = None
    field_sources: dict[str, str] | None = None

    @property
    def body(self) -> str:
        """Body text: one paragraph per line."""
        return "\n".join(self.paragraphs)


@dataclass
class ParsedPage:
    """The articles of a page (main first) and the problems noticed while parsing."""

    articles: list[ParsedArticle]
    warnings: list[str] = field(default_factory=list)


def parse_page(text: str, *, now: datetime | None = None) -> ParsedPage:
    """Parse decoded page text into articles. Raises ``DocumentError`` when there is no article."""
    lines = [line for line in (clean_display(raw) for raw in text.split("\n")) if line]
    if not lines:
        raise DocumentError("no text after cleaning (only noise characters)")
    segments = _split_related(lines)
    warnings: list[str] = []
    articles = []
    for position, segment in enumerate(segments):
        article = _parse_segment(segment, position, warnings, now)
        if article is None:
            if position == 0:
                raise DocumentError("title only: the page has no body text")
            warnings.append(f"related article {position} has a title but no body: skipped")
            continue
        articles.append(article)
    return ParsedPage(articles, warnings)


def _split_related(lines: list[str]) -> list[list[str]]:
    """Cut the page at each read-also marker; text on the marker line starts the next article."""
    segments: list[list[str]] = [[]]
    for line in lines:
        marker, rest = _read_also(line)
        if marker:
            segments.append([rest] if rest else [])
        else:
            segments[-1].append(line)
    return [s for i, s in enumerate(segments) if s or i == 0]


def _read_also(line: str) -> tuple[bool, str]:
    m = _LABELLED.match(line)
    label, rest = (m.group("label"), m.group("value").strip()) if m else (line, "")
    return (match_key(label) in _READ_ALSO, rest)


def _parse_segment(lines: list[str], position: int, warnings: list[str], now: datetime | None) -> ParsedArticle | None:
    if not lines:
        return None
    article = ParsedArticle(title=lines[0], paragraphs=[], position=position)
    for line in lines[1:]:
        kind, value = _classify(line)
        if kind == "date":
            result = parse_date(value, now=now)
            article.published_at = result.value
            article.published_at_source = "page" if result.value else None
            if result.warning:
                warnings.append(f"article {position}: {result.warning}")
        elif kind == "source":
            if value and value not in article.sources:
                article.sources.append(value)
        elif kind == "tags":
            article.tag_text = value or None
        else:
            article.paragraphs.append(line)
    if not article.paragraphs:
        return None
    article.dateline = take_dateline(article.paragraphs)
    return article


def _classify(line: str) -> tuple[str | None, str]:
    m = _LABELLED.match(line)
    if not m:
        return None, line
    kind = _LABEL_KINDS.get(match_key(m.group("label")))
    return (kind, m.group("value").strip()) if kind else (None, line)


def take_dateline(paragraphs: list[str]) -> str | None:
    """Move a leading ``place –`` dateline out of the first story paragraph (first two looked at)."""
    for i, paragraph in enumerate(paragraphs[:2]):
        m = _DATELINE.match(paragraph)
        if m:
            paragraphs[i] = m.group("rest")
            return m.group("place")
    return None


def drop_repeated_title(paragraphs: list[str], title: str) -> list[str]:
    """The paragraphs without a first one that only repeats the headline (extractors such as
    trafilatura put the page's <h1> at the top of the main text)."""
    return paragraphs[1:] if len(paragraphs) > 1 and paragraphs[0] == title else paragraphs


def language_code(value: str | None) -> str | None:
    """The primary subtag, lower case, of a language a source states ('ar-SA' -> 'ar'), or None."""
    m = _LANGUAGE_CODE.match(value.strip()) if isinstance(value, str) else None
    return m.group("code").lower() if m else None


def derived_title(first_paragraph: str) -> str:
    """A title for an article that has none: the first words of its body."""
    return " ".join(words(first_paragraph)[:DERIVED_TITLE_WORDS])


def detect_language(text: str) -> str:
    """'ar' when Arabic letters dominate, 'en' when Latin ones do, else 'und'."""
    arabic = sum(map(len, _ARABIC_RUN.findall(text)))
    latin = sum(map(len, _LATIN_RUN.findall(text)))
    if arabic == 0 and latin == 0:
        return "und"
    return "ar" if arabic >= latin else "en"
