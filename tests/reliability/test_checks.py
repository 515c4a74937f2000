"""A failing data check fails the run loudly and leaves the warehouse and the lake unchanged."""

from __future__ import annotations

import pytest

from akhbar.cli import main
from akhbar.warehouse import checks
from akhbar.warehouse.checks import DataCheckError
from tests.reliability.conftest import lake_of, lake_table_files, query, run_flow, table_snapshot

INJECTED = "injected for the test: documents have a title"


def test_failing_check_rolls_the_run_back(corpus, tmp_path, monkeypatch, capsys):
    a, b = corpus
    warehouse = tmp_path / "wh" / "akhbar.duckdb"
    run_flow([a], warehouse, workers=1)
    before, lake_before = table_snapshot(warehouse), lake_table_files(lake_of(warehouse))
    # A check that counts the run's new documents as violations: it fails only when b/ is loaded.
    monkeypatch.setitem(checks.CHECKS, INJECTED, "SELECT count(*) FROM stg_documents")
    with pytest.raises(DataCheckError, match=f"data checks failed, run rolled back:\\n  {INJECTED}: 3 violation"):
        run_flow([a, b], warehouse, workers=1)
    assert table_snapshot(warehouse) == before
    assert lake_table_files(lake_of(warehouse)) == lake_before
    assert query(warehouse, "SELECT count(*) FROM runs")[0][0] == 1

    # The same through the CLI: exit code 1 and the check's name on stderr.
    assert main(["run", "--source", str(a), "--source", str(b), "--warehouse", str(warehouse), "--workers", "1"]) == 1
    assert INJECTED in capsys.readouterr().err
    assert table_snapshot(warehouse) == before

    monkeypatch.delitem(checks.CHECKS, INJECTED)
    summary = run_flow([a, b], warehouse, workers=1)
    assert summary["documents_new"] == 3
    assert not any((lake_of(warehouse) / "_staging").iterdir())
