"""What the warehouse derives from an article's text, one registration per derivation.

A derivation is rows computed from an article's title and body alone (its entity mentions, its
candidate keyphrases, its search words, its copy and story signatures), staged by a transform worker, and the warehouse steps
that turn those rows into tables. New documents get every derivation (the transform computes
their rows while parsing, akhbar.transform); ``akhbar run --reprocess NAME`` computes one for the
articles already stored (akhbar.formats.stored) and hands the rows to the same load
(akhbar.warehouse.load), which replaces that derivation's rows of those articles.

Adding a derivation (a new model, a new derived table) is one ``Derivation`` in ``DERIVATIONS``
(its row builder here, its SQL scripts in warehouse/sql/, or a step registered by name in
akhbar.warehouse.derive) and, for new documents, its rows in the transform. Pure: no Prefect,
no DuckDB; the warehouse steps are named, not imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyarrow as pa

from akhbar.keywords import extract_candidates
from akhbar.schema import ARTICLE_TERMS, STAGED_MENTIONS, STAGED_SEARCH, STAGED_SIGNATURES, TableSpec
from akhbar.stories.rows import signature_row
from akhbar.text.search_keys import search_key
from akhbar.transform import TransformContext, entity_mention_rows

# (article_id, doc_id, title, body) of a stored article: the shape of akhbar.schema.STORED_ARTICLES.
StoredArticle = tuple[str, str, str, str]


@dataclass(frozen=True)
class Derivation:
    """One re-derivable part of the warehouse.

    ``rows`` builds the ``staged`` tables of a chunk of stored articles in a worker. The load then
    runs the steps, each a script of warehouse/sql (``*.sql``) or a step registered under that
    name in akhbar.warehouse.derive, against the TEMP table ``run_articles`` (the articles whose
    derived rows the run writes): ``clear`` deletes their old rows (re-deriving only), ``apply``
    inserts their staged rows, and ``refresh`` recomputes what depends on the whole corpus.
    """

    name: str
    description: str
    staged: tuple[TableSpec, ...]
    rows: Callable[[Sequence[StoredArticle], TransformContext], dict[str, pa.Table]]
    clear: tuple[str, ...] = ()
    apply: tuple[str, ...] = ()
    refresh: tuple[str, ...] = ()
    # The transform stage (akhbar.timing) its worker time counts under; None: its name.
    stage: str | None = None


def keyword_rows(articles: Sequence[StoredArticle], ctx: TransformContext) -> dict[str, pa.Table]:
    """Candidate keyphrases (article_terms) of stored articles, as the transform finds them."""
    columns: dict[str, list] = {name: [] for name in ARTICLE_TERMS.columns}
    for article_id, _doc_id, title, body in articles:
        terms = extract_candidates(title, body)
        columns["article_id"].extend([article_id] * len(terms))
        for column, values in zip(ARTICLE_TERMS.columns[1:], zip(*terms) if terms else ((),) * 5):
            columns[column].extend(values)
    return {ARTICLE_TERMS.name: pa.Table.from_pydict(columns, schema=ARTICLE_TERMS.schema)}


def entity_rows(articles: Sequence[StoredArticle], ctx: TransformContext) -> dict[str, pa.Table]:
    """Entity mentions of stored articles, found by the current model and rules."""
    return {STAGED_MENTIONS.name: entity_mention_rows(list(articles), ctx)}


def search_rows(articles: Sequence[StoredArticle], ctx: TransformContext) -> dict[str, pa.Table]:
    """Search words of stored articles (search_key of title and body)."""
    return {
        STAGED_SEARCH.name: pa.Table.from_pydict(
            {
                "article_id": [a[0] for a in articles],
                "doc_id": [a[1] for a in articles],
                "title_key": [search_key(a[2]) for a in articles],
                "body_key": [search_key(a[3]) for a in articles],
            },
            schema=STAGED_SEARCH.schema,
        )
    }


def story_rows(articles: Sequence[StoredArticle], ctx: TransformContext) -> dict[str, pa.Table]:
    """Copy signatures, story features and their band keys of stored articles, from the same
    evidence as the transform's (the body's search key, the names the tagger and rules find, the
    candidate keyphrases), so a re-derived signature equals a fresh run's."""
    mentions = entity_mention_rows(list(articles), ctx)
    names: dict[str, set[str]] = {}
    for article_id, name_norm in zip(mentions.column("article_id").to_pylist(), mentions.column("name_norm").to_pylist()):
        names.setdefault(article_id, set()).add(name_norm)
    rows = [
        signature_row(article_id, doc_id, search_key(body), names.get(article_id, set()), extract_candidates(title, body))
        for article_id, doc_id, title, body in articles
    ]
    return {STAGED_SIGNATURES.name: pa.Table.from_pylist(rows, schema=STAGED_SIGNATURES.schema)}


# In the order the load applies and refreshes them.
DERIVATIONS: dict[str, Derivation] = {
    d.name: d
    for d in (
        Derivation(
            "keywords",
            "extracted keyphrases: candidate terms per article, scored against the corpus (publisher tags are kept)",
            staged=(ARTICLE_TERMS,),
            rows=keyword_rows,
            clear=("clear_keywords.sql",),
            apply=("derive_keywords.sql",),
            refresh=("score_keywords.sql", "refresh_keywords.sql"),
        ),
        Derivation(
            "entities",
            "entity mentions (the tagger and the document-level rules), their corpus-level resolution and entity statistics",
            staged=(STAGED_MENTIONS,),
            rows=entity_rows,
            clear=("clear_entities.sql",),
            # Names in, resolved across the warehouse, then the mentions in with their entity.
            apply=("derive_entity_aliases.sql", "resolve_entities", "derive_entities.sql"),
            refresh=("refresh_entities",),
        ),
        Derivation(
            "search",
            "the full-text search index (postings and article lengths)",
            staged=(STAGED_SEARCH,),
            rows=search_rows,
            clear=("search_clear",),
            refresh=("search_index",),
        ),
        Derivation(
            "stories",
            "near copies and stories: each article's copy signature, story features and LSH band keys, and the grouping",
            staged=(STAGED_SIGNATURES,),
            rows=story_rows,
            # Last: a story's row names its top entities. A re-derivation forgets every grouping
            # (a story spans articles), so the assignment then matches every article again.
            clear=("clear_stories.sql",),
            apply=("story_signatures.sql",),
            refresh=("assign_stories",),
            stage="copies",
        ),
    )
}


def chosen(names: Sequence[str] | None) -> tuple[Derivation, ...]:
    """The derivations named (comma-separated names allowed), in registry order; ValueError for
    an unknown name."""
    wanted = {n.strip() for name in names or () for n in name.split(",") if n.strip()}
    unknown = wanted - set(DERIVATIONS)
    if unknown:
        raise ValueError(f"cannot reprocess {', '.join(sorted(unknown))}: choose from {', '.join(DERIVATIONS)}")
    return tuple(d for name, d in DERIVATIONS.items() if name in wanted)
