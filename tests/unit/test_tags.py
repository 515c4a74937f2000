"""Segmenting the tag line by evidence from the article, its entities and earlier runs."""

from akhbar.entities import recognize_document
from akhbar.tags import Tag, segment_tags
from akhbar.text.normalize import match_key
from tests.conftest import SEED_PAGE

SEED_TAGS = [
    "كورونا", "إلهام علييف", "الكرملين", "دميتري بيسكوف", "قره باغ", "موسكو", "نيكول باشينيان",
    "قوات حفظ السلام", "وزارة الدفاع", "في قره باغ",
]


def _seed():
    lines = SEED_PAGE.read_text(encoding="utf-8").split("\n")
    tag_line = next(line for line in lines if line.startswith("كلمات دلالية:"))
    return lines[0], "\n".join(lines[2:15]), tag_line.split(":", 1)[1]


def displays(tags):
    return [t.display for t in tags]


def test_seed_tag_line_with_entities():
    title, body, tag_text = _seed()
    names = recognize_document(title, body).names()
    tags = segment_tags(tag_text, title=title, body=body, entity_names=names)
    assert displays(tags) == SEED_TAGS
    assert tags[-1] == Tag("في قره باغ", match_key("في قره باغ"))  # Persian ی folded to ي
    assert all(t.norm == match_key(t.display) for t in tags)


def test_seed_tag_line_from_text_evidence_alone():
    title, body, tag_text = _seed()
    assert displays(segment_tags(tag_text, title=title, body=body)) == SEED_TAGS


def test_clitic_on_first_word_still_attests():
    body = "تم التوصل من خلال وقوات حفظ السلام إلى اتفاق"
    assert displays(segment_tags("قوات حفظ السلام روسيا", title="", body=body)) == ["قوات حفظ السلام", "روسيا"]


def test_adjacent_single_word_tags_without_co_occurrence_stay_apart():
    body = "زار الوزير القاهرة. وفي عمّان التقى نظيره."
    assert displays(segment_tags("القاهرة عمان", title="", body=body)) == ["القاهرة", "عمان"]
    assert displays(segment_tags("اقتصاد رياضة", title="", body="")) == ["اقتصاد", "رياضة"]


def test_phrase_broken_by_punctuation_is_not_attested():
    body = "وصل إلى القاهرة، الرياض بعد ذلك"
    assert displays(segment_tags("الطاقة المتجددة القاهرة الرياض", title="", body=body)) == [
        "الطاقة", "المتجددة", "القاهرة", "الرياض"
    ]


def test_longer_attested_phrase_beats_its_parts():
    body = "أعلن مجلس التعاون الخليجي اليوم أن مجلس التعاون يجتمع"
    assert displays(segment_tags("مجلس التعاون الخليجي", title="", body=body)) == ["مجلس التعاون الخليجي"]


def test_known_tag_from_earlier_run_wins():
    line = "ريال مدريد برشلونة"
    assert displays(segment_tags(line, title="", body="")) == ["ريال", "مدريد", "برشلونة"]
    known = {match_key("ريال مدريد")}
    assert displays(segment_tags(line, title="", body="", known_tags=known)) == ["ريال مدريد", "برشلونة"]


def test_known_tag_beats_a_longer_attested_phrase():
    body = "قالت وزارة الداخلية الليبية إن"
    line = "وزارة الداخلية الليبية"
    assert displays(segment_tags(line, title="", body=body)) == ["وزارة الداخلية الليبية"]
    known = {match_key("وزارة الداخلية")}
    assert displays(segment_tags(line, title="", body=body, known_tags=known)) == ["وزارة الداخلية", "الليبية"]


def test_entity_name_from_the_article():
    line = "اقتصاد عبد الحميد الدبيبة"
    tags = segment_tags(line, title="", body="", entity_names=["عبد الحميد الدبيبة"])
    assert displays(tags) == ["اقتصاد", "عبد الحميد الدبيبة"]


def test_person_pattern_without_text_evidence():
    assert displays(segment_tags("إلهام علييف نيكول باشينيان", title="", body="")) == [
        "إلهام علييف", "نيكول باشينيان"
    ]


def test_org_head_pattern_without_text_evidence():
    assert displays(segment_tags("كورونا وزارة الصحة", title="", body="")) == ["كورونا", "وزارة الصحة"]


def test_single_stopword_never_stands_alone():
    tags = segment_tags("في قره باغ", title="", body="")
    assert "في" not in displays(tags)


def test_empty_and_function_word_lines():
    assert segment_tags("", title="", body="") == []
    assert segment_tags("  ", title="t", body="b") == []
    assert segment_tags("في", title="", body="") == []
