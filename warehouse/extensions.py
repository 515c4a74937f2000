"""DuckDB extensions loaded offline from their ``duckdb-ext-*`` wheels, and the lake's secret.

Every extension akhbar uses (fts, httpfs, ducklake, sqlite, postgres) comes from a wheel pinned to
the DuckDB version in pyproject.toml and is loaded from that file by path: nothing is ever
downloaded, and autoinstall stays off. LOAD by path (rather than setting
``extension_directory``) changes no setting of the connection, and loading is idempotent.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import duckdb

from akhbar.errors import WarehouseError
from akhbar.storage import LakeStorage

# Extension name -> the PyPI package that ships it.
PACKAGES = {
    "fts": "duckdb-ext-fts",
    "httpfs": "duckdb-ext-httpfs",
    "ducklake": "duckdb-ext-ducklake",
    "sqlite_scanner": "duckdb-ext-sqlite",
    "postgres_scanner": "duckdb-ext-postgres",
}
LAKE_SECRET = "akhbar_lake"


def extension_path(name: str) -> Path:
    """The extension file shipped by its wheel for this DuckDB version."""
    package, wanted, filename = PACKAGES[name], f"v{duckdb.__version__}", f"{name}.duckdb_extension"
    try:
        files = importlib.metadata.files(package) or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    candidates = [Path(f.locate()).resolve() for f in files if f.name == filename]
    for path in candidates:
        # Layout: duckdb_ext/extensions/v<duckdb version>/<platform>/<name>.duckdb_extension
        if path.parent.parent.name == wanted and path.is_file():
            return path
    found = ", ".join(str(p) for p in candidates) or "none"
    raise WarehouseError(
        f"the DuckDB {name} extension for DuckDB {duckdb.__version__} is not installed "
        f"(found: {found}); install the '{package}' version matching duckdb"
    )


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load one extension into the connection's database from its wheel's file, offline."""
    con.execute("LOAD " + sql_string(str(extension_path(name))))


def use_lake_storage(con: duckdb.DuckDBPyConnection, storage: LakeStorage) -> None:
    """Let ``con`` read (and DuckLake write) the lake's files: for an object store, httpfs and a
    temporary (never persisted) secret built from the environment (LakeStorage.duckdb_secret)."""
    options = storage.duckdb_secret()
    if options is None:
        return
    load_extension(con, "httpfs")
    # CREATE SECRET takes no bound parameter: values are quoted literals.
    body = ", ".join(f"{key} {_literal(value)}" for key, value in options.items())
    con.execute(f"CREATE OR REPLACE TEMPORARY SECRET {LAKE_SECRET} ({body})")


def _literal(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if value.isidentifier() and value.lower() == "s3" else sql_string(value)


def sql_string(text: str) -> str:
    """A SQL string literal (for the statements that take no bound parameter)."""
    return "'" + text.replace("'", "''") + "'"
