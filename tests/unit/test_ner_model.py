"""The shipped tagger: loading, tagging, character spans over raw text, evaluation on a fixture.

These tests need neither torch nor the corpora in ../shared: only numpy and the artifact in
akhbar/ner/model/.
"""

from pathlib import Path

import akhbar.ner as ner
from akhbar.ner.conll import TAGS
from akhbar.ner.evaluate import evaluate_file
from akhbar.ner.recognize import sentence_tokens

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ner"


# "Saudi Foreign Minister Adel al-Jubeir met his American counterpart John Kerry in Riyadh."
SENTENCE = "التقى وزير الخارجية السعودي عادل الجبير نظيره الأمريكي جون كيري في الرياض"


def test_load_model_is_cached():
    assert ner.load_model() is ner.load_model()


def test_tag_real_sentence():
    tokens = SENTENCE.split()
    (tags,) = ner.load_model().tag([tokens])
    assert len(tags) == len(tokens) and set(tags) <= set(TAGS)
    assert tags[tokens.index("الرياض")] == "B-LOC"
    assert tags[tokens.index("عادل")] == "B-PERS"
    assert tags[tokens.index("كيري")] == "I-PERS"


def test_tag_batch_keeps_order_and_empty_sentences():
    model = ner.load_model()
    batch = [SENTENCE.split(), [], ["الرياض"], SENTENCE.split()[:3]]
    tagged = model.tag(batch)
    assert [len(t) for t in tagged] == [len(s) for s in batch]
    assert tagged[0] == model.tag([batch[0]])[0]
    assert model.tag([]) == []


def test_tag_spans_are_the_spans_of_the_tags():
    from akhbar.ner.metrics import spans

    model = ner.load_model()
    batch = [SENTENCE.split(), [], ["الرياض"], ["قال", "إنه", "سيعود"], SENTENCE.split()[3:]]
    assert model.tag_spans(batch) == [sorted(spans(tags)) for tags in model.tag(batch)]
    assert model.tag_spans(batch)[1] == [] and model.tag_spans(batch)[3] == []


def test_recognize_offsets_cover_entity_surface():
    text = "قال المتحدث: " + SENTENCE + ".\nوزار محمد بن سلمان مدينة جدة؟ نعم"
    found = ner.recognize(text)
    assert found, "expected entities"
    surfaces = {(text[a:b], kind) for a, b, kind in found}
    assert ("الرياض", "LOC") in surfaces
    for start, end, kind in found:
        assert kind in {"PERS", "LOC", "ORG", "MISC"}
        surface = text[start:end]
        assert surface == surface.strip() and surface
        assert not any(c in surface for c in ".؟?!\n")  # never crosses a sentence end


def test_recognize_many_matches_recognize():
    texts = [SENTENCE, "", "زار الرئيس الفرنسي باريس"]
    assert ner.recognize_many(texts) == [ner.recognize(t) for t in texts]


def test_sentence_tokens_split_on_arabic_question_mark_and_newline():
    sentences = sentence_tokens("هل زرت جدة؟ نعم\nوالرياض أيضا. 3.5 مليون")
    assert [[t.text for t in s] for s in sentences] == [["هل", "زرت", "جدة"], ["نعم"], ["والرياض", "أيضا"], ["3.5", "مليون"]]


def test_evaluate_fixture():
    result = evaluate_file(FIXTURES / "gold.conll")
    assert result["tokens"] == 11 and result["sentences"] == 2
    assert set(result["per_type"]) <= {"PERS", "LOC", "ORG", "MISC"}
    assert 0.0 <= result["f1"] <= 1.0
    assert result["per_type"]["LOC"]["support"] == 1


def test_evaluate_reports_the_pipeline_next_to_the_tagger_labelled():
    result = evaluate_file(FIXTURES / "gold.conll")
    assert result["condition"].startswith("tagger alone")
    for key in ("pipeline", "pipeline_anercorp_conventions"):
        assert result[key]["condition"].startswith("pipeline")
        assert result[key]["per_type"]["LOC"]["support"] == 1  # the same gold entities
    assert "pipeline" not in evaluate_file(FIXTURES / "gold.conll", pipeline=False)


