"""One run over a folder of every format: text pages, HTML, WARC, news-please, trafilatura,
newspaper4k and SaudiNewsNet JSON, through the real flow into a warehouse."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from tests.conftest import SEED_PAGE
from tests.integration.conftest import query, run_flow
from tests.json_fixtures import write_zip
from tests.warc_fixtures import truncate, write_warc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    (inbox / "html").mkdir(parents=True)
    (inbox / "crawl").mkdir()
    (inbox / "json").mkdir()
    shutil.copy(SEED_PAGE, inbox / "seed.txt")
    # Not the pages of the WARC: the same bytes would be the same documents.
    for name in ("trafilatura_http_sample.html", "trafilatura_apache.html"):
        shutil.copy(FIXTURES / name, inbox / "html" / name)
    for name in ("news-please_alriyadh_1020304.json", "news-please_export.jsonl", "trafilatura_sabq.json", "newspaper4k_spa.json"):
        shutil.copy(FIXTURES / name, inbox / "json" / name)
    write_zip(inbox / "json" / "saudinewsnet.zip")
    write_warc(inbox / "crawl" / "news.warc.gz")
    truncate(inbox / "crawl" / "news.warc.gz", 0.8, inbox / "crawl" / "cut.warc.gz")
    return inbox


def test_a_mixed_folder_lands_in_one_run_with_formats_and_provenance(tmp_path, warehouse):
    inbox = _inbox(tmp_path)
    summary = run_flow([inbox], warehouse, report=False)
    by_format = summary["documents_by_format"]
    assert by_format == {
        "saudinewsnet": 4,  # the zip's object records (two good, one without body, one of a wrong type)
        "warc": 4,  # three pages, and the cut-off rest of the truncated copy (its two pages are the same bytes)
        "html": 2,
        "news-please": 3,
        "json": 1,  # the zip's record that is not an object
        "newspaper4k": 1,
        "page": 1,
        "trafilatura": 1,
    }
    formats = dict(query(warehouse, "SELECT source_format, count(*) FROM documents GROUP BY 1"))
    assert formats == by_format
    quarantined = dict(query(warehouse, "SELECT source_uri, error FROM documents WHERE status = 'quarantined'"))
    assert "unreadable WARC from record 6 on" in quarantined[f"{inbox}/crawl/cut.warc.gz#6"]
    # news-please's summary-only record loaded, with its warning.
    (warnings,) = query(warehouse, "SELECT warnings FROM documents WHERE source_uri = ?", [f"{inbox}/json/news-please_export.jsonl#1"])[0]
    assert any("only a summary" in w for w in warnings)
    rows = query(
        warehouse,
        "SELECT source_format, published_date, publisher, author, field_sources['body'], field_sources['published_at'] "
        "FROM articles WHERE title = ?",
        ["أمير الرياض يدشن المرحلة الأولى من مشروع النقل العام"],
    )
    assert rows == [("news-please", date(2015, 7, 20), "www.alriyadh.com", "عبدالله الشمري, واس", "maintext", "date_publish")]
    (spa,) = query(warehouse, "SELECT source_format, published_date, publisher, url FROM articles WHERE publisher = 'وكالة الأنباء السعودية'")
    assert spa == ("newspaper4k", date(2023, 11, 14), "وكالة الأنباء السعودية", "https://www.spa.gov.sa/w1987654")
    # The Sabq page came as trafilatura JSON and in the WARC: one article, with its date from the
    # page's metadata either way.
    (sabq,) = query(warehouse, "SELECT published_date, author, language FROM articles WHERE title = 'وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا الموسمية'")
    assert sabq == (date(2023, 10, 2), "محمد العتيبي", "ar")
    assert query(warehouse, "SELECT count(*) FROM articles WHERE source_format = 'page'")[0][0] >= 1
    (moby,) = query(warehouse, "SELECT source_format, author, field_sources['body'] FROM articles WHERE title = 'Herman Melville - Moby-Dick'")
    assert moby == ("html", "Herman Melville", "main text")
    again = run_flow([inbox], warehouse, report=False)
    assert again["documents_new"] == 0 and again["documents_by_format"] == {}
