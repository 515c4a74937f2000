"""Score the pipeline's entity stage (tagger + document rules) against a CoNLL file.

The pipeline never sees CoNLL tokens: it tags raw article text (``akhbar.ner.recognize_many``
tokenizes it) and passes the tagger's character spans to
:func:`akhbar.entities.recognize_document`, whose rules add, extend, retype and propagate names
over the whole article. To score that output, consecutive CoNLL sentences are joined into
pseudo-articles (``--group`` sentences each, tokens joined by single spaces, empty title and no
publisher tags), run through the same calls as ``akhbar.transform``, and the resulting character
spans are mapped back to token IOB2 tags (a token belongs to a span when they overlap; the first
token opens the entity). Scores are strict span P/R/F1 (conlleval semantics) per sentence.

Reported conditions:

* ``tagger_conll``: the tagger on the CoNLL tokens (what ``akhbar ner-eval`` measures);
* ``tagger_words_only``: the tagger through ``recognize_many(..., punctuation=False)`` on the
  joined text: words only, no punctuation tokens (how the pipeline fed the tagger before);
* ``tagger_pipeline``: the tagger through ``recognize_many`` as the pipeline calls it (punctuation
  tokens fed to the tagger, pipeline sentence splitting);
* ``rules_only``: ``recognize_document`` without tagger spans (the pattern rules alone);
* ``tagger_rules``: ``recognize_document`` with the tagger spans *and* the pattern rules (the
  pipeline before this evaluation showed that the rules cost F1);
* ``pipeline``: ``recognize_document`` as the pipeline calls it: the tagger's names with the
  document-level evidence (every repetition labelled, one type per name, short forms linked);
* ``pipeline_anercorp_conventions``: the same mentions, without those the institution layer and
  the titles standing for a person found (``method`` ``institution`` or ``title``). ANERcorp
  annotates ministries, councils and titles ``O``, while akhbar stores them on purpose (issue 13
  §1), so ``pipeline`` counts every one as a false positive. Both figures are reported, always
  together: ``pipeline`` is what the warehouse stores, this one is the recognition scored by the
  annotation's own conventions;
* ``without_<rule>``: tagger + rules with one rule of ``akhbar.entities._RULES`` switched off
  (attribution of what each rule costs or buys).

Usage: ``python -m akhbar.ner.pipeline_eval DEV.conll [--model PATH] [--group 10]``.
"""

from __future__ import annotations

import argparse
import json
from contextlib import contextmanager

from akhbar.ner.conll import Sentence, read_conll
from akhbar.ner.metrics import bootstrap_f1, score


