"""Corpus-level entity resolution inside the warehouse: one entities row per real-world referent.

``resolve_entities`` is the one entry point, a step of the 'entities' derivation
(akhbar.derivations): the load runs it in the run's transaction between the run's new names and
its mentions, for new documents and for ``akhbar run --reprocess entities`` alike;
``refresh_entities`` is the derivation's refresh step. The linking rules are pure functions (``akhbar.entities.linking``); this
module feeds them the warehouse's names and applies their answer (``sql/resolve_entities.sql``).

Its work grows with the number of distinct names in the warehouse, not with the mentions: every
name is resolved again (so the result does not depend on the order documents arrived in), and
only rows whose resolution changed are written.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from akhbar import ids
from akhbar.entities.linking import GENERIC_SUBTYPES, Alias, resolve_aliases
from akhbar.entities.places import places_named
from akhbar.text.morphology import LOC
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

_RESOLVED_ALIASES = pa.schema([("alias_id", pa.string()), ("entity_id", pa.string()), ("method", pa.string())])
_RESOLVED_ENTITIES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("entity_type", pa.string()),
        ("name_norm", pa.string()),
        ("subtype", pa.string()),
        ("is_name", pa.bool_()),
        ("geonames_id", pa.int64()),
        ("country_code", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
    ]
)
_PLACE_CANDIDATES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("geonames_id", pa.int64()),
        ("country_code", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
    ]
)


def resolve_entities(con: duckdb.DuckDBPyConnection, pending_mentions: str | None = None) -> None:
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
    rows = con.execute(
        "SELECT a.alias_id, a.alias_norm, a.entity_type, coalesce(c.mentions, 0) FROM entity_aliases AS a "
        "LEFT JOIN (SELECT alias_id, count(*) AS mentions FROM "
        f"(SELECT alias_id, article_id FROM entity_mentions {pending}) GROUP BY alias_id) AS c USING (alias_id) "
        "ORDER BY a.alias_id"
    ).fetchall()
    links = resolve_aliases(Alias(*row) for row in rows)
    aliases: dict[str, list] = {name: [] for name in _RESOLVED_ALIASES.names}
    entities: dict[str, dict] = {}
    candidates: dict[str, list] = {name: [] for name in _PLACE_CANDIDATES.names}
    for link in links:
        entity_id = ids.entity_id(link.entity_type, link.key)
        aliases["alias_id"].append(link.alias_id)
        aliases["entity_id"].append(entity_id)
        aliases["method"].append(link.method)
        if entity_id in entities:
            continue
        row = dict(
            entity_id=entity_id, entity_type=link.entity_type, name_norm=link.key, subtype=link.subtype,
            is_name=link.subtype not in GENERIC_SUBTYPES, geonames_id=None, country_code=link.country_code,
            latitude=None, longitude=None,
        )
        if link.entity_type == LOC:
            found = places_named(link.key)
            if len(found) == 1:
                place = found[0]
                row.update(geonames_id=place.geonames_id, country_code=place.country_code, latitude=place.latitude,
                           longitude=place.longitude, subtype=link.subtype or place.kind)
            for place in found if len(found) > 1 else ():
                for name, value in zip(_PLACE_CANDIDATES.names, (entity_id, place.geonames_id, place.country_code,
                                                                 place.latitude, place.longitude)):
                    candidates[name].append(value)
        entities[entity_id] = row
    resolved_entities = {name: [e[name] for e in entities.values()] for name in _RESOLVED_ENTITIES.names}
    tables = {
        "resolved_aliases": pa.Table.from_pydict(aliases, schema=_RESOLVED_ALIASES),
        "resolved_entities": pa.Table.from_pydict(resolved_entities, schema=_RESOLVED_ENTITIES),
        "place_candidates": pa.Table.from_pydict(candidates, schema=_PLACE_CANDIDATES),
    }
    for name, table in tables.items():
        con.register(name, table)
    try:
        run_script(con, "resolve_entities.sql")
    finally:
        for name in tables:
            con.unregister(name)
