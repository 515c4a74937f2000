"""The institution layer: ministries, councils, forces, courts, agencies, parties, clubs, companies.

The tagger learnt from ANERcorp, which tags ministries and councils ``O``, so it does not find
``وزارة الدفاع الروسية`` or ``قوات حفظ السلام الروسية``. This layer, beside the model, takes an
indefinite institution head (``data/institution_heads.txt``) with its idafa chain of definite
nouns, and also one indefinite noun followed by a definite one (``قوات حفظ السلام``). Definite heads
(``الحكومة العراقية``) are left out: the annotation does not count them as names and they cost
the pattern rules F1.
"""

from __future__ import annotations

from akhbar.entities.scan import _Scan
from akhbar.text import lexicons as lx
from akhbar.text import wordlists
from akhbar.text.morphology import ARTICLE, CLITIC_LETTERS, CONJUNCTION_WA, ORG
from akhbar.text.normalize import match_key

INSTITUTION_HEADS = wordlists.keys("institution_heads")
# Groups named by their members (الحوثيين) and other bare organisation names: ORG wherever seen.
GROUPS = wordlists.keys("groups")
# First words of multi-word places (الولايات of الولايات المتحدة): a place joined by و starts.
_PLACE_FIRST_WORDS = frozenset(p.split(" ", 1)[0] for p in lx.LOCATIONS if " " in p)
MAX_CHAIN = 5  # idafa words after the head
# Titles after which an institution's name continues with a person's name (مركز الملك عبدالعزيز).
NAMING_TITLES = frozenset(match_key(w) for w in ("الملك", "الأمير", "الشيخ", "الإمام"))


def _definite(s: _Scan, k: int) -> bool:
    """Word ``k`` continues an idafa chain: a definite content word on the same line."""
    if k >= len(s.toks) or not s.joined(k):
        return False
    w = s.words[k]
    return (
        w.key.startswith(ARTICLE) and len(w.key) >= 4 and not w.blocker and w.key not in lx.TIME_WORDS
        # قوات الطوارئ الخاصة [اللواء] خالد: a person's title starts the next phrase (الملك may name
        # the institution: مستشفى الملك فهد)
        and (w.key not in lx.PERSON_TITLES or w.key in NAMING_TITLES)
    )


def _coordinated(s: _Scan, k: int) -> bool:
    """Word ``k`` is a definite noun joined by و (والإعلام in وزارة الثقافة والإعلام, والدواء in
    هيئة الغذاء والدواء): the name goes on; a name without it is a fragment."""
    if k >= len(s.toks) or not s.joined(k):
        return False
    key = s.words[k].key
    bare = key[1:]
    return (
        key.startswith(CONJUNCTION_WA + ARTICLE) and len(key) >= 6 and bare not in lx.TIME_WORDS
        and bare not in lx.LOCATIONS and bare not in _PLACE_FIRST_WORDS  # مجلس التعاون [والولايات] المتحدة
    )


def _given_name(s: _Scan, k: int) -> bool:
    """Word ``k`` is a given name, even one that starts like a clitic (فهد، فيصل، بندر)."""
    return k < len(s.toks) and s.joined(k) and s.words[k].key in lx.FIRST_NAMES


def _plain_noun(s: _Scan, k: int) -> bool:
    """Word ``k`` may stand inside a chain undefined (حفظ in قوات حفظ السلام)."""
    if k >= len(s.toks) or not s.joined(k):
        return False
    w = s.words[k]
    return not w.blocker and not w.key.startswith(ARTICLE) and w.key[0] not in CLITIC_LETTERS and w.key not in INSTITUTION_HEADS


def institution_spans(s: _Scan) -> list[tuple[int, int, int, str]]:
    """``(first word, clitic letters cut off it, last word, ORG)`` of every institution name."""
    out = []
    for i, w in enumerate(s.words):
        if w.blocker or w.key.startswith(ARTICLE) or INSTITUTION_HEADS.isdisjoint(w.cores):
            continue
        offset = next(n for n, core in w.readings if core in INSTITUTION_HEADS)
        j, indefinite_used, coordinated = i, False, False
        while j - i < MAX_CHAIN:
            if j > i and s.words[j].key in NAMING_TITLES and (_plain_noun(s, j + 1) or _given_name(s, j + 1)):
                # مركز الملك عبدالعزيز، مستشفى الملك خالد: the institution bears a person's name.
                j += 1
                continue
            if _definite(s, j + 1):
                # العام الماضي / اليوم: a date after the name, not part of it.
                if j + 2 < len(s.toks) and s.joined(j + 2) and s.words[j + 2].key in lx.TIME_WORDS:
                    break
                j += 1
            elif not indefinite_used and _plain_noun(s, j + 1) and _definite(s, j + 2):
                j, indefinite_used = j + 2, True
            elif not coordinated and j > i and _coordinated(s, j + 1):
                j, coordinated = j + 1, True
            else:
                break
        if j > i:
            out.append((i, offset, j, ORG))
    return out
