"""Every Arabic text rule, with real examples from news pages."""

import pytest

from akhbar.text import normalize as n


def test_nfkc_turns_presentation_forms_into_letters():
    # U+FEFB is the lam-alef ligature presentation form.
    assert n.nfkc("\ufefb") == "\u0644\u0627"


def test_remove_controls_drops_bidi_and_zero_width():
    title = "\u202eقره\u200b باغ\u200f"
    assert n.remove_controls(title) == "قره باغ"


def test_remove_tatweel():
    assert n.remove_tatweel("كـبـيـر") == "كبير"


def test_remove_diacritics_keeps_letters():
    assert n.remove_diacritics("أضرّ") == "أضر"
    assert n.remove_diacritics("رُتَبًا") == "رتبا"


def test_fold_persian_letters_from_the_seed_tag_line():
    assert n.fold_persian_letters("فی قره باغ") == "في قره باغ"
    assert n.fold_persian_letters("کورونا") == "كورونا"


def test_fold_digits():
    assert n.fold_digits("٢٠ سبتمبر ٢٠٢٣") == "20 سبتمبر 2023"
    assert n.fold_digits("۱۴۰۲") == "1402"


def test_fold_alef_ya_ta_marbuta():
    assert n.fold_alef("إقليم أذربيجان آمن") == "اقليم اذربيجان امن"
    assert n.fold_ya("على مستوى") == "علي مستوي"
    assert n.fold_ta_marbuta("الروسية") == "الروسيه"


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("????️ ليبيا | البرغثي", "ليبيا | البرغثي"),
        ("???? القيادة العسكرية تحتاج خبرة ومؤهلات متخصصة ????️", "القيادة العسكرية تحتاج خبرة ومؤهلات متخصصة"),
        ("???? غياب الرد الرسمي على الاتهامات ❓", "غياب الرد الرسمي على الاتهامات"),
        ("هل انتهت الأزمة؟", "هل انتهت الأزمة؟"),
        ("Is it over?", "Is it over?"),
        ("مبروك 🎉🎉", "مبروك"),
    ],
)
def test_lost_emoji_removed_real_question_marks_kept(raw, clean):
    assert n.clean_display(raw) == clean


def test_clean_display_keeps_diacritics_and_spelling():
    assert n.clean_display("ترقية قادة  أضرّ\u200f بوزارة") == "ترقية قادة أضرّ بوزارة"


def test_match_key_equates_spellings():
    assert n.match_key("إقليم قره باغ") == n.match_key("اقليم قره باغ")
    assert n.match_key("فی قره باغ") == n.match_key("في قره باغ")
    assert n.match_key("الروسيّة") == n.match_key("الروسيه")
    assert n.match_key("مـوسـكـو") == "موسكو"


@pytest.mark.parametrize("text", ["فی قره باغ", "أضرّ", "????️ ليبيا", "\u202eABC", "٢٠٢٣ ـــ"])
def test_normalizers_are_idempotent(text):
    assert n.match_key(n.match_key(text)) == n.match_key(text)
    assert n.clean_display(n.clean_display(text)) == n.clean_display(text)


def test_character_sets_are_escaped_not_invisible():
    source = open(n.__file__, encoding="utf-8").read()
    invisible = set(n.INVISIBLE_CONTROLS) | {n.VARIATION_SELECTOR_16}
    assert not invisible & set(source)


@pytest.mark.parametrize(
    "text", ["فی قره باغ", "أضرّ بوزارة الداخليـة", "????️ ليبيا ۱۴۰۲ ٢٠٢٣", "\u202eإلى مستوى\u200b", "ﻻ ک ۀ ی"]
)
def test_compositions_equal_the_single_rules_in_order(text):
    step_by_step = n.remove_controls(n.nfkc(text))
    step_by_step = n.remove_lost_emoji(step_by_step)
    for rule in (n.remove_diacritics, n.remove_tatweel, n.fold_persian_letters, n.fold_digits, n.fold_alef, n.fold_ya, n.fold_ta_marbuta):
        step_by_step = rule(step_by_step)
    assert n.match_key(text) == " ".join(step_by_step.lower().split())
    display = n.collapse_spaces(n.remove_lost_emoji(n.fold_persian_letters(n.remove_controls(text))))
    assert n.clean_display(text) == display


def test_match_key_is_stable_when_a_deleted_mark_joins_question_marks():
    # Found by Hypothesis: the diacritic between two "?" goes, leaving a lost-emoji run.
    once = n.match_key("?\u064b?")
    assert n.match_key(once) == once


def test_clean_display_composes_a_folded_persian_letter_with_its_mark():
    # Hypothesis found it: Persian ya + hamza above folds to Arabic ya + hamza, which is yeh with
    # hamza once composed; without composing, a second cleaning changed the text again.
    from akhbar.text.normalize import clean_display

    once = clean_display("\u06cc\u0654")
    assert once == "\u0626"
    assert clean_display(once) == once


def test_match_key_fast_path_equals_the_full_fold():
    # Words of plain letters, harakat, tatweel and digits skip the NFKC check, the emoji pass and
    # the split: every pair of those characters, and words of them with marks out of NFKC's
    # order (shadda before fatha), must fold as the full path folds them.
    plain = sorted(n._PLAIN_CHARS)
    samples = [a + b for a in plain for b in plain] + ["مُحَمَّد", "مّـَحمد", "إلى", "ABCd٣4", "", "\u0651\u064e"]
    for word in samples:
        full = n._fold_once(word)
        assert n.match_key(word) == full, word
    # Characters outside the fast path still take the full fold.
    assert n.match_key("ﻻ") == "لا" and n.match_key("أ ب") == "ا ب"
