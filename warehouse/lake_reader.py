"""`akhbar sql --lake URI`: read-only queries on the lake's DuckLake snapshot, from any machine.

No warehouse file: an in-memory DuckDB attaches the DuckLake catalog read-only (the lake's own
SQLite copy, or the catalog given), and reads the Parquet files it lists from the lake (local, or
over httpfs with the secret built from the AWS environment). The same protections as `akhbar sql`
on the warehouse (akhbar.warehouse.db.connect_reader): a memory limit, a thread cap and a time
limit, file access only inside the lake, the configuration locked before the query, and the same
statement checks (akhbar.warehouse.query.execute_read_only). The curated views of
``sql/views.sql`` are created over the catalog's tables, so the example queries work unchanged.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import duckdb

from akhbar.config import ReadLimits
from akhbar.errors import WarehouseError
from akhbar.storage import LakeStorage
from akhbar.warehouse.catalog import ALIAS, open_catalog, reader_catalog
from akhbar.warehouse.db import READ_LIMITS, apply_read_limits, first_line, lock_reader, statement_deadline
from akhbar.warehouse.lake import Lake
from akhbar.warehouse.query import _query_failed, execute_read_only
from akhbar.warehouse.views import views_sql

_CREATE_VIEW = re.compile(r"^CREATE OR REPLACE VIEW ", re.MULTILINE)


@contextlib.contextmanager
def connect_lake_reader(lake_uri: str, catalog: str | None, limits: ReadLimits | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A locked, read-only connection to the lake's DuckLake snapshot (see the module docstring)."""
    limits = limits or READ_LIMITS.get()
    storage = LakeStorage.at(lake_uri)
    lake = Lake(storage)
    with reader_catalog(lake, catalog) as attached:
        con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
        try:
            open_catalog(con, storage, attached, read_only=True)
            con.execute(f"USE {ALIAS}")
            # The curated views over the catalog's tables, as temporary views of this connection.
            con.execute(_CREATE_VIEW.sub("CREATE OR REPLACE TEMP VIEW ", views_sql()))
            apply_read_limits(con, limits)
            lock_reader(con, [storage.join("")])
        except duckdb.Error as exc:
            con.close()
            raise WarehouseError(f"cannot open the lake {storage.uri} for reading: {first_line(exc)}") from None
        except BaseException:
            con.close()
            raise
        try:
            yield con
        finally:
            con.close()


def run_lake_query(lake_uri: str, catalog: str | None, sql: str, params: list | dict | None = None) -> tuple[list[str], list[tuple]]:
    """Run one read-only statement on the lake's snapshot; return column names and rows."""
    with connect_lake_reader(lake_uri, catalog) as con, statement_deadline(con):
        cursor = execute_read_only(con, sql, params)
        try:
            return [d[0] for d in cursor.description], cursor.fetchall()
        except duckdb.Error as exc:
            raise _query_failed(exc) from None
