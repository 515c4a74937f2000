"""Reading pages, JSON arrays, JSON Lines and archives into raw documents."""

import json
import zipfile

import pytest

from akhbar.readers import ReadLimits, read_item
from akhbar.sources import work_items
from tests.json_fixtures import RECORDS, write_jsonl_gz, write_zip


def _read(path, **limits):
    return [doc for item in work_items(str(path), path.stat().st_size) for doc in read_item(item, ReadLimits(**limits))]


def test_zip_json_records_get_member_uris_and_canonical_ids(tmp_path):
    docs = _read(write_zip(tmp_path / "day.zip"))
    assert [d.source_uri for d in docs] == [f"{tmp_path}/day.zip!2015-07-21.json#{i}" for i in range(len(RECORDS))]
    assert docs[0].record == RECORDS[0]
    # Key order and spacing do not change a record's id.
    reordered = {k: RECORDS[0][k] for k in reversed(list(RECORDS[0]))}
    again = _read(write_zip(tmp_path / "again.zip", [reordered]))
    assert again[0].doc_id == docs[0].doc_id


def test_jsonl_gz_quarantines_only_the_broken_line(tmp_path):
    docs = _read(write_jsonl_gz(tmp_path / "feed.jsonl.gz"))
    assert [d.error is None for d in docs] == [True, False, True]
    assert "invalid JSON line" in docs[1].error
    assert docs[1].source_uri.endswith("feed.jsonl.gz#1")


def test_invalid_json_file_is_one_quarantined_document(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"title": "x"', encoding="utf-8")
    (doc,) = _read(path)
    assert "invalid JSON" in doc.error


def test_deeply_nested_json_is_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    (doc,) = _read(path)
    assert "nested too deeply" in doc.error


def test_zip_bomb_is_refused_without_expanding(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.json", "[" + " " * (20 << 20) + "]")
    (doc,) = _read(path)
    assert "zip bomb" in doc.error


def test_oversized_page_is_quarantined(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * 2048)
    (doc,) = _read(path, max_document_bytes=1024)
    assert "too large" in doc.error and doc.size == 2048


def test_page_inside_zip(tmp_path):
    path = tmp_path / "pages.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "عنوان\nنص.".encode())
        archive.writestr("b.json", json.dumps([{"title": "t", "content": "c"}]))
    docs = _read(path)
    assert [d.source_uri.split("!")[1] for d in docs] == ["a.txt", "b.json#0"]
    assert docs[0].data == "عنوان\nنص.".encode()


def test_corrupt_zip_is_one_quarantined_document(tmp_path):
    path = tmp_path / "corrupt.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    (doc,) = _read(path)
    assert "unreadable" in doc.error


def test_unsupported_file_types_are_quarantined_with_the_reason(tmp_path):
    path = tmp_path / "README.md"
    path.write_text("# not news")
    (doc,) = _read(path)
    assert "unsupported file type '.md'" in doc.error
