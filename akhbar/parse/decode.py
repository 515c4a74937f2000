"""Turning raw bytes into text: encoding detection and the checks that quarantine garbage."""

from __future__ import annotations

import codecs
from typing import NamedTuple

from akhbar.errors import DocumentError

UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
NUL = b"\x00"
# Bytes that Windows-1256 maps into the Arabic block: where legacy Arabic pages put their letters.
CP1256_ARABIC_BYTES = frozenset(
    b for b in range(0x80, 0x100) if "\u0600" <= bytes([b]).decode("cp1256", errors="replace") <= "\u06ff"
)
# C0 controls other than tab/newline/carriage return/form feed mean binary, not text.
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D}
MAX_CONTROL_RATIO = 0.01


class Decoded(NamedTuple):
    """Text decoded from a document, the encoding used and any non-fatal warnings."""

    text: str
    encoding: str
    warnings: tuple[str, ...]


def decode(raw: bytes) -> Decoded:
    """Decode a raw page: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), Windows-1256.

    Line endings are normalized to ``\\n``. Raises ``DocumentError`` with a readable reason for
    empty, binary or undecodable input.
    """
    if not raw:
        raise DocumentError("empty document (0 bytes)")
    if raw.startswith(UTF8_BOM):
        text, enc, warnings = _utf8(raw[len(UTF8_BOM) :], "utf-8-sig")
    elif raw.startswith(UTF16_BOMS):
        text, enc, warnings = _utf16(raw)
    elif codec := _utf16_without_bom(raw):
        text, enc, warnings = _utf16(raw, codec)
    elif NUL in raw:
        raise DocumentError("binary content: NUL bytes in a document that is not UTF-16")
    else:
        try:
            text, enc, warnings = _utf8(raw, "utf-8")
        except DocumentError:
            text, enc, warnings = _cp1256(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _reject_binary(text)
    if not text.strip():
        raise DocumentError("empty document (only white space)")
    return Decoded(text, enc, warnings)


def _utf8(raw: bytes, label: str) -> tuple[str, str, tuple[str, ...]]:
    try:
        return raw.decode("utf-8"), label, ()
    except UnicodeDecodeError as exc:
        # A document cut off mid-character (a truncated download) keeps everything before it.
        if exc.start >= len(raw) - 3 and exc.reason == "unexpected end of data":
            return raw[: exc.start].decode("utf-8"), label, (f"truncated UTF-8: dropped {len(raw) - exc.start} trailing byte(s)",)
        raise DocumentError(f"invalid UTF-8 at byte {exc.start}") from None


def _utf16(raw: bytes, codec: str = "utf-16") -> tuple[str, str, tuple[str, ...]]:
    try:
        return raw.decode(codec), "utf-16", ()
    except UnicodeDecodeError as exc:
        raise DocumentError(f"invalid UTF-16 at byte {exc.start}") from None


def _utf16_without_bom(raw: bytes) -> str | None:
    """The UTF-16 codec for BOM-less UTF-16 Arabic/ASCII text, or None."""
    sample = raw[: 4096 - 4096 % 2]
    if len(sample) < 4 or len(raw) % 2:
        return None
    # Arabic and ASCII in UTF-16 put 0x06 (Arabic) or NUL (ASCII, spaces, newlines) in every
    # other byte: the odd bytes for little-endian, the even ones for big-endian.
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if sum(1 for b in high if b in (0x00, 0x06)) / len(high) > 0.9 and high.count(0) >= 1:
            return codec
    return None


def _cp1256(raw: bytes) -> tuple[str, str, tuple[str, ...]]:
    high = [b for b in raw if b >= 0x80]
    arabic = sum(1 for b in high if b in CP1256_ARABIC_BYTES)
    # Windows-1256 decodes almost any byte string; accept it only when the high bytes are
    # overwhelmingly its Arabic letters, so mixed or foreign encodings are not turned into junk.
    if not high or arabic / len(high) < 0.8:
        raise DocumentError("undecodable text: neither UTF-8, UTF-16 nor Windows-1256 Arabic")
    return raw.decode("cp1256", errors="replace"), "windows-1256", ()


def _reject_binary(text: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 0x20 and ord(ch) not in _TEXT_CONTROLS)
    if controls and controls / len(sample) > MAX_CONTROL_RATIO or "\x00" in sample:
        raise DocumentError("binary content: control characters in the text")
