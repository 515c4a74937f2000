"""Quarantined documents are read again when their cause may have changed: a new field mapping
or akhbar version (automatically), or on request (--retry-quarantined)."""

from __future__ import annotations

import json

import duckdb
import pytest

from akhbar.summary import QUARANTINE_QUERY, RunSummary
from tests.conftest import SEED_PAGE
from tests.integration.conftest import query, run_flow

RECORDS = [
    {"title": "أمير الرياض يدشن مشروع قطار الرياض", "text": "دشن أمير منطقة الرياض الأمير فيصل بن بندر مشروع قطار الرياض اليوم."},
    {"title": "وزارة الصحة تعلن حالات جديدة", "text": "أعلنت وزارة الصحة السعودية تسجيل حالات جديدة في مدينة جدة."},
]


@pytest.fixture
def feed(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    return inbox


def test_a_wrong_mapping_quarantines_and_the_right_one_loads_on_rerun(feed, warehouse):
    wrong = run_flow([feed], warehouse, field_mapping={"body": "wrongfield"}, report=False)
    assert (wrong["documents_loaded"], wrong["documents_quarantined"]) == (0, 2)
    summary = RunSummary.from_dict(wrong)
    assert summary.quarantine_reasons and sum(n for _, n in summary.quarantine_reasons) == 2
    assert "no body text" in summary.quarantine_reasons[0][0]
    assert QUARANTINE_QUERY in "\n".join(summary.lines())

    # The same mapping again: nothing changed, the file is skipped unread.
    same = run_flow([feed], warehouse, field_mapping={"body": "wrongfield"}, report=False)
    assert (same["documents_new"], same["documents_retried"]) == (0, 0)

    fixed = run_flow([feed], warehouse, field_mapping={"body": "text"}, report=False)
    assert fixed["documents_retried"] == 2
    assert (fixed["documents_loaded"], fixed["documents_quarantined"]) == (2, 0)
    assert query(warehouse, "SELECT status, count(*) FROM documents GROUP BY status") == [("loaded", 2)]
    assert query(warehouse, "SELECT count(*) FROM articles") == [(2,)]
    # The lake agrees: the earlier runs' files no longer hold the quarantined rows.
    assert lake_documents(warehouse) == sorted(query(warehouse, "SELECT doc_id, status, run_id FROM documents"))
    assert query(warehouse, "SELECT count(*) FROM lake_rewrites") == [(0,)]
    settings = query(warehouse, "SELECT input_settings FROM runs ORDER BY started_at")
    assert [json.loads(s)["field_mapping"] for (s,) in settings] == [{"body": "wrongfield"}, {"body": "wrongfield"}, {"body": "text"}]

    # Loaded documents are never read again.
    again = run_flow([feed], warehouse, field_mapping={"body": "text"}, report=False, retry_quarantined=True)
    assert (again["documents_new"], again["documents_retried"]) == (0, 0)


def test_retry_quarantined_reads_them_again_on_request(tmp_path, warehouse):
    inbox = tmp_path / "pages"
    inbox.mkdir()
    (inbox / "page.txt").write_bytes(SEED_PAGE.read_bytes())
    small = run_flow([inbox], warehouse, max_document_mb=0.001, report=False)
    assert small["documents_quarantined"] == 1

    # A larger limit alone does not change the input settings: the file is skipped as unchanged...
    skipped = run_flow([inbox], warehouse, report=False)
    assert skipped["documents_new"] == 0
    # ... until the user asks for quarantined documents to be read again.
    retried = run_flow([inbox], warehouse, report=False, retry_quarantined=True)
    assert (retried["documents_retried"], retried["documents_loaded"]) == (1, 1)
    assert query(warehouse, "SELECT status FROM documents") == [("loaded",)]
    assert [status for _, status, _ in lake_documents(warehouse)] == ["loaded"]


def lake_documents(warehouse) -> list[tuple]:
    """(doc_id, status, run_id) of every row of the lake's documents files."""
    rows = duckdb.sql(
        "SELECT doc_id, status, run_id FROM read_parquet(?)", params=[str(warehouse.parent / "lake" / "documents" / "*.parquet")]
    ).fetchall()
    return sorted(rows)
