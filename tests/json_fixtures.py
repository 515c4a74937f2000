"""Small JSON corpora in the SaudiNewsNet shape, written by the tests that need them."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

RECORDS = [
    {
        "source": "alriyadh",
        "url": "http://www.alriyadh.com/1",
        "date_extracted": "2015-07-21 02:51:32",
        "title": "أمير الرياض يدشن مشروع قطار الرياض",
        "author": "الرياض - واس",
        "content": "الرياض - دشن أمير منطقة الرياض الأمير فيصل بن بندر مشروع قطار الرياض اليوم.\n\n وأكد أن المشروع يخدم سكان مدينة الرياض.",
    },
    {
        "source": "okaz",
        "url": "http://www.okaz.com.sa/2",
        "date_extracted": "2015-07-22 10:00:00",
        "title": "",
        "author": "",
        "content": "أعلنت وزارة الصحة السعودية تسجيل حالات جديدة في مدينة جدة.\n\nوقالت الوزارة إن الحالات مستقرة.",
    },
    {"source": "sabq", "url": "http://sabq.org/3", "date_extracted": "2015-07-23 09:00:00", "title": "بلا نص", "author": "", "content": ""},
    {"source": "was", "url": "http://www.spa.gov.sa/4", "date_extracted": "2015-07-23 09:00:00", "title": 42, "content": "نص"},
    ["not", "an", "object"],
]
"""Two good records, one without body text, one with a wrong type, one that is not an object."""


def write_zip(path: Path, records=RECORDS, member: str = "2015-07-21.json") -> Path:
    """A zip holding one JSON array, as SaudiNewsNet ships it."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, json.dumps(records, ensure_ascii=False))
    return path


def write_jsonl_gz(path: Path, records=RECORDS[:2]) -> Path:
    """A gzip'd JSON Lines file with one broken line in the middle.

    Its records are the zip's articles re-published under another URL: other documents, same articles.
    """
    republished = [{**r, "url": r["url"] + "?amp"} for r in records]
    lines = [json.dumps(republished[0], ensure_ascii=False), "{broken", json.dumps(republished[1], ensure_ascii=False)]
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    return path
