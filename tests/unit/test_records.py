"""Mapping JSON records onto articles."""

from datetime import datetime, timezone

import pytest

from akhbar.errors import DocumentError
from akhbar.records import FieldMapping, record_article
from tests.json_fixtures import RECORDS

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_saudinewsnet_record_maps_with_no_options():
    article, warnings = record_article(RECORDS[0], FieldMapping(), NOW)
    assert article.title == "أمير الرياض يدشن مشروع قطار الرياض"
    assert article.publisher == "alriyadh"
    assert article.author == "الرياض - واس"
    assert article.url == "http://www.alriyadh.com/1"
    assert article.published_at == datetime(2015, 7, 21, 2, 51, 32, tzinfo=timezone.utc)
    assert article.published_at_source == "date_extracted"
    assert article.dateline == "الرياض"
    assert article.paragraphs == ["دشن أمير منطقة الرياض الأمير فيصل بن بندر مشروع قطار الرياض اليوم.", "وأكد أن المشروع يخدم سكان مدينة الرياض."]
    assert warnings == []


def test_record_date_beats_date_extracted():
    record = {**RECORDS[0], "published_at": "2015-07-20T08:00:00+03:00"}
    article, _ = record_article(record, FieldMapping(), NOW)
    assert article.published_at == datetime(2015, 7, 20, 5, tzinfo=timezone.utc)
    assert article.published_at_source == "record"


def test_missing_title_is_taken_from_the_body_with_a_warning():
    article, warnings = record_article(RECORDS[1], FieldMapping(), NOW)
    assert article.title == "أعلنت وزارة الصحة السعودية تسجيل حالات جديدة في مدينة جدة"
    assert "no title" in warnings[0]


@pytest.mark.parametrize(
    "record, reason",
    [(RECORDS[2], "no body text"), (RECORDS[3], "must be text"), (RECORDS[4], "not an object")],
)
def test_unusable_records_are_refused(record, reason):
    with pytest.raises(DocumentError, match=reason):
        record_article(record, FieldMapping(), NOW)


def test_field_mapping_overrides():
    mapping = FieldMapping.with_overrides({"body": "text", "published": "pub"})
    article, _ = record_article({"title": "عنوان", "text": "نص الخبر.", "pub": "2020-01-02"}, mapping, NOW)
    assert article.body == "نص الخبر." and article.published_at.date().isoformat() == "2020-01-02"
    with pytest.raises(ValueError, match="unknown article part"):
        FieldMapping.with_overrides({"bodyy": "text"})


def test_tags_from_a_record_list():
    article, _ = record_article({"title": "ع", "content": "نص.", "tags": ["قره باغ", " ", "موسكو"]}, FieldMapping(), NOW)
    assert article.tags == ["قره باغ", "موسكو"]
