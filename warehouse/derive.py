"""The warehouse steps of the derivations (akhbar.derivations), run inside the load transaction.

A step named ``*.sql`` is a script of warehouse/sql; any other name is a Python step registered
in ``STEPS`` (for what SQL alone cannot do, like the search index's slicing and re-analysis).
Every step reads the TEMP table ``run_articles`` (insert_facts.sql): the articles whose derived
rows the run writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import duckdb

from akhbar.derivations import Derivation
from akhbar.warehouse.resolve import refresh_entities, resolve_entities
from akhbar.warehouse.scripts import run_script
from akhbar.warehouse.search_index import clear_search_entries, refresh_search_index
from akhbar.warehouse.stories import assign_stories

# Python steps by name. The search index reads the run's staged search words.
STEPS: dict[str, Callable[[duckdb.DuckDBPyConnection], None]] = {
    "search_clear": clear_search_entries,
    "search_index": lambda con: refresh_search_index(con, staged=True),
    # Entity resolution (warehouse/resolve.py): the run's names count with the stored ones.
    "resolve_entities": lambda con: resolve_entities(con, pending_mentions="run_mentions"),
    "refresh_entities": refresh_entities,
    # Copies and stories (warehouse/stories.py): the grouping is Python over SQL-found links.
    "assign_stories": assign_stories,
}


def run_step(con: duckdb.DuckDBPyConnection, step: str) -> None:
    if step.endswith(".sql"):
        run_script(con, step)
    else:
        STEPS[step](con)


def clear(con: duckdb.DuckDBPyConnection, derivations: Iterable[Derivation]) -> None:
    """Delete the derived rows of ``run_articles`` (before re-deriving them)."""
    for derivation in derivations:
        for step in derivation.clear:
            run_step(con, step)


def apply(con: duckdb.DuckDBPyConnection, derivations: Iterable[Derivation]) -> None:
    """Insert the staged derived rows of ``run_articles``."""
    for derivation in derivations:
        for step in derivation.apply:
            run_step(con, step)


def refresh(con: duckdb.DuckDBPyConnection, derivations: Iterable[Derivation]) -> None:
    """Recompute what the derivations hold over the whole warehouse (scores, counts, the index)."""
    for derivation in derivations:
        for step in derivation.refresh:
            run_step(con, step)
