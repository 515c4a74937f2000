"""Corpus-level entity resolution: which names found in the articles are one real-world referent.

Each name the articles give (an *alias*: its match key and type, with its mention count) is
resolved to an entity by small rules, first on the name alone, then against every other name of
the warehouse:

* on the name alone: spacing of compound names (``عبد الله`` = ``عبدالله``), country forms
  (``المملكة العربية السعودية`` = ``السعودية``), inflected currencies (``دولارا`` = ``دولار``), a
  group's two cases (``الحوثيون`` = ``الحوثيين``), curated variants (``مجلس التعاون الخليجي`` =
  ``مجلس التعاون``), a person's name cut on ``بن``, titles standing for a person (PERS) and named
  groups (ORG) typed as they are;
* against the other names (an edge from a name to the one it is a variant of): a clitic left on
  (``بجدة`` -> ``جدة``), an article not part of the name, an organisation's descriptor
  (``حركة حماس`` -> ``حماس``), a city's or holy place's epithet (``مكة المكرمة`` -> ``مكة``), a
  person's short genealogical form (``سلمان بن عبدالعزيز`` -> ``سلمان بن عبدالعزيز آل سعود``) when
  its most frequent long form dominates and the long forms that disagree with it are rare, words
  the tagger ran past a far more frequent name, a two-word name to the one longer name it
  shortens (``منصور هادي`` -> ``عبدربه منصور هادي``), a family name alone to its one full name.

The result depends only on the set of names, never on the order they arrived in, so a warehouse
loaded in any order resolves the same way. Ambiguous short forms stay apart.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, NamedTuple

from akhbar.entities.countries import country_forms
from akhbar.entities.institutions import GROUPS
from akhbar.text import lexicons as lx
from akhbar.text import wordlists
from akhbar.text.normalize import match_key
from akhbar.text.morphology import (
    ALLAH,
    ARTICLE,
    CLITIC_LETTERS,
    CLITIC_PAIRS,
    FAMILY,
    GENEALOGY,
    IBN,
    IBN_FULL,
    LOC,
    MISC,
    NISBA_SUFFIXES,
    ORG,
    PERS,
    SPACED_NAME_HEADS,
)

PERSON_TITLE_NAMES = wordlists.keys("person_titles_as_names")
CURRENCIES = wordlists.keys("currencies")
RELIGIONS = wordlists.keys("religions")
ORG_DESCRIPTORS = wordlists.keys("org_descriptors")
CITY_EPITHETS = wordlists.keys("city_epithets")
# Curated forms of one organisation or event (name_variants.txt): form -> canonical key.
NAME_VARIANTS = {
    match_key(form): match_key(line.split("|")[0])
    for line in wordlists.entries("name_variants")
    for form in line.split("|")[1:]
}
# Curated types (name_types.txt): name -> the type it always has (البيت الأبيض -> ORG).
NAME_TYPES = {
    match_key(name): kind.strip() for name, _, kind in (line.partition("|") for line in wordlists.entries("name_types"))
}
# Endings of inflected currency names: -ا (accusative), -ات (plural), -ين (dual/plural).
_CURRENCY_ENDINGS = ("\u0627\u062a", "\u064a\u0646", "\u0627")
# Plural endings of nisba adjectives (السعوديين، الأمريكيون) besides NISBA_SUFFIXES.
_NISBA_PLURALS = ("\u064a\u064a\u0646", "\u064a\u0648\u0646")

# Subtypes that are not names: "top named things" views list them after names.
GENERIC_SUBTYPES = frozenset({"currency", "religion", "nationality", "title", "given_name", "generic"})
# Names of no particular thing (a championship without its sport, a people): subtype 'generic'.
GENERIC_NAMES = wordlists.keys("generic_names")


class Alias(NamedTuple):
    """A name as the articles give it: its own id, match key, type and mention count."""

    alias_id: str
    norm: str
    entity_type: str
    mentions: int


class Link(NamedTuple):
    """What an alias resolves to: the entity's type and key, how, and what kind of thing it is."""

    alias_id: str
    entity_type: str
    key: str
    method: str  # see entity_aliases.method
    subtype: str | None
    country_code: str | None


# --- rules on one name -------------------------------------------------------------------------


