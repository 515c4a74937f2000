"""`akhbar sql` as an analyst meets it: DuckDB's hints kept, SQL from a file or standard input
with bound parameters, the lake's tables as views, and bounds on memory, threads and time that
the query itself cannot raise."""

from __future__ import annotations

import io
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from akhbar.cli import main
from akhbar.config import ReadLimits
from akhbar.warehouse.db import connect_reader, connect_writer, statement_deadline
from akhbar.warehouse.query import QueryRefused, run_query
from tests.conftest import REPO


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("reader") / "akhbar.duckdb"
    connect_writer(path).close()
    # A lake file as the publish writes it: articles partitioned by day.
    day = path.parent / "lake" / "articles" / "published_date=2015-07-21"
    day.mkdir(parents=True)
    pq.write_table(pa.table({"article_id": ["a1", "a2"], "title": ["خبر", "خبر آخر"]}), day / "run-x-0.parquet")
    return path


def _sql(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["sql", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_duckdb_hints_are_kept(warehouse, capsys):
    code, _, err = _sql(capsys, "SELECT * FROM article", "--warehouse", str(warehouse))
    assert code == 1
    assert err.strip() == 'akhbar: query failed: Catalog Error: Table with name article does not exist! Did you mean "articles"?'
    _, _, err = _sql(capsys, "SELECT titl FROM articles", "--warehouse", str(warehouse))
    assert 'Candidate bindings: "title"' in err and len(err.strip().splitlines()) == 1


def test_lake_tables_are_views_and_other_files_stay_out_of_reach(warehouse):
    assert run_query(warehouse, "SELECT count(*), min(published_date) FROM lake_articles")[1] == [(2, date(2015, 7, 21))]
    lake = warehouse.parent / "lake"
    assert run_query(warehouse, f"SELECT count(*) FROM read_parquet('{lake}/articles/**/*.parquet')")[1] == [(2,)]
    with pytest.raises(QueryRefused, match="file system operations are disabled"):
        run_query(warehouse, "SELECT * FROM read_csv('/etc/passwd')")


def test_an_example_query_file_runs_with_params(warehouse, capsys):
    example = REPO / "warehouse" / "queries" / "02_top_entities.sql"
    code, out, err = _sql(capsys, "-f", str(example), "--param", "entity_type=PERS", "--param", "limit=3", "--warehouse", str(warehouse))
    assert (code, err) == (0, "")
    assert out.splitlines()[0].split(" | ")[0].strip() == "name"
    code, _, err = _sql(capsys, "-f", str(example), "--param", "nope=1", "--warehouse", str(warehouse))
    assert code == 2 and "has no parameter nope" in err
    code, _, err = _sql(capsys, "-f", str(example), "--param", "limit=many", "--warehouse", str(warehouse))
    assert code == 2 and "'many' is not a INTEGER" in err


def test_sql_from_standard_input_and_plain_params(warehouse, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT upper($word) AS answer, CAST($n AS INTEGER) + 1 AS next"))
    code, out, _ = _sql(capsys, "-", "--param", "word=akhbar", "--param", "n=41", "--format", "csv", "--warehouse", str(warehouse))
    assert code == 0 and out.split() == ["answer,next", "AKHBAR,42"]


def test_a_runaway_query_is_stopped_with_one_line(warehouse, capsys):
    code, _, err = _sql(capsys, "SELECT count(*) FROM range(1000000000000) a", "--timeout", "0.5", "--warehouse", str(warehouse))
    assert code == 1
    assert err.strip() == "akhbar: the query was stopped after 0.5 s (its time limit); narrow it, or allow more with --timeout SECONDS"


def test_limits_are_set_then_locked(warehouse):
    limits = ReadLimits(memory_limit="300MB", threads=1, timeout_s=5)
    with connect_reader(warehouse, limits) as con, statement_deadline(con, limits):
        assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 1
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] in ("286.1 MiB", "300.0 MB")
    with pytest.raises(QueryRefused, match="read-only"):
        run_query(warehouse, "SET memory_limit = '100GB'")


def test_a_query_over_its_memory_limit_fails_with_one_line(warehouse, capsys):
    code, _, err = _sql(
        capsys, "SELECT list(range) FROM range(50000000) GROUP BY range % 7", "--memory-limit", "20MB", "--warehouse", str(warehouse)
    )
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "memory" in err.lower() and "--memory-limit" in err

