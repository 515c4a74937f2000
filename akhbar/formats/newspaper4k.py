"""newspaper4k's article JSON (``Article.to_json()``).

Fields as newspaper4k writes them (``newspaper/settings.py`` ``article_json_fields``; datetimes
as ISO strings): ``url``, ``read_more_link``, ``language``, ``title``, ``top_image``, ``meta_img``,
``images``, ``movies``, ``keywords`` (list, its own NLP keywords), ``meta_keywords`` (list),
``tags`` (list or null), ``authors`` (list), ``publish_date``, ``summary``, ``meta_description``,
``meta_lang``, ``meta_favicon``, ``meta_site_name``, ``canonical_link``, ``text``.
"""

from __future__ import annotations

from collections.abc import Mapping

from akhbar.formats.base import RecordProducer
from akhbar.records import FieldMapping

NAME = "newspaper4k"

MAPPING = FieldMapping(
    title=("title",),
    body=("text", "text_cleaned"),
    url=("canonical_link", "url"),
    author=("authors",),
    published=("publish_date",),
    extracted=(),
    publisher=("meta_site_name",),
    # The publisher's tags and keywords, not newspaper4k's own NLP keywords.
    tags=("tags", "meta_keywords"),
    summary=("summary", "meta_description"),
    language=("meta_lang", "language"),
)


def sniff(record: Mapping) -> bool:
    return "meta_site_name" in record or "top_image" in record or ("meta_lang" in record and "publish_date" in record)


PRODUCER = RecordProducer(NAME, MAPPING, sniff, description="newspaper4k Article.to_json()")
