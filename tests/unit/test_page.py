"""Parsing raw pages: every line of the seed page is a requirement."""

from datetime import datetime, timezone

import pytest

from akhbar.errors import DocumentError
from akhbar.parse.decode import decode
from akhbar.parse.page import detect_language, parse_page


@pytest.fixture
def seed(seed_bytes):
    return parse_page(decode(seed_bytes).text)


def test_seed_has_main_and_related_article(seed):
    assert [a.position for a in seed.articles] == [0, 1]
    assert seed.warnings == []


def test_seed_main_article(seed):
    main = seed.articles[0]
    assert main.title == "بيسكوف: لا أساس للحديث عن تطهير عرقي في قره باغ"
    assert main.published_at == datetime(2023, 9, 20, tzinfo=timezone.utc)
    assert main.sources == ["RT", "RT Arabic"]
    assert main.tag_text.startswith("كورونا إلهام علييف")
    assert main.tag_text.endswith("في قره باغ")  # Persian ی folded
    assert main.dateline is None
    assert len(main.paragraphs) == 13
    assert main.paragraphs[0].startswith("أكد السكرتير الصحافي للرئيس الروسي")
    assert not any(p.startswith(("المصدر", "كلمات دلالية", "إقرأ")) for p in main.paragraphs)


def test_seed_related_article(seed):
    related = seed.articles[1]
    assert related.title == "البرغثي: ترقية قادة ميليشيات دون خبرة أضرّ بوزارة الداخلية"
    assert related.published_at is None  # never the parent's date
    assert related.dateline == "ليبيا"
    assert related.sources == [] and related.tag_text is None
    assert related.paragraphs[0] == "ليبيا | البرغثي: تصعيد قادة غير مؤهلين بالوزارات السيادية سبب الفوضى والتظلمات"
    assert related.paragraphs[1].startswith("ألقى وزير الدفاع الليبي السابق محمد البرغثي")
    assert "القيادة العسكرية تحتاج خبرة ومؤهلات متخصصة" in related.paragraphs
    assert "غياب الرد الرسمي على الاتهامات" in related.paragraphs
    assert "?" not in related.body and "\ufe0f" not in related.body


@pytest.mark.parametrize("marker", ["إقرأ أيضاً:", "اقرأ أيضا:", "أقرأ أيضًا:", "اقرا ايضا"])
def test_read_also_spelling_variants(marker):
    page = parse_page(f"عنوان\nنص الخبر الأول.\n{marker}\nعنوان آخر\nنص آخر.")
    assert [a.title for a in page.articles] == ["عنوان", "عنوان آخر"]


def test_read_also_with_the_title_on_the_marker_line():
    page = parse_page("عنوان\nنص.\nأقرأ أيضًا: المغرب يفوز\nالدوحة – فاز المنتخب المغربي.")
    assert page.articles[1].title == "المغرب يفوز"
    assert page.articles[1].dateline == "الدوحة"


def test_duplicate_source_lines_are_kept_once_in_order():
    page = parse_page("عنوان\nنص.\nالمصدر: رويترز\nالمصدر: سكاي نيوز عربية\nالمصدر: رويترز")
    assert page.articles[0].sources == ["رويترز", "سكاي نيوز عربية"]


def test_missing_tag_and_date_lines():
    article = parse_page("عنوان\nنص الخبر.").articles[0]
    assert article.tag_text is None and article.published_at is None


def test_future_date_is_null_with_a_warning():
    page = parse_page("عنوان\nتاريخ النشر: 1st, January 2999 GMT\nنص.")
    assert page.articles[0].published_at is None
    assert "future" in page.warnings[0]


def test_dateline_needs_a_spaced_dash_and_a_short_place():
    assert parse_page("ع\nالقاهرة – افتتح الرئيس المعرض.").articles[0].dateline == "القاهرة"
    assert parse_page("ع\nقال الوزير إن النمو - رغم الصعوبات - مستمر.").articles[0].dateline is None


@pytest.mark.parametrize("text", ["عنوان فقط", "عنوان\nتاريخ النشر: 1st, March 2024 GMT\nالمصدر: RT", "????\n????️"])
def test_pages_without_body_are_refused(text):
    with pytest.raises(DocumentError):
        parse_page(text)


def test_related_article_without_body_is_skipped_with_warning():
    page = parse_page("عنوان\nنص.\nإقرأ أيضاً:\nعنوان وحيد")
    assert len(page.articles) == 1
    assert "no body" in page.warnings[0]


def test_detect_language():
    assert detect_language("قره باغ RT") == "ar"
    assert detect_language("Breaking news") == "en"
    assert detect_language("2023") == "und"


def test_language_codes_a_source_states():
    from akhbar.parse.page import language_code

    assert [language_code(v) for v in ("ar", "ar-SA", " AR_eg ", "ara", "arabic", "", None, "12")] == ["ar", "ar", "ar", "ara", None, None, None, None]


def test_a_repeated_headline_is_dropped_once():
    from akhbar.parse.page import drop_repeated_title

    title = "أمير الرياض يدشن مشروع قطار الرياض"
    assert drop_repeated_title([title, "دشن الأمير المشروع اليوم."], title) == ["دشن الأمير المشروع اليوم."]
    # A body that is only the headline is kept: it is all the text there is.
    assert drop_repeated_title([title], title) == [title]


def test_detect_language_counts_letters_in_runs_as_one_by_one():
    import random

    from akhbar.parse.page import ARABIC_LETTER, LATIN_LETTER, detect_language

    def by_letter(text):
        arabic, latin = len(ARABIC_LETTER.findall(text)), len(LATIN_LETTER.findall(text))
        return "und" if arabic == latin == 0 else ("ar" if arabic >= latin else "en")

    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("abZ \u0621\u064a\u0671\u06d3\u064b\u0670x1") for _ in range(rng.randint(0, 30)))
        assert detect_language(text) == by_letter(text), text
