"""DuckDB's fts extension (for its Snowball stemmer), loaded offline from its wheel.

Both the search index (in the load) and search queries (read-only analyst connections) need it,
for ``stem()``; how extensions are found and loaded is akhbar/warehouse/extensions.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from akhbar.warehouse.extensions import extension_path as _extension_path
from akhbar.warehouse.extensions import load_extension



def extension_path() -> Path:
    """The fts extension file shipped by the ``duckdb-ext-fts`` wheel for this DuckDB version."""
    return _extension_path("fts")


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the fts extension into the connection's database from the wheel's file, offline."""
    load_extension(con, "fts")
