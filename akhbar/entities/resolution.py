"""The tables entity resolution writes, computed from the warehouse's names, in this process or
in a child process.

``akhbar.entities.linking`` decides which names are one referent; this module turns its answer
into the three Arrow tables ``warehouse/resolve.py`` hands to ``sql/resolve_entities.sql``:
every alias with its entity and method, every entity with its attributes (GeoNames for places),
and the places whose name several GeoNames places bear.

Why a child process: resolution reads every name of the warehouse (75k on SaudiNewsNet) into
Python objects inside the load, when the writer's memory is at its height. Python hands little
of that memory back to the system after it is freed (its small-object arenas stay mapped while
any object lives in them), so the load process kept it to the end of the load, on top of DuckDB's
buffers. A child process computes the same tables and gives all of its memory back when it
exits; the names and the answer cross as Arrow IPC files. Small warehouses resolve in-process:
starting a child costs more than their few names hold (``RESOLVE_IN_CHILD_MIN_NAMES``).

Pure: no DuckDB, no Prefect. ``python -m akhbar.entities.resolution NAMES.arrow OUT_DIR`` is the
child's entry point.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

from akhbar import ids
from akhbar.entities.linking import GENERIC_SUBTYPES, Alias, resolve_aliases
from akhbar.entities.places import places_named
from akhbar.errors import WarehouseError
from akhbar.subprocesses import run_module
from akhbar.text.morphology import LOC

# From this many names on, resolution runs in a child process (see the module docstring).
RESOLVE_IN_CHILD_MIN_NAMES = 20_000

NAMES = pa.schema(
    [("alias_id", pa.string()), ("alias_norm", pa.string()), ("entity_type", pa.string()), ("mentions", pa.int64())]
)
RESOLVED_ALIASES = pa.schema([("alias_id", pa.string()), ("entity_id", pa.string()), ("method", pa.string())])
RESOLVED_ENTITIES = pa.schema(
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
PLACE_CANDIDATES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("geonames_id", pa.int64()),
        ("country_code", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
    ]
)
# Table name (as resolve_entities.sql reads it) -> schema.
OUTPUTS = {"resolved_aliases": RESOLVED_ALIASES, "resolved_entities": RESOLVED_ENTITIES, "place_candidates": PLACE_CANDIDATES}


def resolution_tables(names: pa.Table) -> dict[str, pa.Table]:
    """The resolved aliases, entities and place candidates of the names (shaped like ``NAMES``)."""
    links = resolve_aliases(Alias(*row) for row in zip(*(names.column(n).to_pylist() for n in NAMES.names)))
    aliases: dict[str, list] = {name: [] for name in RESOLVED_ALIASES.names}
    entities: dict[str, dict] = {}
    candidates: dict[str, list] = {name: [] for name in PLACE_CANDIDATES.names}
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
                for name, value in zip(PLACE_CANDIDATES.names, (entity_id, place.geonames_id, place.country_code,
                                                                place.latitude, place.longitude)):
                    candidates[name].append(value)
        entities[entity_id] = row
    resolved_entities = {name: [e[name] for e in entities.values()] for name in RESOLVED_ENTITIES.names}
    return {
        "resolved_aliases": pa.Table.from_pydict(aliases, schema=RESOLVED_ALIASES),
        "resolved_entities": pa.Table.from_pydict(resolved_entities, schema=RESOLVED_ENTITIES),
        "place_candidates": pa.Table.from_pydict(candidates, schema=PLACE_CANDIDATES),
    }


def resolve(names: pa.Table, in_child_min_names: int = RESOLVE_IN_CHILD_MIN_NAMES) -> dict[str, pa.Table]:
    """``resolution_tables``, in a child process from ``in_child_min_names`` names on."""
    if names.num_rows < in_child_min_names:
        return resolution_tables(names)
    return resolve_in_child(names)


def resolve_in_child(names: pa.Table) -> dict[str, pa.Table]:
    """``resolution_tables`` computed by a child process (akhbar.subprocesses.run_module); a
    WarehouseError if it fails."""
    with tempfile.TemporaryDirectory(prefix="akhbar-resolve-") as scratch:
        source = Path(scratch) / "names.arrow"
        _write(names, source)
        failure = run_module(__name__, str(source), scratch)
        if failure is not None:
            raise WarehouseError(f"entity resolution failed in its child process: {failure}")
        return {name: _read(Path(scratch) / f"{name}.arrow") for name in OUTPUTS}


def _write(table: pa.Table, path: Path) -> None:
    with ipc.new_file(str(path), table.schema) as out:
        out.write_table(table)


def _read(path: Path) -> pa.Table:
    # Read into memory (not memory-mapped): the scratch folder goes as soon as this returns.
    with pa.OSFile(str(path)) as source:
        return ipc.open_file(source).read_all()


def main(argv: list[str] | None = None) -> int:
    """The child's work: read the names, write the three tables next to them."""
    source, out_dir = argv if argv is not None else sys.argv[1:]
    names = _read(Path(source))
    if names.schema != NAMES:
        raise SystemExit(f"the names table has columns {names.schema.names}, expected {NAMES.names}")
    for name, table in resolution_tables(names).items():
        _write(table, Path(out_dir) / f"{name}.arrow")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
