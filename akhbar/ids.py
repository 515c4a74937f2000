"""Deterministic identifiers: the same content always gets the same id, on any machine."""

from __future__ import annotations

import hashlib

import re

from akhbar.text.normalize import DIACRITICS, TATWEEL, match_key

# Harakat and tatweel vary between copies of one article; they are left out of its identity.
_VOWEL_MARKS = re.compile(f"[{DIACRITICS}{TATWEEL}]+")


def doc_id(raw: bytes) -> str:
    """sha256 of a document's raw bytes, hex."""
    return hashlib.sha256(raw).hexdigest()


def article_id(title: str, body: str) -> str:
    """Id of an article from its normalized title and body: re-scraped copies share it.

    Title and body are expected display-clean (``clean_display``); diacritics, tatweel and
    white space are normalized here. The full ``match_key`` folding is not applied to the body:
    at corpus scale it would cost a pass of a translation table over every character.
    """
    body_key = " ".join(_VOWEL_MARKS.sub("", body).split())
    key = match_key(title) + "\n" + body_key
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def keyword_id(keyword_norm: str) -> str:
    """Id of a keyphrase from its match key; the warehouse computes the same as substr(sha256(x),1,16)."""
    return hashlib.sha256(keyword_norm.encode("utf-8")).hexdigest()[:16]


def entity_id(entity_type: str, name_norm: str) -> str:
    """Id of a canonical entity from its type and normalized full name."""
    return hashlib.sha256(f"{entity_type}:{name_norm}".encode("utf-8")).hexdigest()[:16]
