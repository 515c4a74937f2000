"""Property-based tests: the parser only ever fails with DocumentError, cleaning is idempotent, and
the batch transform never raises on arbitrary bytes (a bad document costs itself, not the batch)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from akhbar.errors import DocumentError
from akhbar.parse.decode import decode
from akhbar.parse.page import parse_page
from akhbar.readers import RawDocument
from akhbar.schema import STAGED
from akhbar.text.normalize import clean_display, match_key
from akhbar.transform import TransformContext, transform_batch
from tests.conftest import SEED_PAGE

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)
SEED = SEED_PAGE.read_bytes()
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like a page: Arabic letters, diacritics, labels, digits, controls, bidi marks.
ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
TRICKY = st.sampled_from(list("\n\r\t :\uff1a-\u2013\u202e\u200b\u200f\ufeff\u0640\u064b\x00\x07") + ["تاريخ النشر:", "المصدر:", "كلمات دلالية:", "إقرأ أيضاً:", "2023", "20th, September 2023 GMT"])
PAGE_TEXT = st.lists(st.one_of(ARABIC, st.characters(codec="utf-8"), TRICKY), max_size=300).map("".join)


def _mutations():
    """Seed bytes cut, spliced or flipped: near-valid input finds more parser paths than noise."""
    return st.one_of(
        st.integers(0, len(SEED)).map(lambda n: SEED[:n]),
        st.tuples(st.integers(0, len(SEED)), st.binary(max_size=16)).map(lambda t: SEED[: t[0]] + t[1] + SEED[t[0] :]),
        st.tuples(st.integers(0, len(SEED) - 1), st.integers(0, 255)).map(
            lambda t: SEED[: t[0]] + bytes([t[1]]) + SEED[t[0] + 1 :]
        ),
    )


RAW = st.one_of(st.binary(max_size=2000), PAGE_TEXT.map(lambda t: t.encode("utf-8")), _mutations(),
                PAGE_TEXT.map(lambda t: t.encode("utf-16")))


@PROFILE
@given(RAW)
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
@example("\u202e\u200b".encode())
def test_decode_and_parse_raise_only_document_error(raw):
    try:
        decoded = decode(raw)
        page = parse_page(decoded.text, now=NOW)
    except DocumentError as exc:
        assert str(exc)  # a reason fit to store with the quarantined document
        return
    assert page.articles and all(a.title and a.body for a in page.articles)


@PROFILE
@given(PAGE_TEXT)
def test_parse_page_on_any_text_raises_only_document_error(text):
    try:
        parse_page(text, now=NOW)
    except DocumentError:
        pass


@PROFILE
@given(PAGE_TEXT)
def test_clean_display_is_idempotent(text):
    once = clean_display(text)
    assert clean_display(once) == once


@PROFILE
@given(PAGE_TEXT)
def test_match_key_is_idempotent(text):
    once = match_key(text)
    assert match_key(once) == once


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RAW, min_size=1, max_size=5))
def test_transform_batch_never_raises(raws):
    docs = [
        RawDocument(doc_id=hashlib.sha256(raw).hexdigest(), source_uri=f"/in/{i}.txt", data=raw)
        for i, raw in enumerate(raws)
    ]
    ctx = TransformContext(run_id="20240601T000000Z-00000000", ingested_at=NOW)
    tables = transform_batch(docs, ctx)
    assert set(tables) == {spec.name for spec in STAGED}
    documents = tables["documents"].to_pylist()
    assert len(documents) == len(docs)  # every document accounted for, loaded or quarantined
    for row in documents:
        assert row["status"] in ("loaded", "quarantined")
        # An unexpected exception is quarantined as "internal error": that is a parser bug.
        assert not (row["error"] or "").startswith("internal error"), row["error"]
