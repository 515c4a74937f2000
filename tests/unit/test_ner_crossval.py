"""Cross-validation folds, the leak-free first-name list, and the NER command-line entry points."""

import inspect
import json
from pathlib import Path

import pytest

from akhbar.ner.conll import Sentence, contiguous_folds, split_dev, split_fold
from akhbar.ner.crossval import spread, summarize
from tests.conftest import needs_corpus


def _sentences(n):
    # One-token sentences: "محمد" is a name (B-PERS), numbered so blocks can be told apart.
    return [Sentence([f"محمد{i}"], ["B-PERS"]) for i in range(n)]


def test_contiguous_folds_cover_every_sentence_once_in_order():
    blocks = contiguous_folds(_sentences(23), 5)
    assert blocks[0][0] == 0 and blocks[-1][1] == 23
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:]))
    assert [b - a for a, b in blocks] == [5, 4, 5, 4, 5]


def test_split_fold_holds_out_one_contiguous_block():
    sentences = _sentences(10)
    train, held = split_fold(sentences, 5, 2)
    assert [s.tokens[0] for s in held] == ["محمد4", "محمد5"]
    assert len(train) == 8 and not set(s.tokens[0] for s in train) & {"محمد4", "محمد5"}


def test_folds_refuse_impossible_counts():
    with pytest.raises(ValueError):
        contiguous_folds(_sentences(3), 1)
    with pytest.raises(ValueError):
        contiguous_folds(_sentences(3), 4)


def test_spread_and_summary_per_type():
    assert spread([0.6, 0.8]) == pytest.approx({"mean": 0.7, "std": 0.1414213562, "min": 0.6, "max": 0.8})
    fold = lambda f1, support: {  # noqa: E731
        "precision": f1, "recall": f1, "f1": f1,
        "per_type": {"PERS": {"precision": f1, "recall": f1, "f1": f1, "support": support}},
    }
    summary = summarize([fold(0.5, 10), fold(0.7, 20)])
    assert summary["micro"]["f1"]["mean"] == pytest.approx(0.6)
    assert summary["PERS"]["support"] == 30
    # A type absent from every fold scores 0, not a crash.
    assert summary["ORG"]["f1"]["max"] == 0.0 and summary["ORG"]["support"] == 0


def test_committed_crossval_summary_is_consistent():
    path = Path(__file__).resolve().parents[2] / "akhbar" / "ner" / "model" / "crossval.json"
    result = json.loads(path.read_text(encoding="utf-8"))
    folds = result["folds"]
    assert len(folds) == result["folds_k"] >= 2
    assert folds[0]["sentences"][0] == 0 and folds[-1]["sentences"][1] == result["sentences"]
    assert result["summary"]["micro"]["f1"]["mean"] == pytest.approx(sum(f["f1"] for f in folds) / len(folds))


def test_first_name_list_leaves_the_dev_split_out():
    from akhbar.ner.conll import read_conll
    from akhbar.ner.first_names import first_names
    from akhbar.text.lexicons import ANERCORP_NAMES_FILE

    sentences = read_conll(needs_corpus("anercorp", "train.txt"))
    lines = ANERCORP_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    committed = [line for line in lines if line and not line.startswith("#")]
    assert committed == first_names(split_dev(sentences)[0])
    assert committed != first_names(sentences)  # the whole file would leak dev names


def test_first_names_of_conll_sentences():
    from akhbar.ner.first_names import first_names

    # "خالد" opens a two-token person name twice and is never outside a name: a given name.
    s = Sentence(["قال", "خالد", "الفيصل", "إن"], ["O", "B-PERS", "I-PERS", "O"])
    assert first_names([s, s]) == ["خالد"]


def test_flow_defaults_to_the_shipped_seed():
    from akhbar.ner import train as ner_train

    flows_train = pytest.importorskip("flows.train_ner")
    shipped = json.loads((Path(ner_train.DEFAULT_OUT).with_name("train_report.json")).read_text())["args"]["seed"]
    flow_seed = inspect.signature(flows_train.train_ner.fn).parameters["seed"].default
    assert flow_seed == ner_train.parse_args([]).seed == int(shipped) == 14


def test_ner_eval_missing_file_is_one_line(capsys):
    from akhbar.cli import main

    assert main(["ner-eval", "missing.conll"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "missing.conll" in err and "Traceback" not in err


def test_ner_bench_and_ner_cv_are_cli_commands():
    from akhbar import cli

    assert {"ner-bench", "ner-cv"} <= set(cli._PASSTHROUGH)
    help_text = cli._parser().format_help()
    assert "ner-bench" in help_text and "ner-cv" in help_text


def test_ner_bench_missing_source_is_one_line(capsys, monkeypatch):
    from akhbar.cli import main

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(var, "1")  # otherwise the benchmark restarts the process to set them
    assert main(["ner-bench", "--conll", "missing.conll"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "missing.conll" in err
