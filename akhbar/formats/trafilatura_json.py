"""trafilatura's JSON output (``trafilatura --json``, ``extract(output_format='json')``).

Fields as trafilatura writes them (``trafilatura/xml.py`` ``build_json_output`` over the slots of
``settings.Document``): ``title``, ``author`` (one string, several names joined by '; '),
``hostname``, ``date`` ('YYYY-MM-DD'), ``fingerprint``, ``id``, ``license``, ``comments``,
``raw_text``, ``text``, ``language``, ``image``, ``pagetype``, ``filedate``, and renamed on output:
``source`` (the URL), ``source-hostname`` (the site name), ``excerpt`` (the description),
``categories`` and ``tags`` (';'-joined strings).
"""

from __future__ import annotations

from collections.abc import Mapping

from akhbar.formats.base import RecordProducer
from akhbar.records import FieldMapping

NAME = "trafilatura"

MAPPING = FieldMapping(
    title=("title",),
    body=("text", "raw_text"),
    url=("source", "url"),
    author=("author",),
    published=("date",),
    extracted=("filedate",),
    publisher=("source-hostname", "sitename", "hostname"),
    tags=("tags", "categories"),
    summary=("excerpt", "description"),
    language=("language",),
    separators=";",
)


def sniff(record: Mapping) -> bool:
    return "source-hostname" in record or ("raw_text" in record and "fingerprint" in record) or ("excerpt" in record and "hostname" in record)


PRODUCER = RecordProducer(NAME, MAPPING, sniff, description="trafilatura JSON output", repeats_title=True)
