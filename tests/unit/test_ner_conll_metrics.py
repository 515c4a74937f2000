"""CoNLL reading and strict span metrics on hand-made data (no model needed)."""

from pathlib import Path

import pytest

from akhbar.ner.conll import normalize_tag, parse_conll, read_conll, split_dev, to_iob2
from akhbar.ner.metrics import bootstrap_f1, score, spans

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ner"


def test_alias_spellings_are_normalized():
    assert normalize_tag("B-PER") == "B-PERS"
    assert normalize_tag("I-MIS") == "I-MISC"
    assert normalize_tag("B-LOC") == "B-LOC"
    assert normalize_tag("O") == "O"


def test_read_conll_sentences_and_tags():
    sentences = read_conll(FIXTURES / "gold.conll")
    assert [len(s.tokens) for s in sentences] == [5, 6]
    assert sentences[0].tags == ["O", "B-PERS", "I-PERS", "O", "B-LOC"]
    # I-ORG after O opens an entity (conlleval), so it is read as B-ORG; MIS becomes MISC.
    assert sentences[1].tags == ["O", "O", "B-ORG", "O", "B-MISC", "I-MISC"]


def test_i_after_o_or_other_type_starts_entity():
    assert to_iob2(["I-LOC", "I-LOC", "O", "I-PERS", "I-ORG"]) == ["B-LOC", "I-LOC", "O", "B-PERS", "B-ORG"]
    assert spans(["O", "I-LOC", "I-LOC", "I-ORG"]) == {(1, 3, "LOC"), (3, 4, "ORG")}


def test_parse_skips_docstart_and_trailing_sentence():
    sentences = parse_conll(["-DOCSTART- O", "", "a B-PER", "b I-PER"])
    assert sentences == [(["a", "b"], ["B-PERS", "I-PERS"])]


def test_fixture_scores_match_hand_computation():
    gold = [s.tags for s in read_conll(FIXTURES / "gold.conll")]
    predicted = [s.tags for s in read_conll(FIXTURES / "predicted.conll")]
    result = score(gold, predicted)
    assert result["precision"] == pytest.approx(2 / 6)
    assert result["recall"] == pytest.approx(2 / 4)
    assert result["f1"] == pytest.approx(0.4)
    per_type = result["per_type"]
    assert per_type["PERS"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert per_type["LOC"]["f1"] == pytest.approx(2 / 3)
    assert per_type["ORG"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert per_type["MISC"]["f1"] == 0.0


def test_perfect_prediction_and_bootstrap():
    gold = [s.tags for s in read_conll(FIXTURES / "gold.conll")]
    assert score(gold, gold)["f1"] == 1.0
    assert bootstrap_f1(gold, gold, samples=50) == (1.0, 1.0)


def test_dev_split_is_last_tenth():
    sentences = [([str(i)], ["O"]) for i in range(20)]
    train, dev = split_dev(sentences)
    assert len(train) == 18 and dev[0][0] == ["18"]
