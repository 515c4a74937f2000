"""Corpus-level entity resolution inside the warehouse: one entities row per real-world referent.

``resolve_entities`` is the one entry point, a step of the 'entities' derivation
(akhbar.derivations): the load runs it in the run's transaction between the run's new names and
its mentions, for new documents and for ``akhbar run --reprocess entities`` alike;
``refresh_entities`` is the derivation's refresh step. The linking rules are pure functions (``akhbar.entities.linking``); this
module feeds them the warehouse's names and applies their answer (``sql/resolve_entities.sql``).

Its work grows with the number of distinct names in the warehouse, not with the mentions: every
name is resolved again (so the result does not depend on the order documents arrived in), and
only rows whose resolution changed are written. With many names the rules run in a child
process, which takes its Python objects with it when it exits (akhbar.entities.resolution).
"""

from __future__ import annotations

import duckdb

from akhbar.entities.resolution import NAMES, RESOLVE_IN_CHILD_MIN_NAMES, resolve
from akhbar.warehouse.scripts import run_script

# Names no mention uses any more (articles re-derived) leave the trail.
_UNUSED_ALIASES = "DELETE FROM entity_aliases WHERE alias_id NOT IN (SELECT DISTINCT alias_id FROM entity_mentions)"


def refresh_entities(con: duckdb.DuckDBPyConnection) -> None:
    """Names and counts of entities and aliases from the mentions; entities and names left
    without mentions go. Runs after the resolved mentions are in."""
    con.execute(_UNUSED_ALIASES)
    run_script(con, "refresh_aliases.sql")
    run_script(con, "refresh_entities.sql")
    pending = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = 'pending_place_candidates'"
    ).fetchone()[0]
    if pending:
        run_script(con, "place_votes.sql")

def resolve_entities(
    con: duckdb.DuckDBPyConnection, pending_mentions: str | None = None, in_child_min_names: int = RESOLVE_IN_CHILD_MIN_NAMES
) -> None:
    """Resolve every name of the warehouse to its entity (``entity_aliases``, stored mentions, entities).

    Runs inside the caller's transaction. ``pending_mentions`` names a table or view of mentions
    about to be inserted (``alias_id`` column): their names are in ``entity_aliases`` already and
    count for the resolution; the caller inserts them afterwards with ``entity_aliases.entity_id``
    and then runs ``refresh_entities``. Stored mentions whose name now resolves elsewhere are
    updated here.
    """
    if pending_mentions and not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {pending_mentions} LIMIT 1)").fetchone()[0]:
        return  # no new mention, no new name: the resolution stands (and a no-op rerun stays cheap)
    pending = f"UNION ALL SELECT alias_id, article_id FROM {pending_mentions}" if pending_mentions else ""
    names = con.execute(
        "SELECT a.alias_id, a.alias_norm, a.entity_type, coalesce(c.mentions, 0) AS mentions FROM entity_aliases AS a "
        "LEFT JOIN (SELECT alias_id, count(*) AS mentions FROM "
        f"(SELECT alias_id, article_id FROM entity_mentions {pending}) GROUP BY alias_id) AS c USING (alias_id) "
        "ORDER BY a.alias_id"
    ).fetch_arrow_table().cast(NAMES)
    tables = resolve(names, in_child_min_names)
    del names
    for name, table in tables.items():
        con.register(name, table)
    try:
        run_script(con, "resolve_entities.sql")
    finally:
        for name in tables:
            con.unregister(name)
