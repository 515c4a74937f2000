"""Encoding detection and the reasons a document is quarantined."""

import codecs

import pytest

from akhbar.errors import DocumentError
from akhbar.parse.decode import decode

TEXT = "بيسكوف: لا أساس للحديث\r\nتاريخ النشر: 20th, September 2023 GMT\rسطر"


@pytest.mark.parametrize(
    "raw, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("cp1256"), "windows-1256"),
    ],
)
def test_encodings_and_line_endings(raw, encoding):
    decoded = decode(raw)
    assert decoded.encoding == encoding
    assert decoded.text.split("\n") == ["بيسكوف: لا أساس للحديث", "تاريخ النشر: 20th, September 2023 GMT", "سطر"]


def test_truncated_utf8_keeps_the_text_with_a_warning():
    decoded = decode("قره باغ".encode("utf-8")[:-1])
    assert decoded.text == "قره با"
    assert "truncated" in decoded.warnings[0]


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty document"),
        (b"  \n\t\n", "only white space"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\x01\x02\x03\x04\x05abc\x06\x07", "binary"),
        ("قره باغ".encode("utf-8") + b"\xff\xfe\xfd" + "باكو".encode("utf-8") + "é".encode("latin-1"), "undecodable"),
    ],
)
def test_garbage_is_refused_with_a_reason(raw, reason):
    with pytest.raises(DocumentError, match=reason):
        decode(raw)
