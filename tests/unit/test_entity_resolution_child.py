"""Entity resolution gives the same tables in a child process as in the load's own process."""

import pyarrow as pa
import pytest

from akhbar.entities import resolution
from akhbar.errors import WarehouseError
from akhbar.text.normalize import match_key

# Real names of SaudiNewsNet: variants that link, places with and without GeoNames ambiguity.
_NAMES = [
    ("a1", "سلمان بن عبدالعزيز آل سعود", "PERS", 40),
    ("a2", "سلمان بن عبدالعزيز", "PERS", 30),
    ("a3", "المملكة العربية السعودية", "LOC", 20),
    ("a4", "السعودية", "LOC", 90),
    ("a5", "بجدة", "LOC", 3),
    ("a6", "جدة", "LOC", 50),
    ("a7", "طرابلس", "LOC", 5),
    ("a8", "حركة حماس", "ORG", 4),
    ("a9", "حماس", "ORG", 12),
    ("a10", "دولارا", "MISC", 2),
]


def _names() -> pa.Table:
    rows = [(alias, match_key(name), kind, count) for alias, name, kind, count in _NAMES]
    return pa.Table.from_pylist([dict(zip(resolution.NAMES.names, row)) for row in rows], schema=resolution.NAMES)


def test_the_child_process_computes_the_same_tables():
    here = resolution.resolution_tables(_names())
    there = resolution.resolve_in_child(_names())
    assert set(there) == set(resolution.OUTPUTS)
    for name, table in here.items():
        assert there[name].schema == resolution.OUTPUTS[name]
        assert there[name].to_pylist() == table.to_pylist(), name


def test_variants_are_linked_in_the_tables():
    tables = resolution.resolve(_names(), in_child_min_names=0)
    entity = dict(zip(tables["resolved_aliases"].column("alias_id").to_pylist(),
                      tables["resolved_aliases"].column("entity_id").to_pylist()))  # fmt: skip
    assert entity["a1"] == entity["a2"]
    assert entity["a3"] == entity["a4"]
    assert entity["a5"] == entity["a6"]
    assert entity["a8"] == entity["a9"]
    assert entity["a6"] != entity["a4"]
    # طرابلس names two GeoNames cities (Libya, Lebanon): candidates, not a link.
    ambiguous = set(tables["place_candidates"].column("entity_id").to_pylist())
    assert ambiguous == {entity["a7"]}


def test_below_the_threshold_resolution_stays_in_process(monkeypatch):
    monkeypatch.setattr(resolution, "resolve_in_child", lambda names: pytest.fail("started a child"))
    assert resolution.resolve(_names(), in_child_min_names=len(_NAMES) + 1)["resolved_aliases"].num_rows == len(_NAMES)


def test_a_failing_child_is_a_clear_warehouse_error():
    broken = pa.table({"alias_id": ["a1"]})  # not the names schema: the child refuses it
    with pytest.raises(WarehouseError, match="entity resolution failed in its child process: .*expected"):
        resolution.resolve_in_child(broken)