def glue_compounds(key: str) -> str:
    """One spelling for compound names written apart or glued: ``عبد الله`` -> ``عبدالله``,
    ``ابو بكر`` -> ``ابوبكر`` (the glued form is the one news sites mostly use)."""
    words = key.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in SPACED_NAME_HEADS and i + 1 < len(words) and len(words[i + 1]) >= 2:
            out.append(w + words[i + 1])
            i += 2
        else:
            out.append(w)
            i += 1
    return " ".join(out)


def without_dangling_link(key: str) -> str:
    """A person's name cut on a genealogical link (``عبدالله بن``: the father's name lost) is the
    name before it; a name never ends with ``بن``."""
    words = key.split(" ")
    while len(words) > 1 and words[-1] in GENEALOGY:
        words.pop()
    return " ".join(words)


def group_case(key: str) -> str:
    """One case of a group named by its members' plural: ``الحوثيون`` (nominative) ->
    ``الحوثيين`` (the oblique case, the more frequent in the press)."""
    if " " not in key and key.startswith(ARTICLE) and key.endswith(_NISBA_PLURALS[1]) and len(key) >= 7:
        return key[: -len(_NISBA_PLURALS[1])] + _NISBA_PLURALS[0]
    return key


def currency_lemma(key: str) -> str | None:
    """The currency a word names, inflected or not: ``الدولار``, ``دولارا``, ``دولارات`` -> ``دولار``."""
    if " " in key and key not in CURRENCIES:
        return None
    bare = key[len(ARTICLE) :] if key.startswith(ARTICLE) else key
    if bare in CURRENCIES:
        return bare
    for ending in _CURRENCY_ENDINGS:
        if bare.endswith(ending) and bare[: -len(ending)] in CURRENCIES:
            return bare[: -len(ending)]
    return None


def is_nationality(key: str) -> bool:
    """A nationality or demonym used as a name: ``السعودي``, ``الأمريكية``, ``السعوديين``."""
    if " " in key:
        return False
    if lx.nationality_location(key) is not None:
        return True
    bare = key[len(ARTICLE) :] if key.startswith(ARTICLE) else key
    return len(bare) >= 5 and bare.endswith(NISBA_SUFFIXES + _NISBA_PLURALS) and key.startswith(ARTICLE)


def misc_subtype(key: str) -> str | None:
    """What a generic MISC name is: 'currency', 'religion' or 'nationality', else None."""
    if currency_lemma(key) is not None:
        return "currency"
    if key in RELIGIONS:
        return "religion"
    if is_nationality(key):
        return "nationality"
    return None


def alone(alias: Alias) -> tuple[str, str, str, str | None, str | None]:
    """``(type, key, method, subtype, country code)`` of a name from the name alone."""
    etype, key, method = alias.entity_type, alias.norm, "self"
    glued = glue_compounds(key)
    if glued != key:
        key, method = glued, "spacing"
    if etype == PERS and (whole := without_dangling_link(key)) != key:
        key, method = whole, "fragment"
    if (etype == ORG or key in GROUPS) and (singular := group_case(key)) != key:
        key, method = singular, "inflection"
    if key in NAME_VARIANTS:
        key, method = NAME_VARIANTS[key], "variant"
    if NAME_TYPES.get(key, etype) != etype:
        etype, method = NAME_TYPES[key], "retyped"
    if key in PERSON_TITLE_NAMES:
        return PERS, key, method if etype == PERS else "retyped", "title", None
    if key in GROUPS and etype != ORG:
        return ORG, key, "retyped", None, None
    lemma = currency_lemma(key)
    if lemma is not None:
        return MISC, lemma, method if lemma == key and etype == MISC else "inflection", "currency", None
    if etype in (LOC, ORG):
        country = country_forms().get(key)
        if country is not None:
            changed = country.key != key or etype != LOC
            return LOC, country.key, "country" if changed else method, "country", country.alpha_2
    if key in GENERIC_NAMES:
        return etype, key, method, "generic", None
    if etype == MISC:
        return etype, key, method, misc_subtype(key), None
    if etype == PERS and is_given_name(key):
        return etype, key, method, "given_name", None
    return etype, key, method, None, None


# --- rules between names -----------------------------------------------------------------------


