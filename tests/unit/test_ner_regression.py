"""The shipped tagger's exact score on a fixed ANERcorp sample: any change to inference (features,
caching, batching, decoding) or to the artifact that moves a single entity fails here.

The sample is the last 200 sentences of ANERcorp's train.txt (read from ../shared, never copied
into the repository: ANERcorp is licensed for research use), i.e. part of the dev split the shipped model was never trained on (its epoch was
chosen on that split, so this is no held-out accuracy figure: see MODEL_CARD.md). A deliberate
model change updates the counts below together with MODEL_CARD.md.
"""

from collections import Counter
from functools import lru_cache

from akhbar.ner import load_model
from akhbar.ner.conll import read_conll
from akhbar.ner.metrics import count_spans
from akhbar.ner.pipeline_eval import pipeline_scores
from tests.conftest import needs_corpus

SAMPLE_SENTENCES = 200


@lru_cache(maxsize=1)
def _read_sample(path):
    return tuple(read_conll(path)[-SAMPLE_SENTENCES:])


def sample():
    """The last 200 sentences of ANERcorp's train.txt (the test skips without ../shared)."""
    return list(_read_sample(needs_corpus("anercorp", "train.txt")))

# Per type: (exactly right, predicted, gold) entities of the shipped tagger on the CoNLL tokens.
EXPECTED = {"LOC": (105, 124, 117), "PERS": (81, 103, 117), "ORG": (91, 112, 143), "MISC": (13, 13, 36)}


def _counts(sentences, predicted):
    correct, found, gold = Counter(), Counter(), Counter()
    for c, p, g in count_spans([s.tags for s in sentences], predicted):
        correct.update(c)
        found.update(p)
        gold.update(g)
    return {kind: (correct[kind], found[kind], gold[kind]) for kind in EXPECTED}


def test_sample_is_the_fixed_200_sentences():
    sentences = sample()
    assert len(sentences) == 200
    assert sum(len(s.tokens) for s in sentences) == 6130


def test_shipped_tagger_exact_entity_counts_on_sample():
    sentences = sample()
    predicted = load_model().tag([s.tokens for s in sentences])
    assert _counts(sentences, predicted) == EXPECTED
    # Strict micro F1 = 2 * 290 / (352 + 413).
    correct = sum(c for c, _, _ in EXPECTED.values())
    found = sum(p for _, p, _ in EXPECTED.values())
    gold = sum(g for _, _, g in EXPECTED.values())
    assert (correct, found, gold) == (290, 352, 413)


def test_pipeline_path_exact_score_on_sample():
    """Raw text through recognize_many and the document evidence, as akhbar.transform runs it."""
    results = pipeline_scores(sample(), load_model())
    result = results["pipeline"]
    # 0.7817 before the institution layer and the titles standing for a person (issue 13): ANERcorp
    # annotates ministries, councils and titles O, so finding them costs F1 against it (without
    # the institution layer 0.7624; without it, the titles and the named groups 0.7786). 0.7248
    # before the second round of issue 13's span rules (a name cut on بن completed, السعودية as an
    # adjective, names inside other names, an institution going on after و); 0.7295 before the
    # precision round (akhbar/entities/spans.py: علي and compound given names taken in, formulas,
    # titles and verbs cut off a name's end, places inside facility names, an institution stopping
    # at a person's title), which alone gave 0.735; together with the recognition rules of issue
    # 13 §2 (span repairs, trimmed institution chains, titles dropped before their holder, listed
    # places, religions and organisations the tagger missed: MODEL_CARD.md) 0.7353.
    assert round(result["f1"], 4) == 0.7353
    # Scored by ANERcorp's conventions (no institution or title mentions, which it tags O).
    assert round(results["pipeline_anercorp_conventions"]["f1"], 4) == 0.7634
    assert {k: v["support"] for k, v in result["per_type"].items()} == {"LOC": 117, "MISC": 36, "ORG": 143, "PERS": 117}
