"""A run that changed no data checks its own row only; any other run checks everything."""

import duckdb
import pytest

from akhbar.warehouse import checks
from akhbar.warehouse.checks import DataCheckError


def test_a_run_that_changed_no_data_runs_only_the_run_row_checks(monkeypatch):
    monkeypatch.setattr(checks, "CHECKS", {"a table check, violated": "SELECT 1", "the run's row": "SELECT 0"})
    monkeypatch.setattr(checks, "RUN_ROW_CHECKS", frozenset({"the run's row"}))
    with duckdb.connect() as con:
        checks.run_checks(con, "r1", data_changed=False)
        with pytest.raises(DataCheckError, match="a table check, violated: 1 violation"):
            checks.run_checks(con, "r1", data_changed=True)


def test_a_violated_run_row_check_fails_even_a_run_without_data(monkeypatch):
    monkeypatch.setattr(checks, "CHECKS", {"the run's row": "SELECT 2"})
    monkeypatch.setattr(checks, "RUN_ROW_CHECKS", frozenset({"the run's row"}))
    with duckdb.connect() as con, pytest.raises(DataCheckError, match="the run's row: 2 violation"):
        checks.run_checks(con, "r1", data_changed=False)


def test_the_run_row_checks_are_checks():
    assert checks.RUN_ROW_CHECKS <= set(checks.CHECKS)
