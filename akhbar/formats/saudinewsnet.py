"""SaudiNewsNet's records (JSON arrays per day, zipped): ``source``, ``url``, ``date_extracted``,
``title``, ``author``, ``content``. Mapped by the generic defaults, which were made for it."""

from __future__ import annotations

from collections.abc import Mapping

from akhbar.formats.base import RecordProducer
from akhbar.records import FieldMapping

NAME = "saudinewsnet"


def sniff(record: Mapping) -> bool:
    return "date_extracted" in record and "content" in record


PRODUCER = RecordProducer(NAME, FieldMapping(), sniff, description="SaudiNewsNet JSON arrays")
