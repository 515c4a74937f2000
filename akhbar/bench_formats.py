"""`akhbar bench-formats`: how fast each input format is read and parsed, per core.

From the first ``--pages`` articles of a corpus (SaudiNewsNet), it builds the same articles in
three shapes: the corpus's own JSON records, HTML pages with a news site's boilerplate around
them (menus, related links, comments, footer; every fourth page in Windows-1256), and one
gzip'd WARC of those pages (a request and a response per page, as crawlers write them). It then
reads and parses each shape in this one process, as a transform worker does (format reading and
parsing only: the keyword, entity and search stages that follow are the same for every format),
and prints pages per CPU second; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from akhbar import formats
from akhbar.formats.base import ParseContext
from akhbar.records import FieldMapping

DEFAULT_CORPUS = "../shared/corpora/saudinewsnet"
# Every page this often is written in Windows-1256 (as older Arabic sites serve them).
LEGACY_ENCODING_EVERY = 4

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
<meta charset="{charset}">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{date}">
<meta name="keywords" content="{site}, أخبار, السعودية">
</head><body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/local">محليات</a></li><li><a href="/world">دولي</a></li>
<li><a href="/econ">اقتصاد</a></li><li><a href="/sport">رياضة</a></li><li><a href="/opinion">كتاب وآراء</a></li></ul></nav></header>
<main><article><h1>{title}</h1><div class="meta">{author} - {date}</div>
<div class="body">{paragraphs}</div>
<div class="share">شارك: <a href="#">تويتر</a> <a href="#">فيسبوك</a> <a href="#">واتساب</a></div></article>
<aside class="related"><h3>أخبار ذات صلة</h3><ul>{related}</ul></aside>
<section class="comments"><h3>التعليقات</h3>
<div class="comment"><b>أبو محمد</b><p>شكراً على هذا الخبر المفيد، نتمنى المزيد من التغطية.</p></div>
<div class="comment"><b>قارئ</b><p>متى يبدأ التطبيق الفعلي لهذا القرار؟</p></div></section></main>
<footer><p>جميع الحقوق محفوظة © {site}</p><a href="/about">من نحن</a> <a href="/contact">اتصل بنا</a></footer>
</body></html>
"""


def corpus_records(corpus: Path, count: int) -> list[dict]:
    """The first ``count`` usable records of the corpus's JSON files, in file order."""
    records: list[dict] = []
    for path in sorted(corpus.glob("*.zip")):
        for item in formats.work_items(str(path), path.stat().st_size):
            for doc in formats.read(item):
                record = doc.record
                if isinstance(record, dict) and record.get("content") and record.get("title"):
                    records.append(record)
                    if len(records) == count:
                        return records
    return records


def html_page(record: dict, related: list[dict], legacy: bool) -> bytes:
    escape = html.escape
    page = PAGE.format(
        charset="windows-1256" if legacy else "utf-8",
        title=escape(record["title"]),
        site=escape(record.get("source") or "صحيفة"),
        author=escape(record.get("author") or ""),
        date=escape((record.get("date_extracted") or "").replace(" ", "T")),
        paragraphs="\n".join(f"<p>{escape(p.strip())}</p>" for p in record["content"].split("\n") if p.strip()),
        related="".join(f'<li><a href="/r{i}">{escape(r["title"])}</a></li>' for i, r in enumerate(related)),
    )
    if legacy:
        try:
            return page.encode("cp1256")
        except UnicodeEncodeError:
            pass
    return page.replace('charset="windows-1256"', 'charset="utf-8"').encode("utf-8")


