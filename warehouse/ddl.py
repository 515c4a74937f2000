"""DuckDB DDL derived from the Arrow schemas in ``akhbar.schema`` (never written by hand)."""

from __future__ import annotations

import pyarrow as pa

from akhbar.schema import TableSpec


def duckdb_type(type_: pa.DataType) -> str:
    """The DuckDB column type for an Arrow type of the contract."""
    if pa.types.is_string(type_) or pa.types.is_large_string(type_):
        return "VARCHAR"
    if pa.types.is_int8(type_):
        return "TINYINT"
    if pa.types.is_int16(type_):
        return "SMALLINT"
    if pa.types.is_int32(type_):
        return "INTEGER"
    if pa.types.is_int64(type_):
        return "BIGINT"
    if pa.types.is_float64(type_):
        return "DOUBLE"
    if pa.types.is_float32(type_):
        return "FLOAT"
    if pa.types.is_boolean(type_):
        return "BOOLEAN"
    if pa.types.is_date32(type_):
        return "DATE"
    if pa.types.is_timestamp(type_):
        return "TIMESTAMPTZ" if type_.tz else "TIMESTAMP"
    if pa.types.is_map(type_):
        return f"MAP({duckdb_type(type_.key_type)}, {duckdb_type(type_.item_type)})"
    if pa.types.is_list(type_):
        return duckdb_type(type_.value_type) + "[]"
    raise TypeError(f"no DuckDB mapping for Arrow type {type_}")


def quote(identifier: str) -> str:
    """Quote an identifier (table and column names come from the schema module, never from input)."""
    return '"' + identifier.replace('"', '""') + '"'


def create_table_sql(
    spec: TableSpec, name: str | None = None, *, temporary: bool = False, constraints: bool = True
) -> str:
    """CREATE TABLE statement with types and NOT NULLs, plus primary key and unique constraints.

    ``temporary`` without ``constraints`` gives the staging shape: same columns, no keys, since
    staged rows may repeat a key that the load then deduplicates.
    """
    columns = [
        f"{quote(f.name)} {duckdb_type(f.type)}{'' if f.nullable else ' NOT NULL'}" for f in spec.schema
    ]
    if constraints and spec.enforce_primary_key:
        columns.append(f"PRIMARY KEY ({', '.join(quote(c) for c in spec.primary_key)})")
        for unique in spec.unique:
            columns.append(f"UNIQUE ({', '.join(quote(c) for c in unique)})")
    kind = "CREATE OR REPLACE TEMP TABLE" if temporary else "CREATE TABLE IF NOT EXISTS"
    return f"{kind} {quote(name or spec.name)} (\n  " + ",\n  ".join(columns) + "\n)"


def column_list(spec: TableSpec) -> str:
    """The spec's columns, quoted and comma separated, in schema order."""
    return ", ".join(quote(c) for c in spec.columns)
