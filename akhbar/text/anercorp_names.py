"""Offline build of ``data/first_names_anercorp.txt``: given names learnt from ANERcorp (run once).

    python -m akhbar.text.anercorp_names path/to/train.txt
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

from akhbar.text import lexicons as lx
from akhbar.text import wordlists
from akhbar.text.morphology import ARTICLE
from akhbar.text.normalize import match_key
from akhbar.text.stopwords import STOPWORDS

ANERCORP_NAMES_FILE = wordlists.path(lx.ANERCORP_NAMES)
# Clitics read off a candidate to spot a glued copy of another name (ومحمد): و ل ب ف.
_CLITIC_LETTERS = "\u0648\u0644\u0628\u0641"
MIN_NAME_LETTERS = 3


def anercorp_first_names(lines: Iterable[str]) -> list[str]:
    """Given names from CoNLL ``token TAG`` lines: first tokens of multi-token B-PERS spans.

    Kept only where the evidence says "name": the token is tagged as a person's first token more
    often than it appears outside entities (drops ``صباح``, ``سهل``), is at least three letters,
    is Arabic script, is no function word, title or name connector, and is not a clitic-glued
    copy of another candidate (``ومحمد``).
    """
    rows = [line.rsplit(" ", 1) for line in lines if " " in line.strip()]
    as_first: Counter[str] = Counter()
    as_other: Counter[str] = Counter()
    for i, (token, tag) in enumerate(rows):
        if tag == "B-PERS" and i + 1 < len(rows) and rows[i + 1][1] == "I-PERS":
            as_first[token] += 1
        elif tag == "O":
            as_other[token] += 1
    stop = STOPWORDS | lx.PERSON_TITLES | lx.NAME_CONNECTORS | lx.ORG_HEADS | lx.LOCATIONS | lx.AMBIGUOUS_NAMES
    keys = {match_key(t) for t in as_first}
    names = set()
    for token, count in as_first.items():
        key = match_key(token)
        if count <= as_other[token] or len(key) < MIN_NAME_LETTERS or key in stop:
            continue
        if not all("\u0621" <= ch <= "\u064a" for ch in key):
            continue
        if key.startswith(ARTICLE) or (key[0] in _CLITIC_LETTERS and key[1:] in keys | lx.HAND_NAMES):
            continue
        names.add(token)
    return sorted(names)


def build_anercorp_first_names(train_path: Path, out_path: Path = ANERCORP_NAMES_FILE) -> int:
    """Write ``anercorp_first_names`` of an ANERcorp training split to ``out_path``; return the count."""
    names = anercorp_first_names(train_path.read_text(encoding="utf-8").splitlines())
    header = (
        "# Given names derived from ANERcorp (CAMeL Lab train split, train.txt) by\n"
        "# akhbar.text.lexicons.build_anercorp_first_names: first tokens of multi-token B-PERS spans,\n"
        "# kept when tagged B-PERS more often than O, Arabic script, >= 3 letters, not a function word,\n"
        "# title, connector, organisation head, place or ambiguous common word, not ال-initial, and not a\n"
        "# clitic-glued copy of another name (ومحمد).\n"
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(header + "".join(n + "\n" for n in names), encoding="utf-8")
    return len(names)


if __name__ == "__main__":  # pragma: no cover - one-off data build
    import sys

    print(build_anercorp_first_names(Path(sys.argv[1])))