class PseudoDocument:
    """Sentences joined into one body text, with the character offsets of every token."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        parts, offsets, pos = [], [], 0
        for s in sentences:
            row = []
            for token in s.tokens:
                if parts:
                    pos += 1  # the joining space
                row.append((pos, pos + len(token)))
                parts.append(token)
                pos += len(token)
            offsets.append(row)
        self.body = " ".join(parts)
        self.offsets = offsets

    def tags(self, char_spans) -> list[list[str]]:
        """Token IOB2 tags of each sentence from ``(start, end, type)`` character spans."""
        out = [["O"] * len(s.tokens) for s in self.sentences]
        flat = [(k, i, a, b) for k, row in enumerate(self.offsets) for i, (a, b) in enumerate(row)]
        starts = [a for _, _, a, _ in flat]
        import bisect

        for start, end, kind in sorted(char_spans):
            j = max(bisect.bisect_right(starts, start) - 1, 0)
            first = True
            while j < len(flat) and flat[j][2] < end:
                k, i, a, b = flat[j]
                if b > start and out[k][i] == "O":
                    out[k][i] = ("B-" if first else "I-") + kind
                    first = False
                j += 1
        return out


def documents(sentences: list[Sentence], group: int) -> list[PseudoDocument]:
    return [PseudoDocument(sentences[i : i + group]) for i in range(0, len(sentences), group)]


@contextmanager
def _rules_without(names: set[str]):
    """Temporarily switch off rules of ``akhbar.entities`` (by function name) for attribution."""
    from akhbar import entities

    saved = entities._RULES
    entities._RULES = tuple(r for r in saved if r.__name__ not in names)
    try:
        yield
    finally:
        entities._RULES = saved


# Mentions of these methods are what akhbar finds beyond ANERcorp's annotation conventions
# (institutions and titles, which the annotation tags O): see ``pipeline_anercorp_conventions``.
BEYOND_ANERCORP_METHODS = frozenset({"institution", "title"})


def _document_mentions(docs, tagger_spans, rules: bool | None = None):
    """Body mentions of each pseudo-article as ``(start, end, type, method)``."""
    from akhbar.entities import recognize_document

    out = []
    for doc, spans in zip(docs, tagger_spans):
        model_spans = None if spans is None else ([], spans)
        found = recognize_document("", doc.body, (), model_spans, rules=rules)
        out.append([(m.start, m.end, m.entity_type, m.method) for m in found.mentions if m.field == "body"])
    return out


def _document_spans(docs, tagger_spans, rules: bool | None = None):
    return [[(a, b, kind) for a, b, kind, _ in row] for row in _document_mentions(docs, tagger_spans, rules)]


def _scores(docs, spans_per_doc) -> dict:
    gold, predicted = [], []
    for doc, spans in zip(docs, spans_per_doc):
        gold += [s.tags for s in doc.sentences]
        predicted += doc.tags(spans)
    result = score(gold, predicted)
    result["ci95"] = bootstrap_f1(gold, predicted)
    return result


def pipeline_score(sentences: list[Sentence], tagger, group: int = 10) -> dict:
    """Scores of the ``pipeline`` condition alone (tagger + document evidence, no rules) on
    ``sentences``."""
    return pipeline_scores(sentences, tagger, group)["pipeline"]


def pipeline_scores(sentences: list[Sentence], tagger, group: int = 10) -> dict:
    """``pipeline`` (what the warehouse stores) and ``pipeline_anercorp_conventions`` (the same
    without the institution layer's and the titles' mentions) on ``sentences``; cross-validation
    and ``akhbar ner-eval`` score the pipeline this way."""
    from akhbar.ner import recognize_many

    docs = documents(sentences, group)
    tagger_spans = recognize_many([t for d in docs for t in ("", d.body)], tagger)[1::2]
    mentions = _document_mentions(docs, tagger_spans)
    return {
        "pipeline": _scores(docs, [[(a, b, k) for a, b, k, _ in row] for row in mentions]),
        "pipeline_anercorp_conventions": _scores(
            docs, [[(a, b, k) for a, b, k, m in row if m not in BEYOND_ANERCORP_METHODS] for row in mentions]
        ),
    }


def evaluate(path: str, model=None, group: int = 10, ablations: bool = True) -> dict:
    """Scores of every condition listed in the module docstring."""
    from akhbar import entities
    from akhbar.ner import load_model, recognize_many
    from akhbar.ner.recognize import recognize_many as _recognize_many

    tagger = model or load_model()
    sentences = read_conll(path)
    docs = documents(sentences, group)
    result = {"sentences": len(sentences), "documents": len(docs), "group": group}
    result["tagger_conll"] = score([s.tags for s in sentences], tagger.tag([s.tokens for s in sentences]))
    # As akhbar.transform._tagger_spans: one recognize_many call over every title and body.
    texts = [t for d in docs for t in ("", d.body)]
    words_only = _recognize_many(texts, tagger, punctuation=False)[1::2]
    result["tagger_words_only"] = _scores(docs, words_only)
    found = recognize_many(texts, tagger)
    tagger_spans = found[1::2]
    result["tagger_pipeline"] = _scores(docs, tagger_spans)
    result["rules_only"] = _scores(docs, _document_spans(docs, [None] * len(docs)))
    result["tagger_rules"] = _scores(docs, _document_spans(docs, tagger_spans, rules=True))
    mentions = _document_mentions(docs, tagger_spans)
    result["pipeline"] = _scores(docs, [[(a, b, k) for a, b, k, _ in row] for row in mentions])
    result["pipeline_anercorp_conventions"] = _scores(
        docs, [[(a, b, k) for a, b, k, m in row if m not in BEYOND_ANERCORP_METHODS] for row in mentions]
    )
    if ablations:
        names = [r.__name__ for r in entities._RULES]
        for name in names:
            with _rules_without({name}):
                result[f"without_{name.lstrip('_')}"] = _scores(docs, _document_spans(docs, tagger_spans, rules=True))
    return result


def _summary(result: dict) -> str:
    lines = []
    for key, value in result.items():
        if not isinstance(value, dict):
            continue
        types = " ".join(f"{t} {v['f1']:.3f}" for t, v in sorted(value["per_type"].items()))
        ci = f" CI [{value['ci95'][0]:.3f}, {value['ci95'][1]:.3f}]" if "ci95" in value else ""
        lines.append(
            f"{key:28s} P {value['precision']:.3f} R {value['recall']:.3f} F1 {value['f1']:.3f}{ci} | {types}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    """CLI: print a summary table, then every score as one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m akhbar.ner.pipeline_eval", description=__doc__.splitlines()[0])
    parser.add_argument("file", help="CoNLL file (e.g. the dev split)")
    parser.add_argument("--model", default=None, help="tagger .npz (default: the shipped model)")
    parser.add_argument("--group", type=int, default=10, help="sentences per pseudo-article")
    parser.add_argument("--no-ablations", action="store_true", help="skip the per-rule ablations")
    parser.add_argument("--json", default=None, help="also write the full result to this file")
    args = parser.parse_args(argv)
    from akhbar.ner import load_model

    result = evaluate(args.file, load_model(args.model), args.group, not args.no_ablations)
    print(_summary(result))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
