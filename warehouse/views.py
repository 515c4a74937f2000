"""The curated SQL layer: plainly named, documented views over the contract tables.

``create_views`` is called at the end of ``db.ensure_schema``. Views are ``CREATE OR REPLACE``, so
calling it again (e.g. after an upgrade changed ``sql/views.sql``) is harmless. It also copies the
contract's descriptions onto the tables and columns as DuckDB comments, so an analyst sees them in
``duckdb_columns()`` without leaving SQL. The per-subject attention views pass most columns
through from ``subject_attention``: those inherit its descriptions, stated once.
"""

from __future__ import annotations

import re

import duckdb

from akhbar.schema import TABLES
from akhbar.warehouse.ddl import quote
from akhbar.warehouse.scripts import sql_text

_VIEW = re.compile(r"^CREATE OR REPLACE VIEW (\w+)", re.MULTILINE)
# The view whose column descriptions the views built on it inherit (when they state none).
_DESCRIBED_ONCE = "subject_attention"


def views_sql() -> str:
    """The text of ``sql/views.sql``."""
    return sql_text("views.sql")


def view_names() -> list[str]:
    """The curated views, in definition order."""
    return _VIEW.findall(views_sql())


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the curated views and comment every contract table and column."""
    con.execute(views_sql())
    _inherit_descriptions(con)
    for spec in TABLES:
        # Comments are values, but COMMENT ON takes no bound parameter: they come from the schema
        # module (code), never from input, and are quoted as SQL strings.
        con.execute(f"COMMENT ON TABLE {quote(spec.name)} IS {_literal(spec.description)}")
        for field in spec.schema:
            description = (field.metadata or {}).get(b"description", b"").decode()
            con.execute(f"COMMENT ON COLUMN {quote(spec.name)}.{quote(field.name)} IS {_literal(description)}")


def _inherit_descriptions(con: duckdb.DuckDBPyConnection) -> None:
    described = dict(
        con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ? AND comment IS NOT NULL", [_DESCRIBED_ONCE]
        ).fetchall()
    )
    missing = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE list_contains(?, table_name) AND (comment IS NULL OR comment = '')",
        [view_names()],
    ).fetchall()
    for view, column in missing:
        if column in described:
            con.execute(f"COMMENT ON COLUMN {quote(view)}.{quote(column)} IS {_literal(described[column])}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
