"""Training-data variations (akhbar.ner.augment) and the pipeline scorer's span mapping."""

import numpy as np

from akhbar.ner.augment import drop_punctuation, mention_replace, mention_table
from akhbar.ner.conll import Sentence
from akhbar.ner.metrics import spans
from akhbar.ner.pipeline_eval import PseudoDocument


def test_drop_punctuation_keeps_words_and_iob2():
    s = Sentence(["قال", "«", "محمد", "»", "،", "الرياض", "."], ["O", "O", "B-PERS", "O", "O", "B-LOC", "O"])
    out = drop_punctuation(s)
    assert out.tokens == ["قال", "محمد", "الرياض"]
    assert out.tags == ["O", "B-PERS", "B-LOC"]


def test_mention_replace_swaps_whole_entities_of_the_same_type():
    train = [Sentence(["زار", "جون", "كيري", "باريس"], ["O", "B-PERS", "I-PERS", "B-LOC"])]
    table = mention_table(train + [Sentence(["عادل"], ["B-PERS"])])
    assert table["PERS"] == [("جون", "كيري"), ("عادل",)]
    rng = np.random.default_rng(0)
    for _ in range(20):
        out = mention_replace(train[0], table, 1.0, rng)
        assert out.tokens[0] == "زار" and out.tokens[-1] == "باريس"
        kinds = sorted(k for *_, k in spans(out.tags))
        assert kinds == ["LOC", "PERS"]
    assert mention_replace(train[0], table, 0.0, rng) == train[0]


def test_pseudo_document_maps_character_spans_back_to_tokens():
    doc = PseudoDocument([Sentence(["زار", "جون", "كيري", "."], ["O"] * 4), Sentence(["باريس"], ["O"])])
    assert doc.body == "زار جون كيري . باريس"
    start = doc.body.index("جون")
    loc = doc.body.index("باريس")
    tags = doc.tags([(start, start + len("جون كيري"), "PERS"), (loc, loc + 5, "LOC")])
    assert tags == [["O", "B-PERS", "I-PERS", "O"], ["B-LOC"]]