def clitic_bases(key: str) -> list[tuple[str, str]]:
    """Forms a name may be a clitic-glued copy of, with the rule: ``بجده`` -> ``جده`` ('clitic'),
    ``وبجده`` -> ``جده``; ``الناتو`` -> ``ناتو`` ('article')."""
    out = []
    first = key.split(" ", 1)[0]
    for pair in CLITIC_PAIRS:
        if first.startswith(pair) and len(first) - 2 >= 2:
            out.append((key[2:], "clitic"))
    if first[:1] in CLITIC_LETTERS and len(first) - 1 >= 2:
        out.append((key[1:], "clitic"))
    if first.startswith(ARTICLE) and len(first) - 2 >= 3:
        out.append((key[2:], "article"))
    return out


def without_descriptor(key: str) -> str | None:
    """An organisation's name without its descriptor: ``حركه حماس`` -> ``حماس`` (never ``حزب الله``
    -> ``الله``: a bare name must be a name)."""
    first, _, rest = key.partition(" ")
    if first in ORG_DESCRIPTORS and rest and rest != ALLAH and len(rest.replace(" ", "")) >= 3:
        return rest
    return None


def without_epithet(key: str, multiword: bool = False) -> str | None:
    """A city without its epithet: ``مكه المكرمه`` -> ``مكه``, ``القدس الشريف`` -> ``القدس``; with
    ``multiword``, a holy place's (``المسجد الاقصي المبارك`` -> ``المسجد الاقصي``)."""
    head, _, last = key.rpartition(" ")
    if head and last in CITY_EPITHETS and (multiword or " " not in head):
        return head
    return None


def genealogical_core(words: tuple[str, ...]) -> tuple[str, ...]:
    """A person's name without a trailing family name (``... ال سعود``): the chain of given names."""
    if len(words) >= 3 and words[-2] == FAMILY:
        return words[:-2]
    return words


def is_genealogical(words: tuple[str, ...]) -> bool:
    """``X بن Y ...``: a given name followed by a genealogical chain."""
    return len(words) >= 3 and words[1] in GENEALOGY


def clean_extension(words: tuple[str, ...]) -> bool:
    """Words that may lengthen a genealogical name: ``بن X`` pairs, then at most ``ال X`` (the
    family). Anything else after a name is the tagger running past it (``... برقيه``)."""
    i = 0
    while i + 1 < len(words) and words[i] in GENEALOGY:
        i += 2
    if i + 1 < len(words) and words[i] == FAMILY:
        i += 2
    return i == len(words) and len(words) > 0


