"""Build ``akhbar/text/data/first_names_anercorp.txt`` from the ANERcorp training part only.

The list used to be built from all of ``train.txt``, so the names of the dev sentences (the last
10%) were in it and any dev score of the pattern rules that read it was inflated. It is now built
from the training part of :func:`akhbar.ner.conll.split_dev` only, by the same selection rule
(:func:`akhbar.text.lexicons.anercorp_first_names`). The tagger does not read the list (its
cross-validation, :mod:`akhbar.ner.crossval`, uses no list derived from ANERcorp).

Usage: ``python -m akhbar.ner.first_names [TRAIN.txt]`` (default ``../shared/corpora/anercorp/train.txt``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from akhbar.ner.conll import Sentence, read_conll, split_dev

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ANERCORP = REPO_ROOT / "../shared/corpora/anercorp/train.txt"

HEADER = (
    "# Given names derived from ANERcorp (CAMeL Lab train split, train.txt; research use) by\n"
    "# akhbar.ner.first_names from its first 90% of sentences only (the dev split, the last 10%, is left out):\n"
    "# first tokens of multi-token B-PERS spans, kept when tagged B-PERS more often than O, Arabic script,\n"
    "# >= 3 letters, not a function word, title, connector, organisation head, place or ambiguous common\n"
    "# word, not ال-initial, and not a clitic-glued copy of another name (ومحمد).\n"
)


def conll_lines(sentences: list[Sentence]) -> list[str]:
    """``token TAG`` lines of the sentences, a blank line after each."""
    lines: list[str] = []
    for s in sentences:
        lines += [f"{token} {tag}" for token, tag in zip(s.tokens, s.tags)]
        lines.append("")
    return lines


def first_names(sentences: list[Sentence]) -> list[str]:
    """The given names the selection rule takes from these sentences."""
    from akhbar.text.lexicons import anercorp_first_names

    return anercorp_first_names(conll_lines(sentences))


def build(anercorp: Path, out: Path) -> int:
    """Write the names of the training part of ``anercorp`` to ``out``; return their count."""
    names = first_names(split_dev(read_conll(anercorp))[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(HEADER + "".join(n + "\n" for n in names), encoding="utf-8")
    return len(names)


def main(argv=None) -> int:
    from akhbar.text.lexicons import ANERCORP_NAMES_FILE

    args = sys.argv[1:] if argv is None else argv
    anercorp = Path(args[0]) if args else DEFAULT_ANERCORP
    if not anercorp.exists():
        print(f"akhbar.ner.first_names: no such file: {anercorp}", file=sys.stderr)
        return 2
    print(build(anercorp, ANERCORP_NAMES_FILE))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
