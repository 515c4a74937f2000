"""Order and repetition: the tables depend on the set of documents, not on how they arrived."""

from __future__ import annotations

import pytest

from tests.reliability.conftest import run_flow, table_snapshot


@pytest.fixture(scope="module")
def single_run(corpus, tmp_path_factory):
    a, b = corpus
    warehouse = tmp_path_factory.mktemp("order-single") / "akhbar.duckdb"
    run_flow([a, b], warehouse, workers=1)
    return table_snapshot(warehouse)


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_two_folders_in_either_order_equal_one_run(order, corpus, single_run, tmp_path):
    a, b = corpus
    folders = {"a": a, "b": b}
    warehouse = tmp_path / "akhbar.duckdb"
    for name in order:
        run_flow([folders[name]], warehouse, workers=1)
    assert_same_tables(warehouse, single_run)


def assert_same_tables(warehouse, expected):
    """Every table equal, keywords included (phrases no article ranks any more are removed)."""
    assert table_snapshot(warehouse) == expected


def test_repeating_the_same_input_changes_nothing(corpus, single_run, tmp_path):
    a, b = corpus
    warehouse = tmp_path / "akhbar.duckdb"
    for _ in range(3):
        summary = run_flow([b, a], warehouse, workers=1, batch_size=1)  # sources and batches reordered too
        assert table_snapshot(warehouse) == single_run
    assert summary["documents_new"] == 0


def test_copied_files_with_new_paths_add_nothing(corpus, single_run, tmp_path):
    """The same bytes under another path (a re-delivered feed) are not new documents."""
    import shutil

    a, b = corpus
    warehouse = tmp_path / "akhbar.duckdb"
    run_flow([a, b], warehouse, workers=1)
    copy = tmp_path / "redelivered"
    shutil.copytree(a, copy)
    summary = run_flow([copy], warehouse, workers=1)
    assert summary["documents_new"] == 0
    snapshot = table_snapshot(warehouse)
    # source_files records the new paths (so they are skipped unread next time); nothing else moves.
    assert {k: v for k, v in snapshot.items() if k != "source_files"} == {
        k: v for k, v in single_run.items() if k != "source_files"
    }
