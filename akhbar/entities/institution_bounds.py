"""Where an institution's name ends, and which heads need more than a definite noun after them.

The institution layer (``institutions.py``) takes a head and its idafa chain greedily. Three
boundaries it crosses are not part of any name, and one head word is too common alone:

* a title or honorific (``حزب الله [السيد] حسن نصر الله``, ``لجنة الشؤون الخارجية [والدكتور]``): a
  person follows, not the institution (a king's title naming one, ``مستشفى الملك فهد``, stays);
* an indefinite noun anywhere but right after the head: ``قوات حفظ السلام`` (the head's own
  complement) is a name, ``مجلس الأمن الدولي الليلة [مناقشته المفتوحة]`` and ``وزارة السياحة
  الإسرائيلية [خسارة المرافق]`` are the sentence going on;
* a word after a nationality adjective, which closes the name (``وزارة الخارجية اليابانية``);
* ``حركة`` (movement) and ``تنظيم`` (organising) are verbal nouns first: ``حركة القمر``,
  ``تنظيم المعرض``. They head a name only with a nationality or a group in the chain, or a
  name-like indefinite word (``حركة المقاومة الفلسطينية``, ``تنظيم القاعدة``, ``حركة طالبان``).
"""

from __future__ import annotations

from akhbar.entities.institutions import NAMING_TITLES
from akhbar.entities.scan import _Scan
from akhbar.text import lexicons as lx
from akhbar.text import wordlists
from akhbar.text.morphology import ARTICLE, CLITIC_LETTERS

# Heads that are common verbal nouns before they are institutions.
VERBAL_NOUN_HEADS = wordlists.keys("institution_verbal_heads")
_GROUP_WORDS = frozenset(w for g in wordlists.keys("groups") for w in g.split())


def _is_title(key: str) -> bool:
    """A title that ends an institution's name: with a clitic (والدكتور), or one that does not
    name institutions after a person (``مستشفى الملك فهد`` goes on, ``حزب الله السيد`` does not)."""
    if key[:1] in CLITIC_LETTERS and key[1:] in lx.PERSON_TITLES:
        return True
    return key in lx.PERSON_TITLES and key not in NAMING_TITLES


def _national(key: str) -> bool:
    return lx.nationality_location(key) is not None


def trim_institution(s: _Scan, i: int, offset: int, j: int) -> int:
    """The last word of the institution that starts at word ``i`` (found up to word ``j``), or
    ``i`` when nothing after the head is left (no institution)."""
    head = s.words[i].key[offset:] if offset else s.words[i].key
    end = i
    for k in range(i + 1, j + 1):
        key = s.words[k].key
        if _is_title(key):
            break
        named_after = s.words[k - 1].key in NAMING_TITLES  # مستشفى الملك [فهد]
        if (k > i + 1 and not named_after and not key.startswith(ARTICLE)
                and not (key[:1] in CLITIC_LETTERS and key[1:].startswith(ARTICLE))):
            break  # an indefinite noun past the head's own complement
        if k > i + 1 and _national(s.words[k - 1].key) and not _national(key):
            break
        end = k
    if end > i and head in VERBAL_NOUN_HEADS and not _named_chain(s, i, end):
        return i
    return end


def _named_chain(s: _Scan, i: int, end: int) -> bool:
    """Does the chain after a verbal-noun head name something (a nationality, a group, a name)?"""
    words = [s.words[k].key for k in range(i + 1, end + 1)]
    return any(_national(w) or w in _GROUP_WORDS or w in lx.LOCATIONS for w in words) or not words[0].startswith(ARTICLE)
