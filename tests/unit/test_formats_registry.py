"""The source-format registry: which format a file is, how items weigh, where format names live."""

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from akhbar import formats
from akhbar.batching import plan_batches
from akhbar.formats.base import WorkItem

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("page.txt", "page"),
        ("page", "page"),
        ("PAGE.TEXT", "page"),
        ("story.html", "html"),
        ("story.HTM", "html"),
        ("day.json", "json"),
        ("feed.jsonl", "jsonl"),
        ("feed.ndjson", "jsonl"),
        ("crawl.warc", "warc"),
        ("crawl.warc.gz", "warc"),
        ("README.md", "unsupported"),
        ("photo.jpg", "unsupported"),
    ],
)
def test_format_of_a_file_name(name, fmt):
    assert formats.format_of(name) == fmt


def test_the_longest_suffix_decides_between_a_container_and_a_format(tmp_path):
    (warc,) = formats.work_items(str(tmp_path / "crawl.warc.gz"), 100)
    assert (warc.fmt, warc.compression) == ("warc", None)
    (feed,) = formats.work_items(str(tmp_path / "feed.jsonl.gz"), 100)
    assert (feed.fmt, feed.compression) == ("jsonl", "gz")
    (page,) = formats.work_items(str(tmp_path / "page.html.gz"), 100)
    assert (page.fmt, page.compression) == ("html", "gz")


def test_weights_pages_count_one_containers_by_size():
    assert formats.weight(WorkItem("a.html", "html", 10 << 20)) == 1
    assert formats.weight(WorkItem("a.txt", "page", 10 << 20)) == 1
    assert formats.weight(WorkItem("a.json", "json", 40960)) == 10
    assert formats.weight(WorkItem("a.warc.gz", "warc", 16384 * 7)) == 7
    # Work that is not raw documents (a reprocess's stored articles) weighs by size.
    assert formats.weight(formats.stored_articles_item("part-0.parquet", 40960)) == 10
    html = [WorkItem(f"p{i}.html", "html", 50_000) for i in range(3)]
    big = WorkItem("crawl.warc.gz", "warc", 100 << 20)
    assert [[i.path for i in b] for b in plan_batches(html + [big], batch_size=2)] == [["p0.html", "p1.html"], ["p2.html"], ["crawl.warc.gz"]]


def _compares(names) -> re.Pattern:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"""(fmt|format)\w*\s*(==|!=|in)\s*\(?["']({alternatives})["']""")


def test_no_format_name_is_compared_outside_the_registry():
    """Adding a format touches akhbar/formats/ only: the readers, discovery, batching, the
    transform and the workers never compare a format name."""
    pattern = _compares(f.name for f in (*formats.FILE_FORMATS, formats.UNSUPPORTED, *formats.WORK_FORMATS))
    for module in ("sources.py", "readers.py", "batching.py", "transform.py", "staging.py"):
        text = (REPO / "akhbar" / module).read_text(encoding="utf-8")
        assert not pattern.search(text), f"akhbar/{module} compares a format name"


def test_the_kind_of_stored_articles_is_known_to_the_registry_alone():
    """The stored articles of a reprocess are a format of the registry (``formats.stored``): no
    other module of akhbar, the warehouse, tasks or flows compares their format name, spells it
    (as a constant to compare with) or tests for it by another helper."""
    names = [f.name for f in formats.WORK_FORMATS]
    assert names == ["stored"]
    pattern = re.compile(rf"{_compares(names).pattern}|\bis_stored\b|[\"']stored[\"']")
    modules = [
        path
        for folder in ("akhbar", "warehouse", "tasks", "flows")
        for path in sorted((REPO / folder).rglob("*.py"))
        if "formats" not in path.relative_to(REPO).parts
    ]
    assert len(modules) > 50
    for path in modules:
        assert not pattern.search(path.read_text(encoding="utf-8")), f"{path.relative_to(REPO)} names the stored format"
    for before in ('if item.fmt == "stored":', "is_stored(item)", 'STORED_FORMAT = "stored"'):
        assert pattern.search(before)


def test_the_stored_articles_of_a_reprocess_are_a_format_no_source_can_claim(tmp_path):
    item = formats.stored_articles_item(str(tmp_path / "part-00000.parquet"), 100)
    assert formats.stages_itself(item) and item.fmt in {f.name for f in formats.WORK_FORMATS}
    assert formats.format_of("part-00000.parquet") == "unsupported"
    assert formats.format_of("stored") == "page"  # a file named like the format is still a page
    assert not any(formats.stages_itself(i) for i in formats.work_items(str(tmp_path / "day.json"), 10))


def test_a_json_only_run_does_not_import_the_html_extractor(tmp_path):
    """trafilatura and lxml are imported by the HTML format only, when an HTML page is parsed."""
    path = tmp_path / "day.json"
    path.write_text('[{"title": "عنوان", "content": "نص الخبر."}]', encoding="utf-8")
    code = f"""
import sys
from datetime import datetime, timezone
from akhbar.readers import read_item
from akhbar.sources import work_items
from akhbar.transform import TransformContext, transform_batch
docs = [d for item in work_items({str(path)!r}, 10) for d in read_item(item)]
tables = transform_batch(docs, TransformContext("r", datetime.now(timezone.utc), use_tagger=False))
assert tables["documents"].column("status").to_pylist() == ["loaded"]
print(sorted(m for m in ("trafilatura", "lxml", "warcio") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_the_cli_summary_shows_documents_per_format():
    from akhbar.cli import format_summary
    from akhbar.summary import RunSummary

    summary = RunSummary.from_row({
        "run_id": "r", "documents_seen": 6, "documents_new": 6, "documents_skipped": 0, "documents_loaded": 5,
        "documents_quarantined": 1, "rows_written": '{"articles": 5}', "documents_by_format": {"warc": 4, "news-please": 2},
    })
    assert "  by format  warc 4  news-please 2" in format_summary(summary).splitlines()
    assert "by format" not in format_summary(dataclasses.replace(summary, documents_by_format={}))


def test_html_and_warc_members_of_a_zip(tmp_path):
    import zipfile

    from akhbar.readers import read_item
    from tests.warc_fixtures import FORMATS, write_warc

    warc = write_warc(tmp_path / "crawl.warc.gz")
    archive = tmp_path / "inbox.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(FORMATS / "sabq_utf8.html", "pages/sabq.html")
        out.write(warc, "crawl.warc.gz")
    items = formats.work_items(str(archive), archive.stat().st_size)
    assert [(i.member, i.fmt, i.compression) for i in items] == [("crawl.warc.gz", "warc", "zip"), ("pages/sabq.html", "html", "zip")]
    docs = [d for item in items for d in read_item(item)]
    assert [d.source_uri.split("!")[1] for d in docs] == ["crawl.warc.gz#2", "crawl.warc.gz#4", "crawl.warc.gz#6", "pages/sabq.html"]
    # The page read from the zip and the same page read from the WARC are the same document.
    assert docs[0].doc_id == docs[3].doc_id and all(d.error is None for d in docs)
