"""Recognising a JSON record's producer by its fields, and mapping the record with its mapping.

Producers are tried in order; a record no producer recognises is mapped by the generic defaults
(``FieldMapping()``) and recorded as 'json'. A user's ``--map`` overrides the named parts for
every producer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from akhbar.errors import DocumentError
from akhbar.formats import news_please, newspaper4k, saudinewsnet, trafilatura_json
from akhbar.formats.base import ParseContext, ParsedDocument, RecordProducer
from akhbar.records import PARTS, FieldMapping, record_article

PRODUCERS: tuple[RecordProducer, ...] = (
    news_please.PRODUCER,
    trafilatura_json.PRODUCER,
    newspaper4k.PRODUCER,
    saudinewsnet.PRODUCER,
)
GENERIC = RecordProducer("json", FieldMapping(), lambda record: True, description="any other JSON record")
_DEFAULTS = FieldMapping()


def producer_of(record: object) -> RecordProducer:
    """The producer whose shape the record has (the generic one when none fits)."""
    if isinstance(record, Mapping):
        for producer in PRODUCERS:
            if producer.sniff(record):
                return producer
    return GENERIC


def effective_mapping(producer: RecordProducer, user_mapping: FieldMapping) -> FieldMapping:
    """The producer's mapping with the parts the user mapped (those that differ from the defaults)."""
    # Memoised by identity: a run has one user mapping, and hashing it per record would cost more
    # than the mapping itself.
    key = (producer.name, id(user_mapping))
    cached = _EFFECTIVE.get(key)
    if cached is not None and cached[0] is user_mapping:
        return cached[1]
    overrides = {part: getattr(user_mapping, part) for part in PARTS if getattr(user_mapping, part) != getattr(_DEFAULTS, part)}
    mapping = dataclasses.replace(producer.mapping, **overrides) if overrides else producer.mapping
    _EFFECTIVE[key] = (user_mapping, mapping)
    return mapping


_EFFECTIVE: dict[tuple[str, int], tuple[FieldMapping, FieldMapping]] = {}


def parse_record(record: object, ctx: ParseContext) -> ParsedDocument:
    producer = producer_of(record)
    mapping = effective_mapping(producer, ctx.field_mapping)
    try:
        article, warnings = record_article(producer.prepare(record), mapping, ctx.now, producer.name, producer.repeats_title)
    except DocumentError as exc:
        # A quarantined record is still counted under its producer.
        exc.source_format = producer.name
        raise
    return ParsedDocument([article], warnings, "utf-8", producer.name)
