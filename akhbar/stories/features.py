"""Story features: what an article is about, as a small set compared between articles.

Articles on one event share the names in them and the phrases they repeat, even in different
words: the features of an article are the match keys of its entities and of its ten most
frequent multi-word candidate phrases. Two articles published within ``STORY_DAYS`` of each
other whose feature sets have a Jaccard similarity of at least ``STORY_THRESHOLD`` are on the
same story (near copies always are). Both figures were chosen on SaudiNewsNet pairs (README,
"Copies and stories"). Features depend on the article alone, never on the rest of the
warehouse, so the stories do not depend on the order in which articles arrive.
"""

from __future__ import annotations

import zlib

import numpy as np

from akhbar.stories.copies import band_keys, minhash

_SECOND_CRC_SEED = 0x5BD1E995
STORY_DAYS = 1
STORY_THRESHOLD = 0.35
TOP_PHRASES = 10
# Fewer features than this and two articles agree by chance (two names, one city).
MIN_FEATURES = 5
# Candidates come from LSH bands laid out for a lower threshold, datasketch.lsh._optimal_param(
# CANDIDATE_THRESHOLD, NUM_PERM, 0.5, 0.5): a pair at STORY_THRESHOLD is then missed ~10% of the
# time (~40% with the layout optimal for STORY_THRESHOLD itself); candidates are verified exactly.
CANDIDATE_THRESHOLD = 0.25
STORY_BANDS, STORY_ROWS = 18, 2


def story_features(entity_norms: set[str], terms: list[tuple]) -> set[bytes]:
    """Entity keys plus the top multi-word phrases (terms as extract_candidates gives them:
    (term_norm, term, n_words, tf, first_pos)), most frequent first, earliest on ties."""
    phrases = sorted((t for t in terms if t[2] >= 2), key=lambda t: (-t[3], t[4]))[:TOP_PHRASES]
    return {("E:" + n).encode() for n in entity_norms} | {("T:" + t[0]).encode() for t in phrases}


def feature_ids(features: set[bytes]) -> list[int]:
    """The features as sorted signed 64-bit ids (compact to store, exact to intersect in SQL):
    two CRC-32s of the feature, one of them seeded."""
    ids = ((zlib.crc32(f) << 32) | zlib.crc32(f, _SECOND_CRC_SEED) for f in features)
    return sorted(i - (1 << 64) if i >= 1 << 63 else i for i in ids)


def story_bands(features: set[bytes]) -> list[int] | None:
    """LSH band keys of the features' MinHash; None when there are too few features."""
    if len(features) < MIN_FEATURES:
        return None
    hashes = np.fromiter((zlib.crc32(f) for f in features), dtype=np.uint32, count=len(features))
    return band_keys(minhash(hashes), STORY_BANDS, STORY_ROWS)
