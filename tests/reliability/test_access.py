"""`akhbar sql` is read-only: writes, ATTACH, COPY ... TO, INSTALL/LOAD, SET and file reads are refused
with a clear message, and the warehouse is unchanged afterwards."""

from __future__ import annotations

import pytest

from akhbar.cli import main
from akhbar.warehouse.db import connect_writer
from akhbar.warehouse.query import QueryRefused, run_query
from tests.reliability.conftest import table_snapshot

READ_ONLY = "the warehouse is read-only here"
NO_FILES = "file system operations are disabled"

REFUSED = {
    "INSERT INTO runs VALUES ('x', NULL, now(), now(), 0, 0, 0, 0, 0, '{}')": READ_ONLY,
    "UPDATE documents SET status = 'x'": READ_ONLY,
    "DELETE FROM documents": READ_ONLY,
    "CREATE TABLE t (x INTEGER)": READ_ONLY,
    "DROP TABLE documents": READ_ONLY,
    "ALTER TABLE documents ADD COLUMN x INTEGER": READ_ONLY,
    "CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')": READ_ONLY,
    "ATTACH ':memory:' AS m": READ_ONLY,
    "ATTACH '/tmp/other.duckdb'": READ_ONLY,
    "DETACH akhbar": READ_ONLY,
    "COPY documents TO '/tmp/akhbar-leak.csv'": READ_ONLY,
    "COPY (SELECT 1) TO '/tmp/akhbar-leak.parquet'": READ_ONLY,
    "EXPORT DATABASE '/tmp/akhbar-export'": READ_ONLY,
    "INSTALL httpfs": READ_ONLY,
    "LOAD fts": READ_ONLY,
    "SET enable_external_access = true": READ_ONLY,
    "SET memory_limit = '1GB'": READ_ONLY,
    "RESET memory_limit": READ_ONLY,
    "PRAGMA enable_profiling": READ_ONLY,
    "CALL pragma_version()": READ_ONLY,
    "CHECKPOINT": READ_ONLY,
    "BEGIN": READ_ONLY,
    "SELECT 1; DROP TABLE documents": "exactly one statement",
    "EXPLAIN ANALYZE DELETE FROM documents": "only SELECT queries may be explained",
    "EXPLAIN ANALYZE COPY (SELECT 1) TO '/tmp/akhbar-leak.csv'": "only SELECT queries may be explained",
    "SELECT * FROM read_csv('/etc/passwd')": NO_FILES,
    "SELECT * FROM read_text('/etc/passwd')": NO_FILES,
    "SELECT * FROM read_blob('/etc/hostname')": NO_FILES,
    "SELECT * FROM read_json_auto('/etc/os-release')": NO_FILES,
    "SELECT * FROM glob('/etc/*')": NO_FILES,
    "SELECT * FROM sniff_csv('/etc/passwd')": NO_FILES,
    "SELECT * FROM 'https://example.com/x.csv'": NO_FILES,
    "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')": NO_FILES,
    "EXPLAIN ANALYZE SELECT * FROM read_csv('/etc/passwd')": NO_FILES,
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("access") / "akhbar.duckdb"
    connect_writer(path).close()
    return path


@pytest.mark.parametrize("sql", list(REFUSED))
def test_refused_with_a_clear_message(warehouse, sql):
    before = table_snapshot(warehouse)
    with pytest.raises(QueryRefused, match=REFUSED[sql]):
        run_query(warehouse, sql)
    assert table_snapshot(warehouse) == before


def test_a_plain_select_works(warehouse):
    assert run_query(warehouse, "SELECT count(*) AS n FROM documents") == (["n"], [(0,)])
    columns, plan = run_query(warehouse, "EXPLAIN SELECT * FROM documents")
    assert columns and plan, "EXPLAIN returned no plan"


def test_cli_prints_one_line_and_exits_1(warehouse, capsys):
    assert main(["sql", "COPY documents TO '/tmp/akhbar-leak.csv'", "--warehouse", str(warehouse)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("akhbar: the warehouse is read-only here") and "Traceback" not in err
