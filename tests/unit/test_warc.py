"""WARC files read record by record: HTML 200 responses are documents, the rest is counted."""

from datetime import datetime, timezone

from akhbar.formats.base import ParseContext, ReadLimits
from akhbar.readers import read_item
from akhbar.records import FieldMapping
from akhbar.sources import work_items
from akhbar.transform import TransformContext, transform_batch
from tests.warc_fixtures import write_warc, truncate

SKIPPED = "WARC records skipped: 2 non-200 responses, 1 non-HTML responses, 3 request records, 1 warcinfo records"


def _read(path, limits=ReadLimits()):
    return [doc for item in work_items(str(path), path.stat().st_size) for doc in read_item(item, limits)]


def test_html_responses_are_documents_with_uri_date_and_charset(tmp_path):
    docs = _read(write_warc(tmp_path / "crawl.warc.gz"))
    assert [d.source_uri.rsplit("#", 1)[1] for d in docs] == ["2", "4", "6"]
    assert [d.error for d in docs] == [None, None, None]
    assert docs[0].hints == {"url": "https://sabq.org/saudia/health-campaign-2023", "date": "2023-10-03T12:00:00Z", "charset": "utf-8"}
    assert docs[1].hints["charset"] == "windows-1256" and "charset" not in docs[2].hints
    # The skipped records are counted on the file's last document.
    assert docs[0].notes == () and docs[2].notes == (SKIPPED,)


def test_ids_are_stable_and_the_same_compressed_or_not(tmp_path):
    first = _read(write_warc(tmp_path / "a.warc.gz"))
    again = _read(write_warc(tmp_path / "b.warc.gz"))
    plain = _read(write_warc(tmp_path / "c.warc", gzip=False))
    assert [d.doc_id for d in first] == [d.doc_id for d in again] == [d.doc_id for d in plain]


def test_articles_of_a_warc(tmp_path):
    docs = _read(write_warc(tmp_path / "crawl.warc.gz"))
    tables = transform_batch(docs, TransformContext("r", datetime(2026, 1, 1, tzinfo=timezone.utc), use_tagger=False))
    documents = tables["documents"].to_pylist()
    assert [d["status"] for d in documents] == ["loaded"] * 3
    assert {d["source_format"] for d in documents} == {"warc"}
    assert documents[2]["warnings"] == [SKIPPED]
    articles = tables["articles"].to_pylist()
    sabq = articles[0]
    assert sabq["title"] == "وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا الموسمية"
    assert sabq["published_at"] == datetime(2023, 10, 2, 5, 30, tzinfo=timezone.utc)
    assert (sabq["author"], sabq["publisher"], sabq["url"]) == ("محمد العتيبي", "صحيفة سبق", "https://sabq.org/saudia/health-campaign-2023")
    assert dict(sabq["field_sources"])["url"] == "WARC-Target-URI"
    # The two copies of the Riyadh page (charset declared or not) are one article (the load keeps one).
    assert articles[1]["article_id"] == articles[2]["article_id"]
    assert articles[1]["body"].startswith("دشن صاحب السمو الملكي أمير منطقة الرياض")


def test_a_truncated_gzip_keeps_the_records_before_the_break(tmp_path):
    whole = _read(write_warc(tmp_path / "crawl.warc.gz"))
    docs = _read(truncate(tmp_path / "crawl.warc.gz", 0.8, tmp_path / "cut.warc.gz"))
    assert [d.doc_id for d in docs[:2]] == [d.doc_id for d in whole[:2]]
    assert [d.error is None for d in docs] == [True, True, False]
    assert "unreadable WARC from record 6 on" in docs[2].error and "truncated" in docs[2].error


def test_a_file_cut_inside_its_last_gzip_member_is_not_taken_as_complete(tmp_path):
    docs = _read(truncate(write_warc(tmp_path / "crawl.warc.gz"), 0.99, tmp_path / "cut.warc.gz"))
    assert [d.error is None for d in docs] == [True, True, True, False]
    assert "ends inside record 9" in docs[3].error


def test_a_truncated_uncompressed_warc(tmp_path):
    docs = _read(truncate(write_warc(tmp_path / "crawl.warc", gzip=False), 0.5, tmp_path / "cut.warc"))
    assert [d.error is None for d in docs] == [True, False]
    assert "record 3 ends before its declared length" in docs[1].error


def test_a_record_over_the_document_limit_is_refused_alone(tmp_path):
    docs = _read(write_warc(tmp_path / "crawl.warc.gz"), ReadLimits(max_document_bytes=2000))
    assert ["too large" in (d.error or "") for d in docs] == [True, False, False]


def test_a_warc_without_html_is_one_quarantined_document(tmp_path):
    from io import BytesIO

    from warcio.warcwriter import WARCWriter

    path = tmp_path / "info.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        writer.write_record(writer.create_warc_record("urn:x", "resource", payload=BytesIO(b"x"), warc_content_type="text/plain"))
    (doc,) = _read(path)
    assert doc.error == "WARC file with no HTML 200 response: WARC records skipped: 1 resource records, 1 warcinfo records"


def test_parse_context_is_enough_to_parse_a_warc_document(tmp_path):
    from akhbar import formats

    (doc, *_) = _read(write_warc(tmp_path / "crawl.warc.gz"))
    parsed = formats.parse(doc, ParseContext(datetime(2026, 1, 1, tzinfo=timezone.utc), FieldMapping()))
    assert parsed.source_format == "warc" and parsed.articles[0].language == "ar"


def test_a_warc_is_read_in_bounded_pieces(tmp_path):
    """Never the whole file at once: every read of the underlying stream asks for a bounded size."""
    import io

    from akhbar.formats import warc
    from akhbar.formats.base import WorkItem

    class Watched(io.BufferedReader):
        largest = 0

        def read(self, size=-1):
            Watched.largest = max(Watched.largest, size if size is not None and size >= 0 else 1 << 40)
            return super().read(size)

    path = write_warc(tmp_path / "crawl.warc.gz")
    with Watched(io.FileIO(path)) as stream:
        docs = list(warc.read(WorkItem(str(path), "warc", path.stat().st_size), stream, ReadLimits()))
    assert len(docs) == 3
    assert 0 < Watched.largest <= 1 << 20
