"""Near copies, agency credit lines, story features and grouping, with real Arabic wire copy."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pytest

from akhbar.stories import copies, features
from akhbar.stories.agency import credit_key, credited_agency
from akhbar.stories.evaluate import HELD_OUT, LABELS, read_labels, score
from akhbar.stories.grouping import components, originals, story_ids
from akhbar.text.search_keys import search_key

WIRE = [
    "الرياض - واس: استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود في قصر السلام بجدة اليوم وزير الخارجية المصري سامح شكري والوفد المرافق له.",
    "ونقل الوزير لخادم الحرمين الشريفين تحيات وتقدير الرئيس المصري عبدالفتاح السيسي، فيما حمّله الملك تحياته وتقديره للرئيس المصري.",
    "وجرى خلال الاستقبال استعراض العلاقات الثنائية بين البلدين الشقيقين وآفاق التعاون بينهما في مختلف المجالات، إضافة إلى بحث مستجدات الأحداث في المنطقة.",
    "وحضر الاستقبال صاحب السمو الملكي الأمير محمد بن سلمان ولي ولي العهد النائب الثاني لرئيس مجلس الوزراء وزير الدفاع، ووزير الخارجية عادل الجبير.",
    "كما حضره سفير جمهورية مصر العربية لدى المملكة ناصر حمدي وعدد من المسؤولين في البلدين.",
]
OTHER_WIRE_SAME_DAY = [
    "الرياض - واس: توقعت الرئاسة العامة للأرصاد وحماية البيئة في تقريرها عن حالة الطقس لهذا اليوم طقسا شديد الحرارة على شرق ووسط المملكة ومعتدلا على المرتفعات.",
    "وأوضحت الرئاسة أن الرياح السطحية ستكون شمالية غربية على الأجزاء الشمالية من البحر الأحمر بسرعة تتراوح بين خمسة عشر وخمسة وثلاثين كيلومترا في الساعة.",
    "وبينت أن ارتفاع الموج سيتراوح من متر إلى متر ونصف، وحالة البحر خفيف إلى متوسط الموج، فيما تنشط الرياح المثيرة للأتربة على أجزاء من المنطقة الشرقية.",
]


def _shingles(text: str):
    return copies.shingle_hashes(copies.body_words(search_key(text)))


def _sig(paragraphs):
    return copies.signature(_shingles("\n".join(paragraphs)))


def test_a_retitled_wire_story_with_a_paragraph_cut_is_a_copy():
    original = _shingles("\n".join(WIRE)).tolist()
    trimmed = _shingles("\n".join(WIRE[:3] + WIRE[4:])).tolist()
    assert copies.jaccard(original, trimmed) >= copies.COPY_THRESHOLD
    assert copies.estimated_jaccard(_sig(WIRE), _sig(WIRE[:3] + WIRE[4:])) >= copies.COPY_THRESHOLD
    # The LSH finds the pair: at least one band key in common.
    assert set(copies.band_keys(_sig(WIRE))) & set(copies.band_keys(_sig(WIRE[:3] + WIRE[4:])))


def test_diacritics_and_hamza_spellings_do_not_hide_a_copy():
    respelled = [p.replace("الشريفين", "الشّريفين").replace("إضافة", "اضافة") for p in WIRE]
    assert copies.estimated_jaccard(_sig(WIRE), _sig(respelled)) >= 0.9


def test_two_stories_from_the_same_agency_on_the_same_day_are_not_copies():
    a, b = _shingles("\n".join(WIRE)).tolist(), _shingles("\n".join(OTHER_WIRE_SAME_DAY)).tolist()
    assert copies.jaccard(a, b) < 0.05
    assert copies.estimated_jaccard(_sig(WIRE), _sig(OTHER_WIRE_SAME_DAY)) < copies.COPY_THRESHOLD


def test_band_keys_differ_by_band_and_follow_the_signature():
    sig = _sig(WIRE)
    keys = copies.band_keys(sig)
    assert len(keys) == copies.BANDS == len(set(keys))
    changed = sig.copy()
    changed[0] ^= 1
    assert copies.band_keys(changed)[1:] == keys[1:] and copies.band_keys(changed)[0] != keys[0]


def test_a_body_too_short_has_no_signature():
    assert copies.signature(_shingles("الرياض - واس: خبر قصير")) is None


def test_signature_equals_datasketch_minhash_and_band_layout_is_its_optimum():
    datasketch = pytest.importorskip("datasketch")
    from datasketch.lsh import _optimal_param

    items = _shingles("\n".join(WIRE))
    reference = datasketch.MinHash(num_perm=copies.NUM_PERM, seed=copies.SEED, scheme="affine32", hashfunc=int)
    reference.update_batch(items.tolist())
    assert np.array_equal(reference.hashvalues, copies.minhash(items))
    assert _optimal_param(copies.COPY_THRESHOLD, copies.NUM_PERM, 0.5, 0.5) == (copies.BANDS, copies.ROWS)
    assert _optimal_param(features.CANDIDATE_THRESHOLD, copies.NUM_PERM, 0.5, 0.5) == (features.STORY_BANDS, features.STORY_ROWS)


@pytest.mark.parametrize(
    ("body", "agency"),
    [
        ("الرياض - واس: أعلنت وزارة الصحة اليوم", "واس"),
        ("واس - جدة\nاستقبل أمير المنطقة", "واس"),
        ("باريس (أ ف ب) - قال الرئيس الفرنسي", "أ ف ب"),
        ("قال الرئيس الفرنسي إن بلاده ستواصل دعمها. (أ.ف.ب)", "أ ف ب"),
        ("برلين (د ب أ) - أعلنت الحكومة الألمانية", "د ب أ"),
        ("دمشق-سانا\nأكد وزير الخارجية", "سانا"),
        ("أنقرة (الأناضول) - أعلن الجيش التركي", "الأناضول"),
        ("لندن - رويترز: ارتفعت أسعار النفط", "رويترز"),
    ],
)
def test_agency_credit_lines(body, agency):
    assert credited_agency(body) == agency


def test_an_agency_named_mid_article_is_a_mention_not_a_credit():
    body = "أعلنت وزارة المالية اليوم عن ميزانية جديدة للعام المقبل تتضمن زيادة في الإنفاق على التعليم والصحة والبنية التحتية. " * 3
    body += "ونقلت رويترز عن مسؤول في الوزارة قوله إن العجز سيتراجع. " + "وأضاف المسؤول أن الإصلاحات ستستمر خلال السنوات المقبلة. " * 2
    assert credited_agency(body) is None


def test_credit_key_reads_dotted_initials_as_words():
    assert credit_key("(أ.ف.ب)") == credit_key("أ ف ب") == "ا ف ب"


def test_story_features_keep_entities_and_the_most_frequent_phrases():
    terms = [("سد النهضه", "سد النهضة", 2, 5, 3), ("اللجنه الفنيه", "اللجنة الفنية", 2, 3, 10), ("الخرطوم", "الخرطوم", 1, 9, 1)]
    found = features.story_features({"مصر", "اثيوبيا"}, terms)
    assert found == {b"E:\xd9\x85\xd8\xb5\xd8\xb1", "E:اثيوبيا".encode(), "T:سد النهضه".encode(), "T:اللجنه الفنيه".encode()}
    assert features.story_bands(found) is None  # four features: too few to judge
    assert len(features.feature_ids(found)) == 4


def test_components_merge_chains_and_keep_singletons():
    groups = components(["a", "b", "c", "d"], [("a", "b"), ("b", "c")])
    assert sorted(sorted(g) for g in groups) == [["a", "b", "c"], ["d"]]


def _at(day):
    return datetime(2015, 7, day, tzinfo=timezone.utc)


def test_story_id_is_the_earliest_article_and_undated_ones_come_last():
    published = {"x": _at(23), "y": _at(22), "z": None}
    assert story_ids([["x", "y", "z"]], published) == {"x": "y", "y": "y", "z": "y"}
    assert story_ids([["z"]], published) == {"z": "z"}


def test_original_is_the_earliest_copy_by_time_then_id():
    published = {"a": _at(22), "b": _at(22), "c": _at(24), "d": _at(25)}
    result = originals(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "d")], published)
    assert result == {"a": None, "b": "a", "c": "b", "d": "c"}


def test_score_counts_precision_and_recall():
    labels = [
        {"a": "1", "b": "2", "same_story": True},
        {"a": "1", "b": "3", "same_story": False},
        {"a": "2", "b": "4", "same_story": True},
        {"a": "5", "b": "6", "same_story": False},
    ]
    result = score(labels, {"1": "s", "2": "s", "3": "s", "4": "t", "6": "u"})
    assert (result["true_positives"], result["false_positives"], result["false_negatives"], result["missing"]) == (1, 1, 1, 1)
    assert result["precision"] == 0.5 and result["recall"] == 0.5


def test_held_out_pairs_are_new_days_both_labels_and_no_tuning_pair():
    held_out, tuning = read_labels(HELD_OUT), read_labels(LABELS)
    assert len(held_out) >= 100
    assert {p["same_story"] for p in held_out} == {True, False}
    assert {p["a_date"][:10] for p in held_out} | {p["b_date"][:10] for p in held_out} <= {"2015-07-26", "2015-07-27"}
    seen = {frozenset((p["a"], p["b"])) for p in tuning}
    assert not seen & {frozenset((p["a"], p["b"])) for p in held_out}
    assert len({frozenset((p["a"], p["b"])) for p in held_out}) == len(held_out)