def test_sentence_tokens_with_punctuation_keep_words_and_sentence_end():
    text = "هل زرت «جدة»؟ نعم\nوالرياض، أيضا. 3.5 مليون"
    sentences = sentence_tokens(text, punctuation=True)
    assert [[t.text for t in s] for s in sentences] == [
        ["هل", "زرت", "«", "جدة", "»", "؟"], ["نعم"], ["والرياض", "،", "أيضا", "."], ["3.5", "مليون"]
    ]
    assert all(text[t.start : t.end] == t.text for s in sentences for t in s)
    # The words are exactly those of the word-only tokenization.
    words_only = [t for s in sentence_tokens(text) for t in s]
    assert [t for s in sentences for t in s if t.text[0].isalnum()] == words_only


def test_recognize_spans_start_and_end_on_words_with_and_without_punctuation():
    from akhbar.ner.recognize import recognize_many
    from akhbar.text.tokens import tokenize

    text = "قال المتحدث: «" + SENTENCE + "»، وأضاف أن (الأمم المتحدة) ستجتمع."
    starts = {t.start for t in tokenize(text)}
    ends = {t.end for t in tokenize(text)}
    for punctuation in (False, True):
        (found,) = recognize_many([text], ner.load_model(), punctuation=punctuation)
        assert found
        for start, end, _ in found:
            assert start in starts and end in ends


def test_word_cache_is_bounded_and_keeps_words_in_use(monkeypatch):
    import akhbar.ner.model as model_module

    model = ner.Tagger.load(ner.MODEL_PATH)
    expected = model.tag([SENTENCE.split()])
    monkeypatch.setattr(model_module, "WORD_CACHE_LIMIT", 4)
    model.clear_word_cache()
    first = model._word_entry("الرياض")
    model.word_features([f"كلمة{i}" for i in range(4)])  # fills the cache: a new generation starts
    assert len(model._word_cache) <= 4 and len(model._previous_words) <= 4
    assert model._word_entry("الرياض") is first  # found in the previous generation, not recomputed
    assert "الرياض" in model._word_cache
    assert model.tag([SENTENCE.split()]) == expected


def test_spans_from_tag_ids_read_tags_as_the_metrics_do():
    # The tagger turns its paths into spans straight from tag ids; they must be the spans
    # akhbar.ner.metrics.spans reads from the tag strings, stray I- tags included.
    import random

    from akhbar.ner.metrics import spans
    from akhbar.ner.model import _id_spans

    rng = random.Random(0)
    for _ in range(20000):
        path = [rng.randrange(len(TAGS)) if rng.random() < 0.6 else 0 for _ in range(rng.randint(0, 10))]
        assert _id_spans(path) == sorted(spans([TAGS[j] for j in path])), path


def test_word_entries_pack_ids_flags_and_characters():
    # The cached entry of a word: vocabulary ids, flags as float32, one byte per character id.
    import struct

    from akhbar.ner.features import MAX_WORD_CHARS, UNK_CHAR_ID, char_sequence, stem_key, word_key

    model = ner.load_model()
    for word in ["الرياض", "وبالرياض", "xyz😀", "٢٠١٥", "ﻻ", "كلمةطويلةجداجداجدا"]:
        entry = model._word_entry(word)
        key = word_key(word)
        stem = stem_key(key)
        word_id, stem_id = struct.unpack_from("<2i", entry)
        assert (word_id, stem_id) == (model.word_ids.get(key, 0), model.word_ids.get(stem, 0))
        flags = struct.unpack_from(f"<{model._flag_count}f", entry, 8)
        assert flags[:2] == (float(word_id == 0), float(stem != key))
        chars = entry[8 + 4 * model._flag_count :]
        expected = [model.char_ids.get(c, UNK_CHAR_ID) for c in char_sequence(key)]
        assert list(chars) == expected + [0] * (MAX_WORD_CHARS - len(expected))
