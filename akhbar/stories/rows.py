"""The staged_signatures row of one article, built in the transform worker."""

from __future__ import annotations

from akhbar.stories.copies import band_keys, body_words, shingle_hashes, signature
from akhbar.stories.features import feature_ids, story_bands, story_features


def signature_row(article_id: str, doc_id: str, body_key: str, entity_norms: set[str], terms: list[tuple]) -> dict:
    """Copy signature and band keys of the body (given as its search key, which the transform
    has computed already), story features and their band keys."""
    sig = signature(shingle_hashes(body_words(body_key)))
    features = story_features(entity_norms, terms)
    return dict(
        article_id=article_id,
        doc_id=doc_id,
        copy_signature=sig.tolist() if sig is not None else None,
        story_features=feature_ids(features),
        copy_bands=band_keys(sig) if sig is not None else None,
        story_bands=story_bands(features),
    )
