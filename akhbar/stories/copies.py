"""Near copies: MinHash signatures of an article's word shingles and their LSH band keys.

Two articles are near copies when the Jaccard similarity of their sets of word shingles (three
consecutive words of the body's match key) reaches ``COPY_THRESHOLD``: a wire story re-titled,
with a paragraph cut or a sentence added, stays above it; two stories of one agency on one day,
which share only the credit line and stock phrases, stay far below (README, "Copies and
stories", has the measured pairs). The title is left out: re-titling is what republishers do.

The signature is datasketch's ``MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32",
hashfunc=shingle_hash)``, computed here with numpy alone: importing datasketch costs a transform
worker ~70 MB (it loads scipy), and this module runs in every worker. A unit test checks the two
are equal value for value. The band layout is datasketch's ``_optimal_param`` for the threshold,
frozen here and checked by the same test.
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np

from akhbar.text.normalize import match_key
from akhbar.text.tokens import words

SHINGLE_WORDS = 3
NUM_PERM = 64
SEED = 1
COPY_THRESHOLD = 0.5
# datasketch.lsh._optimal_param(COPY_THRESHOLD, NUM_PERM, 0.5, 0.5): bands x rows per band.
BANDS, ROWS = 14, 4
# An article with fewer shingles than this has no signature: a few words are shared by chance.
MIN_SHINGLES = 8

# MurmurHash3's 32-bit finalizer constants, as datasketch's "affine32" scheme pre-mixes hashes.
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def shingle_hash(shingle: bytes) -> int:
    """The 32-bit hash of one shingle (CRC-32: stable across processes, and fast)."""
    return zlib.crc32(shingle)


def shingles(body: str) -> set[bytes]:
    """The body's distinct word shingles, UTF-8 encoded (the units MinHash samples)."""
    tokens = words(match_key(body))
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE_WORDS]).encode() for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # As datasketch.MinHash._init_permutations for the affine32 scheme.
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


_A, _B = _permutations()


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> np.uint32(s1))
    hv = hv * np.uint32(m1)
    hv = hv ^ (hv >> np.uint32(s2))
    hv = hv * np.uint32(m2)
    return hv ^ (hv >> np.uint32(s3))


def minhash(items: set[bytes]) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a non-empty set of byte strings."""
    hv = _fmix32(np.fromiter((shingle_hash(s) for s in items), dtype=np.uint32, count=len(items)))
    with np.errstate(over="ignore"):
        return (hv[:, None] * _A + _B).min(axis=0)


def signature(shingle_set: set[bytes]) -> np.ndarray | None:
    """The copy signature of a shingle set; None when it is too small to judge."""
    return minhash(shingle_set) if len(shingle_set) >= MIN_SHINGLES else None


def band_keys(sig: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 64-bit key per LSH band: articles sharing any key are candidate matches."""
    keys = []
    for band in range(bands):
        chunk = sig[band * rows : (band + 1) * rows].astype("<u4").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, salt=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal signature values: MinHash's estimate of the two sets' Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def jaccard(a: set, b: set) -> float:
    """Exact Jaccard similarity of two sets (for measuring, not used by the load)."""
    return len(a & b) / len(a | b) if a or b else 0.0
