"""JSON records of known producers, recognised by their fields and mapped fully."""

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from akhbar.formats.base import ParseContext
from akhbar.formats.producers import parse_record, producer_of
from akhbar.readers import read_item
from akhbar.records import FieldMapping
from akhbar.sources import work_items
from tests.json_fixtures import RECORDS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
CTX = ParseContext(NOW, FieldMapping())


def _docs(name):
    path = FIXTURES / name
    return [d for item in work_items(str(path), path.stat().st_size) for d in read_item(item)]


def _parsed(name, ctx=CTX):
    return [parse_record(doc.record, ctx) for doc in _docs(name)]


def test_news_please_file_maps_maintext_date_publisher_authors():
    (parsed,) = _parsed("news-please_alriyadh_1020304.json")
    (article,) = parsed.articles
    assert parsed.source_format == "news-please" and parsed.warnings == []
    assert article.title == "أمير الرياض يدشن المرحلة الأولى من مشروع النقل العام"
    assert article.dateline == "الرياض"
    assert article.paragraphs[0].startswith("دشن صاحب السمو الملكي أمير منطقة الرياض")
    assert len(article.paragraphs) == 3
    # date_publish is local 'YYYY-MM-DD HH:MM:SS' with no zone: read as UTC.
    assert article.published_at == datetime(2015, 7, 20, 21, 15, tzinfo=timezone.utc)
    assert article.published_at_source == "record"
    assert article.publisher == "www.alriyadh.com"
    assert article.author == "عبدالله الشمري, واس"
    assert article.url == "http://www.alriyadh.com/1020304"
    assert article.language == "ar"
    assert article.field_sources == {
        "body": "maintext", "title": "title", "published_at": "date_publish", "url": "url",
        "author": "authors", "publisher": "source_domain", "language": "language",
    }


def test_news_please_jsonl_export_and_the_summary_only_record():
    first, second = _parsed("news-please_export.jsonl")
    (article,) = first.articles
    assert first.source_format == "news-please" and first.warnings == []
    assert article.body.startswith("أعلنت وزارة الصحة اليوم تسجيل حالات جديدة في مدينة جدة") and article.dateline == "جدة"
    assert article.published_at == datetime(2015, 7, 22, 9, tzinfo=timezone.utc)
    assert article.publisher == "www.okaz.com.sa" and article.author is None
    # maintext is null: the description is the only text, loaded as the body with a warning;
    # date_publish is the string 'None' (get_serializable_dict): the download date is used.
    (summary_only,) = second.articles
    assert summary_only.body == "توقعت الأرصاد هطول أمطار غزيرة على منطقة مكة المكرمة حتى مساء الغد."
    assert summary_only.field_sources["body"] == "description"
    assert any("only a summary" in w and "'description'" in w for w in second.warnings)
    assert summary_only.published_at == datetime(2015, 7, 23, 8, tzinfo=timezone.utc)
    assert summary_only.published_at_source == "date_extracted"
    assert summary_only.field_sources["published_at"] == "date_download"


def test_a_summary_is_never_the_body_while_a_text_field_has_text():
    record = json.loads((FIXTURES / "news-please_alriyadh_1020304.json").read_text(encoding="utf-8"))
    (article,) = parse_record(record, CTX).articles
    assert "description" not in article.field_sources.values()
    assert article.body != record["description"]
    # The generic mapping no longer takes 'description' as a body either.
    (generic,) = parse_record({"title": "عنوان", "description": "وصف قصير.", "text": "النص الكامل للخبر."}, CTX).articles
    assert generic.body == "النص الكامل للخبر."


