"""news-please's JSON (one object per file from its crawler, or JSON Lines exports).

Fields as news-please writes them (``newsplease/pipeline/pipelines.py``,
``ExtractedInformationStorage.extract_relevant_info``; ``NewsArticle.get_serializable_dict``
adds ``text`` and writes missing dates as the string 'None'): ``authors`` (list), ``date_download``,
``date_modify``, ``date_publish`` ('YYYY-MM-DD HH:MM:SS'), ``description``, ``filename``,
``image_url``, ``language``, ``localpath``, ``maintext``, ``source_domain``, ``title``,
``title_page``, ``title_rss``, ``url``.
"""

from __future__ import annotations

from collections.abc import Mapping

from akhbar.formats.base import RecordProducer
from akhbar.records import FieldMapping

NAME = "news-please"
DATE_FIELDS = ("date_publish", "date_modify", "date_download")

MAPPING = FieldMapping(
    title=("title", "title_page", "title_rss"),
    body=("maintext", "text"),
    url=("url",),
    author=("authors",),
    published=("date_publish", "date_modify"),
    extracted=("date_download",),
    publisher=("source_domain",),
    tags=(),
    summary=("description",),
    language=("language",),
)


def sniff(record: Mapping) -> bool:
    return "maintext" in record or ("date_publish" in record and "source_domain" in record)


def prepare(record: Mapping) -> Mapping:
    # NewsArticle.get_serializable_dict writes str(None) for a missing date.
    if any(record.get(name) == "None" for name in DATE_FIELDS):
        return {**record, **{name: None for name in DATE_FIELDS if record.get(name) == "None"}}
    return record


PRODUCER = RecordProducer(NAME, MAPPING, sniff, prepare, "news-please article JSON")
