"""Read-only queries for analysts: `akhbar sql` and any connection handed to a user."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from akhbar.errors import AkhbarError
from akhbar.warehouse.db import connect_reader, first_line, statement_deadline

# Only statements that read: anything else (writes, ATTACH, COPY, INSTALL/LOAD, SET) is refused
# before it reaches DuckDB, and the connection itself is read-only with external access off.
ALLOWED_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})


class QueryRefused(AkhbarError):
    """The query is not a read-only query."""


def run_query(warehouse: Path, sql: str, params: list | dict | None = None) -> tuple[list[str], list[tuple]]:
    """Run one read-only statement; return column names and rows. DuckDB's hints ("Did you
    mean ...") stay in the error; the connection's limits (db.READ_LIMITS) bound it."""
    with connect_reader(warehouse) as con, statement_deadline(con):
        cursor = execute_read_only(con, sql, params)
        try:
            columns = [d[0] for d in cursor.description]
            return columns, cursor.fetchall()
        except duckdb.Error as exc:
            raise _query_failed(exc) from None


_EXPLAIN = re.compile(r"^\s*EXPLAIN(?:\s+ANALY[SZ]E)?\s+", re.IGNORECASE)


def _refuse_explained_writes(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """EXPLAIN ANALYZE runs its statement: only a SELECT may be explained. Whatever the prefix
    cannot be stripped from (comments first, odd spacing) stays EXPLAIN and is refused: fail safe."""
    try:
        inner = con.extract_statements(_EXPLAIN.sub("", sql, count=1))
    except duckdb.Error as exc:
        raise QueryRefused(f"cannot parse the query: {first_line(exc)}") from None
    kinds = [statement.type for statement in inner]
    if kinds != [duckdb.StatementType.SELECT]:
        names = ", ".join(kind.name for kind in kinds) or "nothing"
        raise QueryRefused(f"the warehouse is read-only here: only SELECT queries may be explained, not {names}")


def execute_read_only(
    con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None
) -> duckdb.DuckDBPyConnection:
    """Check that ``sql`` is one statement that only reads, then execute it on ``con`` (a reader
    connection); the caller fetches the result (``run_query``, or in batches for ``akhbar export``)."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"cannot parse the query: {first_line(exc)}") from None
    if len(statements) != 1:
        raise QueryRefused(f"give exactly one statement (got {len(statements)})")
    kind = statements[0].type
    if kind not in ALLOWED_STATEMENTS:
        raise QueryRefused(f"the warehouse is read-only here: only SELECT queries are allowed, not {kind.name}")
    if kind == duckdb.StatementType.EXPLAIN:
        _refuse_explained_writes(con, statements[0].query)
    try:
        return con.execute(sql, params)
    except duckdb.Error as exc:
        raise _query_failed(exc) from None


def _query_failed(exc: duckdb.Error) -> Exception:
    """The one-line error for a failed read-only query (an interrupt is the deadline's, which
    statement_deadline reports, so it passes through as it is)."""
    if isinstance(exc, duckdb.InterruptException):
        return exc
    if isinstance(exc, duckdb.PermissionException):
        return QueryRefused(f"refused: {first_line(exc)}")
    if isinstance(exc, duckdb.OutOfMemoryException):
        return AkhbarError(f"query failed: {first_line(exc)} (narrow it, or allow more with --memory-limit)")
    return AkhbarError(f"query failed: {first_line(exc)}")
