"""Reading a lake's DuckLake snapshot and a warehouse's tables the same way, for equality checks."""

from __future__ import annotations

from pathlib import Path

import duckdb

from akhbar.schema import TABLES

LAKE_TABLES = [spec for spec in TABLES if not spec.internal]


def catalog_tables(lake: str, catalog: str | None = None) -> dict[str, list[tuple]]:
    """Every row of every lake table as a reader sees it through the DuckLake catalog, sorted."""
    from akhbar.warehouse.lake_reader import connect_lake_reader

    with connect_lake_reader(str(lake), catalog) as con:
        return {spec.name: _rows(con, spec) for spec in LAKE_TABLES}


def warehouse_tables(warehouse: Path) -> dict[str, list[tuple]]:
    """The same tables from the warehouse file."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {spec.name: _rows(con, spec) for spec in LAKE_TABLES}


def _rows(con: duckdb.DuckDBPyConnection, spec) -> list[tuple]:
    columns = ", ".join(f'"{c}"' for c in spec.columns)
    return sorted(con.execute(f'SELECT {columns} FROM "{spec.name}"').fetchall(), key=repr)
