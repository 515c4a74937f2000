"""Lexicons: match-key membership, the nationality rule and the ANERcorp-derived names."""

from pathlib import Path

import pytest

from akhbar.text import anercorp_names
from akhbar.text import lexicons as lx
from akhbar.text.normalize import match_key
from tests.conftest import needs_corpus


@pytest.mark.parametrize("name", ["محمد", "أحمد", "عماد", "إلهام", "دميتري", "فلاديمير", "سيرغي", "نيكول",
                                  "إيمانويل", "جو", "دونالد", "أنطونيو", "عبدالله"])
def test_given_names(name):
    assert match_key(name) in lx.FIRST_NAMES


def test_membership_is_on_match_keys():
    # Written without hamza / with alef maksura, the same entries are found.
    assert match_key("احمد") in lx.FIRST_NAMES
    assert match_key("اذربيجان") in lx.LOCATIONS
    assert match_key("وزاره") in lx.ORG_HEADS


def test_ambiguous_common_words_are_not_given_names():
    for word in ("نجاح", "أمل", "كامل", "حياة"):
        assert match_key(word) not in lx.FIRST_NAMES


def test_compound_heads_and_connectors():
    assert match_key("عبد") in lx.COMPOUND_NAME_HEADS
    assert {match_key(w) for w in ("بن", "أبو", "آل")} <= lx.NAME_CONNECTORS


@pytest.mark.parametrize("place", ["موسكو", "باكو", "أذربيجان", "أرمينيا", "روسيا", "ليبيا", "قره باغ",
                                   "الولايات المتحدة", "طرابلس"])
def test_locations(place):
    assert match_key(place) in lx.LOCATIONS


def test_lexicon_sizes_are_real():
    assert len(lx.FIRST_NAMES) > 300
    assert len(lx.LOCATIONS) > 300


@pytest.mark.parametrize("head", ["وزارة", "قوات", "جيش", "شركة", "جامعة", "حزب", "مجلس", "منظمة", "هيئة",
                                  "جهاز", "وكالة", "اتحاد", "بنك", "مصرف", "صندوق", "لجنة", "حركة", "جمعية", "محكمة"])
def test_org_heads(head):
    assert match_key(head) in lx.ORG_HEADS


def test_titles_and_full_org_names():
    for title in ("الرئيس", "وزير", "الأمير", "الملك", "الشيخ", "المتحدث", "رئيس"):
        assert match_key(title) in lx.PERSON_TITLES
    assert match_key("السكرتير الصحفي") in lx.MULTIWORD_TITLES
    assert match_key("الأمم المتحدة") in lx.ORG_NAMES


@pytest.mark.parametrize(
    ("word", "place"),
    [("الروسية", "روسيا"), ("الأذربيجانية", "أذربيجان"), ("الأرمينية", "أرمينيا"), ("الليبي", "ليبيا"),
     ("العراقي", "العراق"), ("السعودية", "السعودية"), ("الفرنسي", "فرنسا")],
)
def test_nationality_adjectives(word, place):
    assert lx.is_nationality_adj(word)
    assert lx.nationality_location(match_key(word)) == match_key(place)


@pytest.mark.parametrize("word", ["الداخلية", "الأمن", "العسكرية", "روسية", "البرغثي", "الدولية"])
def test_not_nationality_adjectives(word):
    assert not lx.is_nationality_adj(word)


def test_anercorp_first_names_rules_on_handmade_conll():
    lines = [
        "قال O", "محمد B-PERS", "البرغثي I-PERS", "و O",
        "ومحمد B-PERS", "علي I-PERS",  # clitic-glued copy of محمد: dropped
        "صباح B-PERS", "الأحمد I-PERS", "صباح O", "صباح O",  # more often a common word: dropped
        "بوتين B-PERS", "في O",  # single-token span: not a first token of a multi-token name
        "كوفي B-PERS", "عنان I-PERS",
        "Kofi B-PERS", "Annan I-PERS",  # not Arabic script
    ]
    assert anercorp_names.anercorp_first_names(lines) == ["كوفي", "محمد"]


def test_committed_anercorp_file_is_loaded():
    text = anercorp_names.ANERCORP_NAMES_FILE.read_text(encoding="utf-8")
    assert text.startswith("# Given names derived from ANERcorp")
    names = [line for line in text.splitlines() if not line.startswith("#")]
    assert names == sorted(names) and len(names) > 100
    assert all(match_key(n) in lx.FIRST_NAMES or match_key(n) in lx.AMBIGUOUS_NAMES for n in names)


def test_committed_file_matches_a_rebuild(tmp_path: Path):
    # Built by akhbar.ner.first_names from the training part only (the dev split left out).
    from akhbar.ner.first_names import build

    train = needs_corpus("anercorp", "train.txt")
    out = tmp_path / "names.txt"
    build(train, out)
    assert out.read_text(encoding="utf-8") == lx.ANERCORP_NAMES_FILE.read_text(encoding="utf-8")
