"""The resolved entities of the whole SaudiNewsNet corpus, as an analyst reads them first.

One full-corpus run per session wherever ../shared is present (CI has it): ~5 minutes of 2 cores,
scheduled first so that it overlaps the rest of the suite. ``AKHBAR_CORPUS_WAREHOUSE=path/to/akhbar.duckdb``
uses a warehouse built before from the same corpus by the same code instead;
``AKHBAR_FULL_CORPUS_CHECK=0`` skips the check.

The 30 most frequent named entities per type were reviewed by hand and are kept in
``tests/golden/corpus_top_entities.jsonl`` (regenerate with ``AKHBAR_UPDATE_GOLDEN=1`` and review
the diff). Whatever the model, none of them may be a fragment, a formula or a clitic-glued copy,
and the known variants of one referent must be one entity.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from akhbar.entities.linking import is_given_name
from akhbar.text import wordlists
from akhbar.text.morphology import CLITIC_LETTERS
from akhbar.text.normalize import match_key
from tests.conftest import needs_corpus
from tests.integration.conftest import query, run_flow

pytestmark = [pytest.mark.corpus, pytest.mark.slow, pytest.mark.full_corpus]

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "corpus_top_entities.jsonl"
TOP = 30

TOP_SQL = """
SELECT entity_type, name, name_norm, article_count FROM entities WHERE is_name
QUALIFY row_number() OVER (PARTITION BY entity_type ORDER BY article_count DESC, mention_count DESC, name) <= ?
ORDER BY entity_type, article_count DESC, mention_count DESC, name
"""

# Variants of one referent (issue 13): each group must be one entity.
VARIANTS = [
    ("PERS", ["سلمان بن عبدالعزيز آل سعود", "سلمان بن عبدالعزيز"]),
    ("PERS", ["محمد بن سلمان بن عبدالعزيز", "محمد بن سلمان"]),
    ("PERS", ["علي عبدالله صالح", "علي عبد الله صالح", "عبدالله صالح", "عبد الله صالح"]),
    ("PERS", ["عبدالعزيز بن عبدالرحمن آل سعود", "الملك عبدالعزيز"]),
    ("PERS", ["عبد ربه منصور هادي", "هادي"]),
    ("LOC", ["السعودية", "المملكة العربية السعودية"]),
    ("LOC", ["جدة", "بجدة"]),
    ("LOC", ["الولايات المتحدة", "أمريكا", "بأمريكا"]),
    ("ORG", ["الحوثيين", "الحوثيون"]),
    ("PERS", ["عبد ربه منصور هادي", "منصور هادي"]),
    ("PERS", ["محمد بن نايف بن عبدالعزيز آل سعود", "محمد بن نايف بن عبدالعزيز", "محمد بن نايف"]),
    ("MISC", ["المسجد الأقصى", "المسجد الأقصى المبارك"]),
]


@pytest.fixture(scope="module")
def corpus_warehouse(tmp_path_factory) -> Path:
    given = os.environ.get("AKHBAR_CORPUS_WAREHOUSE")
    if given:
        return Path(given)
    if os.environ.get("AKHBAR_FULL_CORPUS_CHECK") == "0":
        pytest.skip("AKHBAR_FULL_CORPUS_CHECK=0: the full-corpus entity check was turned off")
    corpus = needs_corpus("saudinewsnet")
    warehouse = tmp_path_factory.mktemp("corpus") / "akhbar.duckdb"
    run_flow([corpus], warehouse)
    return warehouse


def test_top_entities_match_the_reviewed_golden_file(corpus_warehouse):
    rows = [
        {"entity_type": t, "name": name, "article_count": n}
        for t, name, _, n in query(corpus_warehouse, TOP_SQL, [TOP])
    ]
    if os.environ.get("AKHBAR_UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    if not GOLDEN.exists():
        pytest.skip(f"{GOLDEN.name} not written yet: build it with AKHBAR_UPDATE_GOLDEN=1 and review it by hand")
    golden = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [(r["entity_type"], r["name"]) for r in rows] == [(g["entity_type"], g["name"]) for g in golden]


def test_no_fragment_formula_or_clitic_residue_among_the_top(corpus_warehouse):
    top = query(corpus_warehouse, TOP_SQL, [TOP])
    non_entities = wordlists.keys("non_entities")
    norms = {(t, norm) for t, _, norm, _ in top}
    for etype, name, norm, _ in top:
        assert norm not in non_entities, name
        assert "\u0627\u0644\u0644\u0647" not in norm.split() or etype == "ORG" or norm.startswith("\u0639\u0628\u062f"), name
        # A clitic-glued copy: the same name without its first letter is an entity too.
        assert not (norm[0] in CLITIC_LETTERS and (etype, norm[1:]) in norms), name
        if etype == "PERS":
            assert not is_given_name(norm), name


@pytest.mark.parametrize("etype,names", VARIANTS)
def test_known_variant_is_one_entity(corpus_warehouse, etype, names):
    keys = [match_key(n) for n in names]
    found = query(
        corpus_warehouse,
        "SELECT DISTINCT entity_id FROM entity_aliases WHERE entity_type = ? AND list_contains(?, alias_norm)",
        [etype, keys],
    )
    assert len(found) == 1, (names, found)


def test_fragments_and_formulas_never_become_entities(corpus_warehouse):
    # Fragments and formulas never became entities at all.
    fragments = query(
        corpus_warehouse,
        "SELECT count(*) FROM entities WHERE list_contains(?, name_norm)",
        [[match_key(w) for w in ("الشريفين", "رحمه الله", "الله", "حفظه الله")]],
    )
    assert fragments == [(0,)]
    # Titles standing for a person are never organisations.
    titles = query(
        corpus_warehouse,
        "SELECT count(*) FROM entities WHERE entity_type = 'ORG' AND list_contains(?, name_norm)",
        [[match_key(w) for w in ("خادم الحرمين الشريفين", "ولي العهد", "ولي ولي العهد")]],
    )
    assert titles == [(0,)]
