"""WARC files written with warcio from the HTML fixtures, as crawlers write them: a warcinfo
record, a request before each response, HTML 200 responses, a 404, a redirect and an image."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FORMATS = Path(__file__).parent / "fixtures" / "formats"
# (file, URL, Content-Type charset parameter or None)
PAGES = [
    ("sabq_utf8.html", "https://sabq.org/saudia/health-campaign-2023", "utf-8"),
    ("alriyadh_windows1256.html", "http://www.alriyadh.com/1020304", "windows-1256"),
    ("alriyadh_windows1256_undeclared.html", "http://www.alriyadh.com/1020305", None),
]
WARC_DATE = "2023-10-03T12:00:00Z"


def _response(writer: WARCWriter, url: str, status: str, content_type: str, payload: bytes, date: str = WARC_DATE):
    http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=BytesIO(payload), http_headers=http, warc_headers_dict={"WARC-Date": date})


def write_warc(path: Path, gzip: bool = True) -> Path:
    """A WARC of the fixture pages: 3 HTML documents, and 6 records to skip (warcinfo, 3 requests
    are not counted apart: see the test), a 404, a 301 and a JPEG."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "akhbar tests", "format": "WARC File Format 1.1"}))
        for name, url, charset in PAGES:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request, warc_headers_dict={"WARC-Date": WARC_DATE}))
            content_type = "text/html" + (f"; charset={charset}" if charset else "")
            writer.write_record(_response(writer, url, "200 OK", content_type, (FORMATS / name).read_bytes()))
        writer.write_record(_response(writer, "https://sabq.org/missing", "404 Not Found", "text/html", b"<html><body>not found</body></html>"))
        writer.write_record(_response(writer, "https://sabq.org/old", "301 Moved Permanently", "text/html", b""))
        writer.write_record(_response(writer, "https://sabq.org/logo.jpg", "200 OK", "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64))
    return path


def truncate(path: Path, keep: float, out: Path) -> Path:
    """A copy of ``path`` cut after ``keep`` (a fraction) of its bytes: a download that stopped."""
    data = path.read_bytes()
    out.write_bytes(data[: int(len(data) * keep)])
    return out
