"""Per-word normalization used by the tagger, and the gazetteer jackknife."""

from akhbar.ner import gazetteer
from akhbar.ner.conll import Sentence
from akhbar.ner.features import _DIGITS, NUMBER_CHAR, char_sequence, stem_key, word_key
from akhbar.text.normalize import match_key


def test_word_key_fast_path_equals_match_key():
    words = ["الرِّياض", "إبراهيم", "مستشفى", "المملكة", "٢٠١٥", "Obama", "\u0643\u0640\u0628\u064a\u0631", "آل", "\ufdf2", "\u0641\u06cc", "3.5"]
    for w in words:
        assert word_key(w) == _DIGITS.sub(NUMBER_CHAR, match_key(w)), w


def test_word_key_folds_digits_and_letters():
    assert word_key("٢٠١٥") == "0000"
    assert word_key("إبراهيم") == "ابراهيم"
    assert word_key("المملكة") == "المملكه"


def test_stem_key_strips_clitics_and_article():
    assert stem_key("وبالرياض") == "رياض"
    assert stem_key("والقاهره") == "قاهره"
    assert stem_key("وزير") == "زير"  # bare one-letter clitics are always tried; the model learns
    assert stem_key("في") == "في"


def test_char_sequence_marks_and_cuts_words():
    seq = char_sequence("ا" * 40)
    assert len(seq) == 16 and seq[0] == "\u0002" and seq[-1] == "\u0003"


def test_gazetteer_jackknife_hides_own_fold():
    names = ["سمير", "كريم", "نادر", "هشام", "وليد", "طارق", "ماجد", "راشد", "فهد", "زياد"]
    sentences = [Sentence(["زار", name], ["O", "B-PERS"]) for name in names]
    per_sentence = gazetteer.jackknife(sentences, folds=10)
    assert "هشام" not in per_sentence[3] and per_sentence[4]["هشام"] == gazetteer.TYPE_BIT["PERS"]
    assert "زار" not in gazetteer.build(sentences)
