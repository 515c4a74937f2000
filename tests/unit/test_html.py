"""Raw HTML pages: main text without boilerplate, metadata, charsets, <html lang>."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from akhbar.errors import DocumentError
from akhbar.formats import html
from akhbar.formats.base import ParseContext, RawDocument
from akhbar.records import FieldMapping

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
CTX = ParseContext(datetime(2026, 1, 1, tzinfo=timezone.utc), FieldMapping())
# Words of the menus, related links, comments and footers of the Arabic fixture pages.
BOILERPLATE = ["الرئيسية", "أخبار ذات صلة", "الهلال الأحمر", "التعليقات", "أبو فهد", "جميع الحقوق", "الأكثر قراءة", "نتائج القبول", "عاجل", "شارك", "محليات"]
RIYADH_BODY = [
    "دشن صاحب السمو الملكي أمير منطقة الرياض مساء أمس المرحلة الأولى من مشروع الملك عبدالعزيز للنقل العام بمدينة الرياض، بحضور عدد من المسؤولين وأعضاء الهيئة العليا لتطوير مدينة الرياض.",
    "ويشمل المشروع شبكة من ستة خطوط للقطار بطول يتجاوز مئة وسبعين كيلومتراً، إضافة إلى شبكة حافلات تغطي أحياء المدينة، ويتوقع أن يخدم أكثر من مليون راكب يومياً عند اكتماله.",
    "وأشار سموه إلى أن المشروع يمثل نقلة نوعية في خدمات النقل بالعاصمة، وسيسهم في تخفيف الازدحام المروري والحد من التلوث البيئي.",
]


def _parse(name, hints=None):
    data = (FIXTURES / name).read_bytes()
    return html.parse(RawDocument(doc_id="x", source_uri=name, data=data, fmt="html", hints=hints), CTX)


def test_utf8_page_main_text_and_metadata():
    parsed = _parse("sabq_utf8.html")
    (article,) = parsed.articles
    assert (parsed.source_format, parsed.encoding, parsed.warnings) == ("html", "utf-8", [])
    assert article.title == "وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا الموسمية"
    assert article.dateline == "الرياض"
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("أطلقت وزارة الصحة اليوم حملة وطنية للتطعيم")
    assert article.paragraphs[-1].endswith("تجاوز عدد المطعمين ثلاثة ملايين شخص في مختلف المناطق.")
    assert not [word for word in BOILERPLATE if word in article.body]
    assert article.published_at == datetime(2023, 10, 2, 5, 30, tzinfo=timezone.utc)
    assert article.published_at_source == "page"
    assert article.author == "محمد العتيبي"
    assert article.publisher == "صحيفة سبق"
    assert article.tags == ["وزارة الصحة", "الإنفلونزا الموسمية"]
    assert article.url == "https://sabq.org/saudia/health-campaign-2023"
    assert article.language == "ar"
    assert article.field_sources["language"] == "html lang" and article.field_sources["published_at"] == "date metadata"


@pytest.mark.parametrize("name", ["alriyadh_windows1256.html", "alriyadh_windows1256_undeclared.html"])
def test_windows_1256_page_declared_or_not(name):
    parsed = _parse(name)
    (article,) = parsed.articles
    assert parsed.encoding == "windows-1256" and parsed.warnings == []
    assert article.title == "أمير منطقة الرياض يدشن مشروع النقل العام"
    assert article.paragraphs == RIYADH_BODY
    assert not [word for word in BOILERPLATE if word in article.body]
    assert article.published_at == datetime(2015, 7, 21, tzinfo=timezone.utc)
    assert article.author == "عبدالله الشمري"
    assert article.publisher == "جريدة الرياض"
    assert article.tags == ["قطار الرياض", "النقل العام", "أمير الرياض"]


def test_lang_attribute_is_respected_and_its_absence_left_to_detection():
    assert _parse("alriyadh_windows1256.html").articles[0].language == "ar"  # lang="ar-SA"
    # dir="rtl" alone names no language: the transform detects it from the text.
    assert _parse("alriyadh_windows1256_undeclared.html").articles[0].language is None


def test_a_wrong_declared_charset_falls_back_to_detection_with_a_warning():
    parsed = _parse("alriyadh_windows1256.html", hints={"charset": "utf-8"})
    assert parsed.encoding == "windows-1256"
    assert "does not decode" in parsed.warnings[0]
    assert parsed.articles[0].paragraphs == RIYADH_BODY


def test_warc_hints_give_the_url_and_a_fallback_date():
    page = (FIXTURES / "alriyadh_windows1256.html").read_bytes().replace(b'<meta name="date" content="2015-07-21">', b"")
    doc = RawDocument("x", "crawl.warc#4", page, fmt="warc", hints={"url": "http://www.alriyadh.com/1", "date": "2023-10-03T12:00:00Z"})
    (article,) = html.parse_html(doc, CTX, "warc").articles
    assert article.url == "http://www.alriyadh.com/1" and article.field_sources["url"] == "WARC-Target-URI"
    assert article.published_at == datetime(2023, 10, 3, 12, tzinfo=timezone.utc)
    assert article.published_at_source == "date_extracted" and article.field_sources["published_at"] == "WARC-Date"
    assert article.source_format == "warc"


def test_trafilatura_evaluation_pages():
    """Two pages of trafilatura's own test resources (Apache-2.0, see tests/fixtures/formats/README.md)."""
    (moby,) = _parse("trafilatura_http_sample.html").articles
    assert moby.title == "Herman Melville - Moby-Dick"
    assert moby.author == "Herman Melville"
    assert "Perth, the begrimed, blistered old blacksmith" in moby.body
    (status,) = _parse("trafilatura_apache.html").articles
    assert status.title.startswith("Apache Server Status")
    assert "Server Version: Apache/2.4.7" in status.body


def test_a_page_without_text_is_refused():
    with pytest.raises(DocumentError):
        html.parse(RawDocument("x", "empty.html", b"<html><head><title>t</title></head><body></body></html>", fmt="html"), CTX)
    with pytest.raises(DocumentError, match="empty document"):
        html.parse(RawDocument("x", "zero.html", b"", fmt="html"), CTX)
