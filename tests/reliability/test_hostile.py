"""Hostile input: every bad file is quarantined with a readable reason or loaded where usable, and
every good document of the same run still lands."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from akhbar.text.normalize import clean_display
from tests.conftest import SEEDS
from tests.reliability.conftest import query, run_flow

BODY = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد في موسكو الأسبوع المقبل لبحث الأوضاع."
PAGE = "عنوان الخبر عن موسكو\nتاريخ النشر: {date}\n" + BODY + "\n"
# Directional overrides and zero-width characters: invisible, and able to make a title display
# reversed or make two identical-looking titles differ.
INVISIBLE = "\u202e\u202d\u2066\u2069\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"


def _hostile_folder(root):
    """The seeds plus one file per hostile case; returns (folder, outside file)."""
    folder = root / "inbox"
    shutil.copytree(SEEDS, folder)
    utf8 = PAGE.format(date="20th, September 2023 GMT").encode()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "whitespace.txt").write_bytes(b" \t\r\n  \n ")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)  # binary behind a text name
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "nul_bytes.txt").write_bytes(utf8[:40] + b"\x00\x00\x00" + utf8[40:])
    (folder / "truncated_utf8.txt").write_bytes(utf8 + "ع".encode()[:1])  # cut inside a character
    (folder / "mixed_encodings.txt").write_bytes(utf8 + "نص بترميز ويندوز".encode("cp1256"))
    (folder / "windows_1256.txt").write_bytes(PAGE.format(date="2023-09-20").encode("cp1256"))
    (folder / "title_only.txt").write_text("عنوان بلا نص\n", encoding="utf-8")
    (folder / "impossible_date.txt").write_text(PAGE.format(date="31/02/2023").replace("موسكو\n", "باكو\n", 1), encoding="utf-8")
    (folder / "future_date.txt").write_text(PAGE.format(date="20th, September 2099 GMT").replace("موسكو\n", "أنقرة\n", 1), encoding="utf-8")
    title = "عنوان" + INVISIBLE + " مخادع \u202eعن الانتخابات\u202c"
    (folder / "bidi_title.txt").write_text(title + "\nتاريخ النشر: 2023-09-20\n" + BODY.replace("موسكو", "طهران") + "\n", encoding="utf-8")
    # 50 MB in one document: above the reader's 20 MB page limit.
    with open(folder / "huge.txt", "wb") as out:
        out.write(utf8 * (50 * (1 << 20) // len(utf8) + 1))
    outside = root / "secret.txt"
    outside.write_text(PAGE.format(date="2023-09-20").replace("موسكو", "سر"), encoding="utf-8")
    os.symlink(outside, folder / "link_outside.txt")
    os.symlink("/etc/passwd", folder / "link_passwd.txt")
    return folder, outside


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    folder, outside = _hostile_folder(root)
    warehouse = root / "wh" / "akhbar.duckdb"
    summary = run_flow([folder], warehouse, workers=1)
    rows = query(
        warehouse,
        "SELECT regexp_extract(source_uri, '[^/]+$'), status, error, warnings, encoding FROM documents",
    )
    return warehouse, summary, {name: (status, error, warnings, enc) for name, status, error, warnings, enc in rows}


def test_every_seed_still_lands(hostile):
    warehouse, _, docs = hostile
    for seed in SEEDS.iterdir():
        assert docs[seed.name][0] == "loaded", (seed.name, docs[seed.name])
    assert query(warehouse, "SELECT count(*) FROM articles WHERE doc_id IN (SELECT doc_id FROM documents WHERE source_uri LIKE '%/0__\\_%' ESCAPE '\\')")[0][0] >= len(list(SEEDS.iterdir()))


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.txt", "empty document (0 bytes)"),
        ("whitespace.txt", "only white space"),
        ("binary.txt", "binary content"),
        ("image.png", "unsupported file type '.png'"),
        ("nul_bytes.txt", "binary content"),
        ("title_only.txt", "title only"),
        ("huge.txt", "too large"),
    ],
)
def test_quarantined_with_a_readable_reason(hostile, name, reason):
    _, _, docs = hostile
    status, error, _, _ = docs[name]
    assert status == "quarantined" and reason in error, docs[name]


def test_usable_documents_load_with_warnings(hostile):
    warehouse, _, docs = hostile
    assert docs["truncated_utf8.txt"][0] == "loaded"
    assert any("truncated UTF-8" in w for w in docs["truncated_utf8.txt"][2])
    assert docs["windows_1256.txt"][:1] == ("loaded",) and docs["windows_1256.txt"][3] == "windows-1256"
    # Mixed encodings cannot be decoded as one: quarantined with the reason, never mis-decoded.
    status, error, _, _ = docs["mixed_encodings.txt"]
    assert status == "quarantined" and "undecodable" in error, docs["mixed_encodings.txt"]
    for name, words in (("impossible_date.txt", "impossible date"), ("future_date.txt", "date in the future")):
        status, _, warnings, _ = docs[name]
        assert status == "loaded" and any(words in w for w in warnings), docs[name]
        dates = query(
            warehouse,
            "SELECT published_at, published_date FROM articles WHERE doc_id = (SELECT doc_id FROM documents WHERE source_uri LIKE ?)",
            [f"%/{name}"],
        )
        assert dates == [(None, None)]


def test_invisible_and_bidi_characters_are_removed_from_titles(hostile):
    warehouse, _, docs = hostile
    assert docs["bidi_title.txt"][0] == "loaded"
    (title,) = query(
        warehouse,
        "SELECT title FROM articles WHERE doc_id = (SELECT doc_id FROM documents WHERE source_uri LIKE '%/bidi_title.txt')",
    )[0]
    assert not set(title) & set(INVISIBLE + "\u202c"), [hex(ord(c)) for c in title if c in INVISIBLE + "\u202c"]
    assert title == "عنوان مخادع عن الانتخابات"
    assert clean_display(title) == title


def test_symlinks_out_of_the_source_folder_are_not_followed(hostile):
    warehouse, _, docs = hostile
    assert "link_outside.txt" not in docs and "link_passwd.txt" not in docs
    assert query(warehouse, "SELECT count(*) FROM articles WHERE body LIKE '%سر%' OR body LIKE '%root:%'")[0][0] == 0


def test_counts_reconcile(hostile):
    _, summary, docs = hostile
    assert summary["documents_new"] == len(docs) == summary["documents_loaded"] + summary["documents_quarantined"]
    assert all(error for status, error, _, _ in docs.values() if status == "quarantined")


@pytest.mark.slow
def test_ten_thousand_tiny_files_in_one_run(tmp_path, capsys):
    """10,000 small pages (one in ten broken) in one run: all accounted for; wall time reported."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        if i % 10 == 9:
            (folder / f"{i:05d}.txt").write_bytes(b"\x00\x01" + str(i).encode())  # unique bytes: no dedup
        else:
            (folder / f"{i:05d}.txt").write_text(f"خبر رقم {i}\nنص قصير عن المدينة رقم {i} في الشمال.\n", encoding="utf-8")
    started = time.perf_counter()
    summary = run_flow([folder], tmp_path / "wh" / "akhbar.duckdb", batch_size=2500, workers=2)
    wall = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n10,000 tiny files: {wall:.1f}s wall ({summary['documents_loaded']} loaded, {summary['documents_quarantined']} quarantined)")
    assert summary["documents_loaded"] == 9_000 and summary["documents_quarantined"] == 1_000