def build(records: list[dict], folder: Path) -> dict[str, Path]:
    """The records as a JSON file, as HTML files and as one WARC; returns their paths."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    (folder / "html").mkdir(parents=True, exist_ok=True)
    json_path = folder / "records.json"
    json_path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    warc_path = folder / "crawl.warc.gz"
    with open(warc_path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i, record in enumerate(records):
            related = [records[(i + k) % len(records)] for k in (1, 2, 3)]
            legacy = i % LEGACY_ENCODING_EVERY == 0
            page = html_page(record, related, legacy)
            (folder / "html" / f"{i:06d}.html").write_bytes(page)
            url = record.get("url") or f"http://example.sa/{i}"
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.sa")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            content_type = "text/html; charset=" + ("windows-1256" if legacy and b'charset="windows-1256"' in page[:400] else "utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(page), http_headers=http))
    return {"json": json_path, "html": folder / "html", "warc": warc_path}


def measure(paths: list[Path], bodies: list[str] | None = None) -> dict:
    """Read and parse every document of the files; pages and CPU seconds. ``bodies`` collects
    each page's body (to compare the shapes' text afterwards)."""
    ctx = ParseContext(now=datetime.now(timezone.utc), field_mapping=FieldMapping())
    started_cpu, started = time.process_time(), time.perf_counter()
    pages = failed = 0
    for path in paths:
        for item in formats.work_items(str(path), path.stat().st_size):
            for doc in formats.read(item):
                try:
                    parsed = formats.parse(doc, ctx)
                    pages += 1
                    if bodies is not None:
                        bodies.append(parsed.articles[0].body)
                except Exception as exc:  # noqa: BLE001 - counted, the figure is about speed
                    failed += 1
                    if bodies is not None:
                        bodies.append(f"failed: {exc}")
    cpu = time.process_time() - started_cpu
    return {"pages": pages, "failed": failed, "cpu_s": round(cpu, 2), "wall_s": round(time.perf_counter() - started, 2), "pages_per_cpu_s": round(pages / cpu, 1) if cpu else None}


# The Arabic fixture pages and what must (body) and must not (menus, related links, comments,
# footers) reach the extracted text.
FIXTURE_PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"
BOILERPLATE = ("الرئيسية", "أخبار ذات صلة", "الهلال الأحمر", "التعليقات", "أبو فهد", "جميع الحقوق", "الأكثر قراءة", "نتائج القبول", "عاجل", "شارك", "سياسة الخصوصية", "محليات")
BODY = ("حملة وطنية للتطعيم", "ألفي مركز صحي", "نهاية شهر ديسمبر", "ثلاثة ملايين", "المرحلة الأولى", "مئة وسبعين", "نقلة نوعية")


def compare_extractors() -> dict:
    """trafilatura (as akhbar calls it), its baseline, and readability-lxml when it is installed,
    on the Arabic fixture pages: boilerplate phrases kept, body phrases found, pages per second."""
    from trafilatura import bare_extraction, baseline

    from akhbar.formats.html import decode_html

    extractors = {
        "trafilatura": lambda text: bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False).text,
        "trafilatura_baseline": lambda text: baseline(text)[1],
    }
    try:
        import lxml.html
        from readability import Document

        extractors["readability_lxml"] = lambda text: lxml.html.fromstring(Document(text).summary()).text_content()
    except ImportError:
        pass
    pages = [decode_html(p.read_bytes())[0] for p in sorted(FIXTURE_PAGES.glob("*.html")) if not p.name.startswith("trafilatura_")]
    expected = sum(phrase in page for page in pages for phrase in BODY)
    results = {}
    for name, extract in extractors.items():
        outputs = [extract(page) or "" for page in pages]
        started = time.process_time()
        for _ in range(20):
            for page in pages:
                extract(page)
        results[name] = {
            "boilerplate_phrases_kept": sum(phrase in out for out in outputs for phrase in BOILERPLATE),
            "body_phrases_found": f"{sum(phrase in out for out in outputs for phrase in BODY)}/{expected}",
            "pages_per_cpu_s": round(20 * len(pages) / (time.process_time() - started), 1),
        }
    return {"pages": len(pages), "extractors": results}


def compare_warc_readers(warc: Path) -> dict:
    """CPU seconds to read every response payload of a WARC with warcio, and with fastwarc when
    it is installed (reading only: no parsing)."""
    from warcio.archiveiterator import ArchiveIterator

    def with_warcio() -> int:
        with open(warc, "rb") as stream:
            return sum(len(r.content_stream().read()) for r in ArchiveIterator(stream) if r.rec_type == "response")

    readers = {"warcio": with_warcio}
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
        from fastwarc.warc import WarcRecordType

        def with_fastwarc() -> int:
            with open(warc, "rb") as stream:
                return sum(len(r.reader.read()) for r in FastIterator(stream, record_types=WarcRecordType.response, parse_http=True))

        readers["fastwarc"] = with_fastwarc
    except ImportError:
        pass
    results = {}
    for name, read in readers.items():
        started = time.process_time()
        payload_bytes = read()
        results[name] = {"cpu_s": round(time.process_time() - started, 3), "payload_mb": round(payload_bytes / 1e6, 1)}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="akhbar bench-formats", description=__doc__)
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help="folder of SaudiNewsNet zips (default %(default)s)")
    parser.add_argument("--pages", type=int, default=1000, help="articles to build in each shape (default %(default)s)")
    parser.add_argument("--keep", metavar="DIR", help="build the JSON, HTML and WARC files here and keep them (e.g. to `akhbar run` them)")
    parser.add_argument("--compare-extractors", action="store_true", help="compare HTML extractors on the Arabic fixture pages instead (readability-lxml if installed)")
    args = parser.parse_args(argv)
    if args.compare_extractors:
        print(json.dumps(compare_extractors(), ensure_ascii=False))
        return 0
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"akhbar bench-formats: no corpus at {corpus}", file=sys.stderr)
        return 2
    records = corpus_records(corpus, args.pages)
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-formats-") as tmp:
        paths = build(records, Path(args.keep or tmp))
        sizes = {"html_mb": round(sum(p.stat().st_size for p in paths["html"].iterdir()) / 1e6, 1), "warc_gz_mb": round(paths["warc"].stat().st_size / 1e6, 1)}
        bodies: dict[str, list[str]] = {"json": [], "html": [], "warc": []}
        results = {"json": measure([paths["json"]], bodies["json"])}
        rss_before_html = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        results["html"] = measure(sorted(paths["html"].iterdir()), bodies["html"])
        results["warc"] = measure([paths["warc"]], bodies["warc"])
        # The boilerplate around each page must not reach the body: the extracted text should be
        # the record's own text, paragraph for paragraph.
        for name in ("html", "warc"):
            same = sum(a == b for a, b in zip(bodies["json"], bodies[name]) if not a.startswith("failed: "))
            results[name]["body_same_as_json"] = round(same / max(1, len(bodies["json"])), 3)
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        warc_readers = compare_warc_readers(paths["warc"])
    for name, figures in results.items():
        same = f"  body identical to the JSON record's: {figures['body_same_as_json']:.1%}" if "body_same_as_json" in figures else ""
        print(f"{name:5s} {figures['pages']:6d} pages  {figures['pages_per_cpu_s']:8.1f} pages/s per core  ({figures['cpu_s']} s CPU){same}")
    print(json.dumps({"pages": len(records), **sizes, "formats": results, "warc_readers": warc_readers, "peak_rss_mb": round(peak_rss_mb, 1), "rss_before_html_mb": round(rss_before_html / 1024, 1), "cpus": os.cpu_count()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
