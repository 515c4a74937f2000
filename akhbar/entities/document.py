"""Document-level entities: the names production extracts from one article.

``recognize_document`` takes the trained tagger's names (``akhbar.ner``) for an article's title
and body, labels every repetition of a found name the same way, gives each name one type, and
links short forms (``بيسكوف``) to the full name given earlier in the article (``دميتري بيسكوف``).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, NamedTuple, Sequence

from akhbar.entities.institution_bounds import trim_institution
from akhbar.entities.institutions import GROUPS, institution_spans
from akhbar.entities.names import (
    complete_dangling_link,
    display_name,
    is_adjective_use,
    is_part_of_another_name,
    name_norm,
    short_forms,
)
from akhbar.entities.linking import is_given_name
from akhbar.entities.rules import _rule_candidates, whole_type
from akhbar.entities.listed_names import ListedGazetteer, missed_by_tagger
from akhbar.entities.span_repairs import drop_titles_before_holder, repair_spans
from akhbar.entities.spans import apposition_gap_ok, clean_model_span, holder_gap_ok, is_inside_facility_name
from akhbar.entities.scan import (
    GAZETTEER_PRIORITY,
    _gazetteer_candidates,
    _gazetteer_index,
    _key,
    _resolve,
    _Scan,
    _surface_offset,
)
from akhbar.text import wordlists
from akhbar.text.morphology import LOC, MISC, ORG, PERS
from akhbar.text.stopwords import STOPWORDS

# Formulas (رحمه الله), the word الله and fragments of longer names (الشريفين): never entities.
NON_ENTITIES = wordlists.keys("non_entities")
# Titles that stand for one person (خادم الحرمين الشريفين، ولي العهد): PERS, linked to the holder
# the article names next to them.
PERSON_TITLE_NAMES = wordlists.keys("person_titles_as_names")
# Names every article is matched against (besides its own evidence): titles and named groups.
# One index, one pass per text: the listed places and religions (``listed_names``) are matched
# with them and kept only where the tagger found nothing.
_STATIC_NAMES = {**{t: PERS for t in wordlists.entries("person_titles_as_names")}, **{g: ORG for g in wordlists.entries("groups")}}
_STATIC_GAZETTEER = ListedGazetteer(_STATIC_NAMES)
_FORCED_TYPES = {**{t: PERS for t in PERSON_TITLE_NAMES}, **{g: ORG for g in GROUPS}}


class DocMention(NamedTuple):
    """A mention in an article, with the canonical name it refers to in that article."""

    field: str  # 'title' | 'body'
    start: int
    end: int
    surface: str
    entity_type: str
    name: str  # canonical display form (the full name for a linked short form)
    name_norm: str  # name_norm(name)
    # How the mention was found: 'model' (the tagger's span), 'tag' (a publisher tag), 'institution'
    # (the institution layer), 'title' (a title standing for a person), 'gazetteer' (a listed place,
    # religion or organisation the tagger missed, ``listed_names``), 'rules' (the pattern
    # rules, tagger off) or 'document' (a repetition or short form of a name found in the article).
    method: str = "model"


class DocumentEntities(NamedTuple):
    """All entity mentions of one article, title first, in text order."""

    mentions: list[DocMention]

    def names(self, entity_type: str | None = None) -> list[str]:
        """Distinct canonical names, in order of first mention."""
        seen = dict.fromkeys(m.name for m in self.mentions if entity_type in (None, m.entity_type))
        return list(seen)



def _model_surface_ok(surface: str) -> bool:
    """A tagger span worth trusting as a name: some letters, not a lone function word."""
    key = _key(surface)
    return len(key.replace(" ", "")) >= 2 and key not in STOPWORDS and key not in NON_ENTITIES



def recognize_document(
    title: str,
    body: str,
    tags: Iterable[str] = (),
    model_spans: tuple[Sequence[tuple[int, int, str]], Sequence[tuple[int, int, str]]] | None = None,
    rules: bool | None = None,
) -> DocumentEntities:
    """Entities of one article with document-level consistency and short-form linking.

    ``model_spans`` are the trained tagger's names per field (title, body). ``rules`` adds the
    pattern rules (given names, titles, organisation heads, lexicons, place contexts); by default
    they run only when there are no tagger spans. With the tagger they cost F1: on the ANERcorp
    dev split (``python -m akhbar.ner.pipeline_eval``) tagger + document evidence scores 0.774,
    tagger + rules 0.719, mostly through organisation heads (الحكومة العراقية) that the
    annotation does not count as names and through boundaries overriding the tagger's.

    1. Names are proposed on title and body: the tagger's names and the publisher tags typed as
       a whole name act as a gazetteer (with the rules' names when ``rules``).
    2. Every name found, and the last word of every full person name, becomes a gazetteer for a
       second pass, so each repetition is labelled too (``بيسكوف:`` in the title).
    3. Each mention gets one type per name (majority in the article) and a canonical name: a short
       person form links to the nearest preceding full name ending with it (``بيسكوف`` ->
       ``دميتري بيسكوف``), or the first full name after it when none precedes.
    """
    if rules is None:
        rules = model_spans is None
    scans = [(field, _Scan(text)) for field, text in (("title", title), ("body", body))]
    proposed = [_rule_candidates(sc) if rules else [] for _, sc in scans]
    tag_gaz = {t: etype for t in tags if (etype := whole_type(t))}
    origin = dict.fromkeys(tag_gaz, "tag")
    model_at: set[tuple[str, int, int]] = set()
    if model_spans is not None:
        # The trained tagger's names act like publisher tags: document evidence that the rules
        # then label consistently, link (short forms) and canonicalise.
        for field, text, spans in zip(("title", "body"), (title, body), model_spans):
            for start, end, etype in repair_spans(text, _join_events_and_places(text, spans)):
                if etype == PERS:
                    end = complete_dangling_link(text, start, end)
                start, end = clean_model_span(text, start, end, etype)
                surface = text[start:end]
                if _model_surface_ok(surface):
                    tag_gaz.setdefault(surface, etype)
                    origin.setdefault(surface, "model")
                    model_at.add((field, start, end))
    # Beside the model: institutions, titles standing for a person, named groups.
    for (field, sc), cands in zip(scans, proposed):
        for a, n, b, etype in institution_spans(sc):
            if (b := trim_institution(sc, a, n, b)) == a:
                continue
            cands.append((a, n, b, etype, GAZETTEER_PRIORITY))
            start = sc.start(a) + _surface_offset(sc.toks[a], n)
            origin.setdefault(sc.text[start : sc.end(b)], "institution")
        tagged = [(a, b) for f, a, b in model_at if f == field]
        for cand in _gazetteer_candidates(sc, _STATIC_GAZETTEER.index):
            if not _STATIC_GAZETTEER.is_listed(sc, cand):
                cands.append(cand)
            elif missed_by_tagger(sc, cand, tagged):
                cands.append(cand)
                origin.setdefault(sc.text[sc.start(cand[0]) + _surface_offset(sc.toks[cand[0]], cand[1]) : sc.end(cand[2])], "gazetteer")
    tag_idx = _gazetteer_index(tag_gaz) if tag_gaz else None
    doc_gaz = dict(tag_gaz)
    for (_, sc), cands in zip(scans, proposed):
        extra = _gazetteer_candidates(sc, tag_idx) if tag_idx else []
        for m in _resolve(sc, cands + extra):
            doc_gaz.setdefault(m.surface, m.entity_type)
            if m.entity_type == PERS and name_norm(m.surface, PERS) not in PERSON_TITLE_NAMES:
                for short in short_forms(m.surface):
                    doc_gaz.setdefault(short, PERS)
    doc_idx = _gazetteer_index(doc_gaz)
    found = [
        (order, field, m)
        for order, ((field, sc), cands) in enumerate(zip(scans, proposed))
        for m in _resolve(sc, cands + _gazetteer_candidates(sc, doc_idx))
    ]
    known = {_key(m.surface) for _, _, m in found}
    # A name is matched against the article's *other* names: itself in ``known`` would keep its clitic.
    norms = [name_norm(m.surface, m.entity_type, known - {_key(m.surface)}) for _, _, m in found]
    texts = [sc.text for _, sc in scans]
    keep = [
        norm not in NON_ENTITIES
        and not is_adjective_use(texts[order], m.start, m.end)
        and not (m.entity_type == PERS and is_part_of_another_name(texts[order], m.start))
        and not is_inside_facility_name(texts[order], m.start, m.entity_type)
        for (order, _, m), norm in zip(found, norms)
    ]
    found = [f for f, k in zip(found, keep) if k]
    norms = [n for n, k in zip(norms, keep) if k]
    types = _majority_types(norms, [m.entity_type for _, _, m in found])
    for norm in types:
        types[norm] = _FORCED_TYPES.get(norm, types[norm])
    for (_, _, m), norm in zip(found, norms):
        if origin.get(m.surface) == "institution" and norm not in _FORCED_TYPES:
            types[norm] = ORG
    full_names = _full_person_names(found, norms, types)
    display: dict[str, str] = {}
    out = []
    for (order, field, m), norm in zip(found, norms):
        etype = types[norm]
        name = display.get(norm)
        if name is None:
            # The first surface of a name gives its display form (worked out once per name).
            name = display[norm] = display_name(m.surface, norm)
        canon = norm
        if etype == PERS and " " not in norm and norm in full_names:
            name, canon = _nearest(full_names[norm], (order, m.start))
        if (field, m.start, m.end) in model_at:
            method = "model"
        else:
            method = origin.get(m.surface) if origin.get(m.surface) in ("tag", "institution", "gazetteer") else None
            method = method or _static_method(norm) or ("rules" if rules else "document")
        out.append(DocMention(field, m.start, m.end, m.surface, etype, name, canon, method))
    texts = {"title": title, "body": body}
    return DocumentEntities(drop_titles_before_holder(_link_titles(out, texts), texts))


def _join_events_and_places(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The tagger's spans with an event followed by a place one space after it joined into one
    event: ``[بطولة كوبا] [أمريكا]``, ``[دوري أبطال] [آسيا]`` are one name, not a fragment and a place."""
    out: list[tuple[int, int, str]] = []
    for start, end, etype in sorted(spans):
        if out and out[-1][2] == MISC and etype == LOC and text[out[-1][1] : start] == " ":
            out[-1] = (out[-1][0], end, MISC)
        else:
            out.append((start, end, etype))
    return out


def _static_method(norm: str) -> str | None:
    """The method of a name the static gazetteer supplies: a title, or a group (an institution)."""
    if norm in PERSON_TITLE_NAMES:
        return "title"
    return "institution" if norm in GROUPS else None


def _link_titles(mentions: list[DocMention], texts: dict[str, str]) -> list[DocMention]:
    """A title standing for a person (``خادم الحرمين الشريفين الملك سلمان``) takes the name of
    the person named right after it, for every mention of that title in the article; a title
    with no holder named next to it stays a PERS entity of its own."""
    holders: dict[str, tuple[str, str]] = {}
    for prev, m, nxt in zip([None, *mentions], mentions, [*mentions[1:], None]):
        if m.name_norm not in PERSON_TITLE_NAMES or m.name_norm in holders:
            continue
        text = texts[m.field]
        if _is_holder(nxt, m) and holder_gap_ok(text[m.end : nxt.start]):
            holders[m.name_norm] = (nxt.name, nxt.name_norm)
        elif _is_holder(prev, m) and apposition_gap_ok(text[prev.end : m.start]):
            holders[m.name_norm] = (prev.name, prev.name_norm)
    if not holders:
        return mentions
    return [
        m._replace(name=holders[m.name_norm][0], name_norm=holders[m.name_norm][1]) if m.name_norm in holders else m
        for m in mentions
    ]


def _is_holder(other: DocMention | None, title: DocMention) -> bool:
    """``other`` may name the holder of ``title``: a person, not a title, in the same field."""
    return other is not None and other.field == title.field and other.entity_type == PERS and other.name_norm not in PERSON_TITLE_NAMES


def _majority_types(norms: list[str], etypes: list[str]) -> dict[str, str]:
    """One type per name in an article: the most frequent, ties to the first seen."""
    counts: dict[str, Counter[str]] = {}
    for norm, etype in zip(norms, etypes):
        counts.setdefault(norm, Counter())[etype] += 1
    return {norm: c.most_common(1)[0][0] for norm, c in counts.items()}


def _full_person_names(found, norms, types) -> dict[str, list[tuple[tuple[int, int], str, str]]]:
    """Short-form key -> [(position, display, norm)] of the full person names ending with it."""
    out: dict[str, list[tuple[tuple[int, int], str, str]]] = {}
    for (order, _, m), norm in zip(found, norms):
        if types[norm] != PERS or " " not in norm or norm in PERSON_TITLE_NAMES:
            continue
        for short in short_forms(m.surface, given_names=True):
            key = name_norm(short, PERS)
            out.setdefault(key, []).append(((order, m.start), display_name(m.surface, norm), norm))
    for key, candidates in _first_name_holders(found, norms, types).items():
        out.setdefault(key, candidates)
    return out


def _first_name_holders(found, norms, types) -> dict[str, list[tuple[tuple[int, int], str, str]]]:
    """Given-name key -> the one full person name of the article it starts (``د. [نزار]`` after
    ``نزار مدني``, ``الأمير [محمد]`` after ``محمد بن سلمان``); a given name two full names of the
    article start (محمد بن سلمان and محمد بن نايف) names neither."""
    out: dict[str, list[tuple[tuple[int, int], str, str]]] = {}
    for (order, _, m), norm in zip(found, norms):
        if types[norm] != PERS or " " not in norm or norm in PERSON_TITLE_NAMES:
            continue
        first = norm.split(" ", 1)[0]
        if is_given_name(first):
            out.setdefault(first, []).append(((order, m.start), display_name(m.surface, norm), norm))
    return {key: c for key, c in out.items() if len({norm for _, _, norm in c}) == 1}


def _nearest(candidates: list[tuple[tuple[int, int], str, str]], pos: tuple[int, int]) -> tuple[str, str]:
    """The full name mentioned last before ``pos``, else the first one after it."""
    before = [c for c in candidates if c[0] < pos]
    best = max(before) if before else min(candidates)
    return best[1], best[2]
