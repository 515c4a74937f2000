"""Deterministic identifiers: the same content always gets the same id, on any machine."""

from __future__ import annotations

import hashlib

from akhbar.text.normalize import match_key


def doc_id(raw: bytes) -> str:
    """sha256 of a document's raw bytes, hex."""
    return hashlib.sha256(raw).hexdigest()


def article_id(title: str, body: str) -> str:
    """Id of an article from its normalized title and body: re-scraped copies share it."""
    key = match_key(title) + "\n" + match_key(body)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def keyword_id(keyword_norm: str) -> str:
    """Id of a keyphrase from its match key; the warehouse computes the same as substr(sha256(x),1,16)."""
    return hashlib.sha256(keyword_norm.encode("utf-8")).hexdigest()[:16]


def entity_id(entity_type: str, name_norm: str) -> str:
    """Id of a canonical entity from its type and normalized full name."""
    return hashlib.sha256(f"{entity_type}:{name_norm}".encode("utf-8")).hexdigest()[:16]