def chain(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a name with ``ابن`` inside a chain read as ``بن`` (``محمد بن سلمان ابن عبدالعزيز``
    is ``محمد بن سلمان بن عبدالعزيز``): two spellings of one link."""
    return tuple(IBN if i > 0 and w == IBN_FULL else w for i, w in enumerate(words))


def compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two long forms of one name agree when one's chain of given names extends the other's."""
    ca, cb = genealogical_core(chain(a)), genealogical_core(chain(b))
    short, long = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    return long[: len(short)] == short


# A short genealogical name stands for its dominant long form when the long forms that disagree
# with it have fewer than this share of the mentions of those that agree: a rare partial or wrong
# form (``سلمان بن عبدالعزيز بن سلمان`` once beside ``سلمان بن عبدالعزيز آل سعود``) does not make
# the short form ambiguous; a second well-attested person (``محمد بن نايف بن أحمد`` beside
# ``محمد بن نايف بن عبدالعزيز``) does.
RIVAL_SHARE = 0.1
# ... and the agreeing long forms have at least this many mentions between them.
MIN_LONG_MENTIONS = 3


def long_form(words: tuple[str, ...], longer: dict[tuple[str, ...], int]) -> tuple[str, ...] | None:
    """The long form a short genealogical name stands for, among the names extending it (with
    their mention counts): the most frequent one, provided the forms that disagree with it are rare
    (see RIVAL_SHARE); else the short form is ambiguous and stays apart."""
    if not is_genealogical(words) or not longer:
        return None
    target = max(longer, key=lambda w: (longer[w], len(w), w))
    agree = sum(n for w, n in longer.items() if compatible(w, target))
    rivals = sum(n for w, n in longer.items() if not compatible(w, target))
    if agree < MIN_LONG_MENTIONS or rivals >= RIVAL_SHARE * agree:
        return None
    return target


# A name with words after it that cannot extend a name (``محمد بن سلمان للقاهره``) is the tagger
# running past its prefix when the prefix is this many times as frequent; a family name that is
# a name of its own (``محمد بن عبدالعزيز الصفيان``, about as frequent as its prefix) stays.
PREFIX_DOMINANCE = 3


# --- the whole set ------------------------------------------------------------------------------

_Node = tuple[str, str]  # (type, key)


def resolve_aliases(aliases: Iterable[Alias]) -> list[Link]:
    """Resolve every alias of a warehouse (see the module docstring)."""
    aliases = list(aliases)
    first = [alone(a) for a in aliases]
    counts: dict[_Node, int] = defaultdict(int)
    info: dict[_Node, tuple[str | None, str | None]] = {}
    for a, (etype, key, _, subtype, cc) in zip(aliases, first):
        counts[(etype, key)] += a.mentions
        if (etype, key) not in info or subtype is not None:
            info[(etype, key)] = (subtype, cc)
    edges = _edges(counts, info)
    links = []
    for a, (etype, key, method, subtype, cc) in zip(aliases, first):
        node, hops = (etype, key), 0
        while node in edges and hops < 8:  # edges shorten or lengthen a name monotonically
            node, rule = edges[node]
            if hops == 0 and method in ("self",):
                method = rule
            hops += 1
        subtype, cc = info.get(node, (subtype, cc))
        links.append(Link(a.alias_id, node[0], node[1], method, subtype, cc))
    return links


def _edges(counts: dict[_Node, int], info: dict) -> dict[_Node, tuple[_Node, str]]:
    """Variant -> (the name it is a variant of, the rule)."""
    edges: dict[_Node, tuple[_Node, str]] = {}
    for node, n in counts.items():
        etype, key = node
        if info.get(node, (None,))[0] in ("country", "currency", "title"):
            continue
        for base, rule in clitic_bases(key):
            if rule == "article" and etype not in (ORG, LOC):
                continue
            target = (etype, base)
            if etype == LOC and (country := country_forms().get(base)) is not None:
                target = (LOC, country.key)  # بامريكا -> امريكا, the country's other form
            if counts.get(target, 0) >= n and base != ALLAH:
                edges[node] = (target, rule)
                break
        if node in edges:
            continue
        if etype == ORG and (bare := without_descriptor(key)) is not None:
            if (ORG, bare) in counts:
                edges[node] = ((ORG, bare), "descriptor")
        elif etype == LOC and (city := without_epithet(key)) is not None and (LOC, city) in counts:
            edges[node] = ((LOC, city), "epithet")
        elif etype == MISC and (place := without_epithet(key, multiword=True)) is not None and (MISC, place) in counts:
            edges[node] = ((MISC, place), "epithet")
    # Short genealogical forms -> their agreed long form (only among persons not already linked).
    by_prefix: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    persons = [tuple(key.split(" ")) for (etype, key) in counts if etype == PERS]
    for words in persons:
        if is_genealogical(words):
            by_prefix[chain(words[:3])].append(words)
    for words in persons:
        node = (PERS, " ".join(words))
        if not is_genealogical(words) or node in edges:
            continue
        longer = {
            w: counts[(PERS, " ".join(w))]
            for w in by_prefix[chain(words[:3])]
            if len(w) > len(words) and chain(w[: len(words)]) == chain(words) and clean_extension(w[len(words) :])
        }
        target = long_form(words, longer)
        if target is not None:
            edges[node] = ((PERS, " ".join(target)), "long_name")
            continue
        # A name the tagger ran past (``... ال سعود برقيه``) is the name it starts with.
        for cut in range(len(words) - 1, 2, -1):
            prefix = words[:cut]
            if not clean_extension(words[cut:]) and counts.get((PERS, " ".join(prefix)), 0) >= PREFIX_DOMINANCE * counts[node]:
                edges[node] = ((PERS, " ".join(prefix)), "prefix")
                break
    _short_name_edges(counts, edges)
    _surname_edges(counts, edges)
    return edges


def is_given_name(key: str) -> bool:
    """A given name alone (``محمد``, ``عبدالعزيز``): it names no one in particular."""
    return " " not in key and (key in lx.FIRST_NAMES or (key.startswith("عبد") and len(key) > 4))


# A family name alone links to the one full name it ends when that name has at least this share of the
# mentions of all full names ending with it (أوباما -> باراك أوباما, never الأسد: بشار or حافظ).
# A given name alone (هادي, شكري) links the same way when it is that full name's family name and
# the full name is at least as frequent as the given name alone (هادي -> عبدربه منصور هادي,
# شكري -> سامح شكري; never محمد, حسن: no full name dominates them).
SURNAME_SHARE = 0.8


def _surname_edges(counts: dict[_Node, int], edges: dict) -> None:
    """Family names alone -> the full person name they unambiguously shorten."""
    by_last: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (etype, key), n in counts.items():
        if etype == PERS and " " in key and key not in PERSON_TITLE_NAMES and (PERS, key) not in edges:
            by_last[key.rsplit(" ", 1)[1]].append((n, key))
    for (etype, key), n in counts.items():
        if etype != PERS or " " in key or (PERS, key) in edges or key not in by_last:
            continue
        full = sorted(by_last[key], reverse=True)
        given = is_given_name(key)
        if given:
            full = [(c, k) for c, k in full if is_family_name_use(k)]
            if not full:
                continue
        total = sum(c for c, _ in full)
        if full[0][0] >= 2 and full[0][0] >= SURNAME_SHARE * total and (not given or full[0][0] >= n):
            edges[(PERS, key)] = ((PERS, full[0][1]), "surname")


def is_family_name_use(full: str) -> bool:
    """The last word of a full name is a family name, not a father's name after ``بن`` nor a
    dynasty's after ``آل`` (``محمد بن سلمان``, ``سلمان بن عبدالعزيز آل سعود`` say nothing of who
    ``سلمان`` or ``سعود`` alone is)."""
    words = full.split(" ")
    return len(words) >= 2 and words[-2] not in GENEALOGY and words[-2] != FAMILY


# A two-word person name links to the one longer name it shortens (``منصور هادي`` ->
# ``عبدربه منصور هادي``, ``عبدالله الربيعه`` -> ``عبدالله بن عبدالعزيز الربيعه``) when that name has
# at least SURNAME_SHARE of the mentions of all the names it could shorten, and at least this share
# of the short form's own mentions: a short form far more frequent than any longer one is a person
# of its own (``خالد الفيصل`` beside a rare ``بندر خالد الفيصل``).
SHORT_NAME_SUPPORT = 0.5
# The same share when the short form drops the father's name (``عادل الجبير`` of ``عادل بن أحمد
# الجبير``): a given name and a family name that one ``X بن Y Z`` dominates name that man even when
# the press mostly writes the short form.
FATHER_DROPPED_SUPPORT = 0.2


def shortens(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """``short`` (two words) is ``full`` without its first given name (``منصور هادي`` of
    ``عبدربه منصور هادي``) or without the father's chain (``عادل الجبير`` of ``عادل بن احمد الجبير``)."""
    if len(full) < 3:
        return False
    if full[-2:] == short and len(full) == 3:
        # A first word with the article is a title or an adjective the tagger took in
        # (``اليساري جيريمي كوربين``), not a given name.
        return not full[0].startswith(ARTICLE) and full[0] not in GENEALOGY and full[1] not in GENEALOGY
    return full[0] == short[0] and full[1] in GENEALOGY and full[-1] == short[1] and clean_extension(full[1:-1])


def _short_name_edges(counts: dict[_Node, int], edges: dict) -> None:
    """Two-word person names -> the longer name they unambiguously shorten (see SHORT_NAME_SUPPORT)."""
    shorts = {
        tuple(key.split(" ")): n
        for (etype, key), n in counts.items()
        if etype == PERS and key.count(" ") == 1 and (PERS, key) not in edges and key not in PERSON_TITLE_NAMES
    }
    by_pair: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for (etype, key), n in counts.items():
        if etype != PERS or key.count(" ") < 2 or (PERS, key) in edges:
            continue
        words = tuple(key.split(" "))
        for pair in ((words[-2], words[-1]), (words[0], words[-1])):
            if pair in shorts and shortens(pair, words):
                by_pair[pair].append((n, key))
    for pair, full in by_pair.items():
        full.sort(reverse=True)
        total = sum(c for c, _ in full)
        top, key = full[0]
        support = FATHER_DROPPED_SUPPORT if key.split(" ")[1] in GENEALOGY else SHORT_NAME_SUPPORT
        if top >= 2 and top >= SURNAME_SHARE * total and top >= support * shorts[pair]:
            edges[(PERS, " ".join(pair))] = ((PERS, key), "short_name")
