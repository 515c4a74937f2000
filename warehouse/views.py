"""The curated SQL layer: plainly named, documented views over the contract tables.

``create_views`` is called at the end of ``db.ensure_schema``. Views are ``CREATE OR REPLACE``, so
calling it again (e.g. after an upgrade changed ``sql/views.sql``) is harmless. It also copies the
contract's descriptions onto the tables and columns as DuckDB comments, so an analyst sees them in
``duckdb_columns()`` without leaving SQL.
"""

from __future__ import annotations

import re

import duckdb

from akhbar.schema import TABLES
from akhbar.warehouse.ddl import quote
from akhbar.warehouse.scripts import sql_text

_VIEW = re.compile(r"^CREATE OR REPLACE VIEW (\w+)", re.MULTILINE)


def views_sql() -> str:
    """The text of ``sql/views.sql``."""
    return sql_text("views.sql")


def view_names() -> list[str]:
    """The curated views, in definition order."""
    return _VIEW.findall(views_sql())


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the curated views and comment every contract table and column."""
    con.execute(views_sql())
    for spec in TABLES:
        # Comments are values, but COMMENT ON takes no bound parameter: they come from the schema
        # module (code), never from input, and are quoted as SQL strings.
        con.execute(f"COMMENT ON TABLE {quote(spec.name)} IS {_literal(spec.description)}")
        for field in spec.schema:
            description = (field.metadata or {}).get(b"description", b"").decode()
            con.execute(f"COMMENT ON COLUMN {quote(spec.name)}.{quote(field.name)} IS {_literal(description)}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
