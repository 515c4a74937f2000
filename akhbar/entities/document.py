"""Document-level entities: the names production extracts from one article.

``recognize_document`` takes the trained tagger's names (``akhbar.ner``) for an article's title
and body, labels every repetition of a found name the same way, gives each name one type, and
links short forms (``بيسكوف``) to the full name given earlier in the article (``دميتري بيسكوف``).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, NamedTuple, Sequence

from akhbar.entities.names import display_name, name_norm, short_forms
from akhbar.entities.rules import _rule_candidates, whole_type
from akhbar.entities.scan import _gazetteer_candidates, _gazetteer_index, _key, _resolve, _Scan
from akhbar.text.morphology import PERS
from akhbar.text.stopwords import STOPWORDS


class DocMention(NamedTuple):
    """A mention in an article, with the canonical name it refers to in that article."""

    field: str  # 'title' | 'body'
    start: int
    end: int
    surface: str
    entity_type: str
    name: str  # canonical display form (the full name for a linked short form)
    name_norm: str  # name_norm(name)


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
    return len(key.replace(" ", "")) >= 2 and key not in STOPWORDS



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
    if model_spans is not None:
        # The trained tagger's names act like publisher tags: document evidence that the rules
        # then label consistently, link (short forms) and canonicalise.
        for text, spans in zip((title, body), model_spans):
            for start, end, etype in spans:
                surface = text[start:end]
                if _model_surface_ok(surface):
                    tag_gaz.setdefault(surface, etype)
    tag_idx = _gazetteer_index(tag_gaz) if tag_gaz else None
    doc_gaz = dict(tag_gaz)
    for (_, sc), cands in zip(scans, proposed):
        extra = _gazetteer_candidates(sc, tag_idx) if tag_idx else []
        for m in _resolve(sc, cands + extra):
            doc_gaz.setdefault(m.surface, m.entity_type)
            if m.entity_type == PERS:
                for short in short_forms(m.surface):
                    doc_gaz.setdefault(short, PERS)
    doc_idx = _gazetteer_index(doc_gaz)
    found = [
        (order, field, m)
        for order, ((field, sc), cands) in enumerate(zip(scans, proposed))
        for m in _resolve(sc, cands + _gazetteer_candidates(sc, doc_idx))
    ]
    known = {_key(m.surface) for _, _, m in found}
    norms = [name_norm(m.surface, m.entity_type, known) for _, _, m in found]
    types = _majority_types(norms, [m.entity_type for _, _, m in found])
    full_names = _full_person_names(found, norms, types)
    display: dict[str, str] = {}
    out = []
    for (order, field, m), norm in zip(found, norms):
        etype = types[norm]
        name, canon = display.setdefault(norm, display_name(m.surface, norm)), norm
        if etype == PERS and " " not in norm and norm in full_names:
            name, canon = _nearest(full_names[norm], (order, m.start))
        out.append(DocMention(field, m.start, m.end, m.surface, etype, name, canon))
    return DocumentEntities(out)


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
        if types[norm] != PERS or " " not in norm:
            continue
        for short in short_forms(m.surface):
            key = name_norm(short, PERS)
            out.setdefault(key, []).append(((order, m.start), display_name(m.surface, norm), norm))
    return out


def _nearest(candidates: list[tuple[tuple[int, int], str, str]], pos: tuple[int, int]) -> tuple[str, str]:
    """The full name mentioned last before ``pos``, else the first one after it."""
    before = [c for c in candidates if c[0] < pos]
    best = max(before) if before else min(candidates)
    return best[1], best[2]