def test_trafilatura_json_maps_text_date_hostname_author_tags():
    (parsed,) = _parsed("trafilatura_sabq.json")
    (article,) = parsed.articles
    assert parsed.source_format == "trafilatura" and parsed.warnings == []
    assert article.title == "وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا الموسمية"
    # The headline that trafilatura repeats as the text's first line is dropped.
    assert article.paragraphs[0].startswith("أطلقت وزارة الصحة اليوم حملة وطنية") and article.dateline == "الرياض"
    assert len(article.paragraphs) == 4 and "أبو فهد" not in article.body
    assert article.published_at == datetime(2023, 10, 2, tzinfo=timezone.utc)
    assert article.publisher == "صحيفة سبق"
    assert article.author == "محمد العتيبي"
    assert article.url == "https://sabq.org/saudia/health-campaign-2023"
    assert article.tags == ["وزارة الصحة", "الإنفلونزا الموسمية"]
    assert article.field_sources["publisher"] == "source-hostname" and article.field_sources["url"] == "source"
    assert article.field_sources["body"] == "text" and article.field_sources["tags"] == "tags"


def test_newspaper4k_json_maps_text_date_site_name_authors_tags():
    (parsed,) = _parsed("newspaper4k_spa.json")
    (article,) = parsed.articles
    assert parsed.source_format == "newspaper4k" and parsed.warnings == []
    assert article.title == "مجلس الوزراء يوافق على تنظيم الهيئة العامة للنقل"
    assert article.paragraphs == [
        "وافق مجلس الوزراء في جلسته التي عقدها اليوم برئاسة خادم الحرمين الشريفين على تنظيم الهيئة العامة للنقل.",
        "ويهدف التنظيم إلى رفع كفاءة قطاع النقل وتحسين جودة الخدمات المقدمة للمستفيدين في جميع مناطق المملكة.",
    ]
    assert article.dateline == "الرياض"
    assert article.published_at == datetime(2023, 11, 14, 16, 45, tzinfo=timezone.utc)
    assert article.publisher == "وكالة الأنباء السعودية"
    assert article.author == "وكالة الأنباء السعودية"
    assert article.url == "https://www.spa.gov.sa/w1987654"
    # The publisher's keywords (tags is null), not newspaper4k's own NLP keywords.
    assert article.tags == ["مجلس الوزراء", "الهيئة العامة للنقل"]
    assert article.language == "ar"
    assert article.field_sources["body"] == "text" and article.field_sources["tags"] == "meta_keywords"


def test_saudinewsnet_records_keep_their_mapping():
    parsed = parse_record(RECORDS[0], CTX)
    (article,) = parsed.articles
    assert parsed.source_format == "saudinewsnet"
    assert article.publisher == "alriyadh" and article.author == "الرياض - واس"
    assert article.published_at == datetime(2015, 7, 21, 2, 51, 32, tzinfo=timezone.utc)
    assert article.field_sources == {"body": "content", "title": "title", "published_at": "date_extracted", "url": "url", "author": "author", "publisher": "source"}


@pytest.mark.parametrize(
    "record, producer",
    [
        ({"maintext": "x", "title": "t"}, "news-please"),
        ({"source-hostname": "x", "text": "t"}, "trafilatura"),
        ({"meta_site_name": "x", "text": "t"}, "newspaper4k"),
        ({"date_extracted": "x", "content": "t"}, "saudinewsnet"),
        ({"headline": "x", "body": "t"}, "json"),
        (["a list"], "json"),
    ],
)
def test_producers_are_recognised_by_their_fields(record, producer):
    assert producer_of(record).name == producer


def test_map_overrides_a_producers_mapping():
    record = json.loads((FIXTURES / "news-please_alriyadh_1020304.json").read_text(encoding="utf-8"))
    ctx = ParseContext(NOW, FieldMapping.with_overrides({"body": "description", "publisher": "image_url"}))
    parsed = parse_record(record, ctx)
    (article,) = parsed.articles
    assert parsed.source_format == "news-please"
    assert article.body == record["description"] and article.field_sources["body"] == "description"
    assert article.publisher == record["image_url"]
    # Parts not overridden keep the producer's fields.
    assert article.author == "عبدالله الشمري, واس" and article.field_sources["published_at"] == "date_publish"
