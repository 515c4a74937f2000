"""The flow over zipped JSON and gzip'd JSON Lines: mapping, member URIs, bad records, manifest."""

from __future__ import annotations

from datetime import date

from tests.integration.conftest import query, run_flow
from tests.json_fixtures import write_jsonl_gz, write_zip


def test_zipped_json_lands_record_by_record(tmp_path, warehouse):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    archive = write_zip(inbox / "2015-07-21.zip")
    write_jsonl_gz(inbox / "feed.jsonl.gz")
    summary = run_flow([inbox], warehouse)
    # 5 records in the zip (2 good) + 3 lines in the feed (2 good, same content as the zip's).
    assert summary["documents_seen"] == 8
    assert summary["documents_loaded"] == 4 and summary["documents_quarantined"] == 4
    reasons = dict(query(warehouse, "SELECT source_uri, error FROM documents WHERE status = 'quarantined'"))
    assert "no body text" in reasons[f"{archive}!2015-07-21.json#2"]
    assert "must be text" in reasons[f"{archive}!2015-07-21.json#3"]
    assert "not an object" in reasons[f"{archive}!2015-07-21.json#4"]
    assert "invalid JSON line" in reasons[f"{inbox}/feed.jsonl.gz#1"]
    rows = query(
        warehouse,
        "SELECT publisher, author, published_date, published_at_source, url FROM articles ORDER BY url",
    )
    assert rows == [
        ("alriyadh", "الرياض - واس", date(2015, 7, 21), "date_extracted", "http://www.alriyadh.com/1"),
        ("okaz", None, date(2015, 7, 22), "date_extracted", "http://www.okaz.com.sa/2"),
    ]
    # The same record in two files is one article found in two documents.
    assert query(warehouse, "SELECT count(*) FROM article_documents")[0][0] == 4


def test_unchanged_archives_are_skipped_unread_on_rerun(tmp_path, warehouse):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_zip(inbox / "day.zip")
    run_flow([inbox], warehouse)
    again = run_flow([inbox], warehouse)
    assert again["documents_new"] == 0 and again["documents_seen"] == 5 and again["documents_skipped"] == 5
    assert query(warehouse, "SELECT count(*) FROM source_files")[0][0] == 1


def test_files_over_the_size_limit_are_quarantined_and_the_rest_lands(tmp_path, warehouse):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_zip(inbox / "small.zip")
    big = [{"title": f"خبر {i}", "content": "نص طويل عن الرياض. " * 200} for i in range(600)]
    write_zip(inbox / "big.zip", big)  # ~3 MB of JSON once expanded
    summary = run_flow([inbox], warehouse, max_file_mb=1)
    assert summary["documents_loaded"] == 2  # the small archive's two good records
    (reason,) = query(warehouse, "SELECT error FROM documents WHERE source_uri LIKE '%big.zip!%'")[0]
    assert "too large" in reason
