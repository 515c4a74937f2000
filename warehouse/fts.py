"""DuckDB's fts extension (for its Snowball stemmer), loaded offline from its wheel.

The extension comes from the ``duckdb-ext-fts`` wheel and is loaded from that file by path:
nothing is ever downloaded, and autoinstall stays off. Both the search index (in the load) and
search queries (read-only analyst connections) need it, for ``stem()``.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import duckdb

from akhbar.errors import WarehouseError

EXTENSION_PACKAGE = "duckdb-ext-fts"
EXTENSION_FILE = "fts.duckdb_extension"


def extension_path() -> Path:
    """The fts extension file shipped by the ``duckdb-ext-fts`` wheel for this DuckDB version."""
    wanted = f"v{duckdb.__version__}"
    try:
        files = importlib.metadata.files(EXTENSION_PACKAGE) or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    candidates = [Path(f.locate()).resolve() for f in files if f.name == EXTENSION_FILE]
    for path in candidates:
        # Layout: duckdb_ext/extensions/v<duckdb version>/<platform>/fts.duckdb_extension
        if path.parent.parent.name == wanted and path.is_file():
            return path
    found = ", ".join(str(p) for p in candidates) or "none"
    raise WarehouseError(
        f"the DuckDB fts extension for DuckDB {duckdb.__version__} is not installed "
        f"(found: {found}); install the '{EXTENSION_PACKAGE}' version matching duckdb"
    )


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the fts extension into the connection's database from the wheel's file, offline.

    LOAD by path (rather than setting ``extension_directory``) changes no setting of the
    connection, so the writer's other behaviour is untouched. Loading is idempotent.
    """
    con.execute("LOAD " + _sql_string(str(extension_path())))


def _sql_string(text: str) -> str:
    # LOAD takes no bound parameter; the path comes from the installed wheel, never from input.
    return "'" + text.replace("'", "''") + "'"
