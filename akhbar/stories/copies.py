"""Near copies: MinHash signatures of an article's word shingles and their LSH band keys.

Two articles are near copies when the Jaccard similarity of their sets of word shingles (three
consecutive words of the body's search key: match-key folds, function words left out) reaches
``COPY_THRESHOLD``: a wire story re-titled, with a paragraph cut or a sentence added, stays above
it; two stories of one agency on one day, which share only the credit line and stock phrases,
stay far below (README, "Copies and stories", has the measured pairs). The title is left out:
re-titling is what republishers do.

The signature is datasketch's ``MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")`` of the
shingle hashes (with the identity as its hash function), computed here with numpy alone:
importing datasketch costs a transform worker ~70 MB (it loads scipy), and this module runs in
every worker. A unit test checks the two are equal value for value. The band layout is datasketch's ``_optimal_param`` for the threshold,
frozen here and checked by the same test.
"""

from __future__ import annotations

import zlib

import numpy as np

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
# Odd multipliers combining three word hashes into one shingle hash (wrapping at 2^32).
_SHINGLE_MULTIPLIERS = (np.uint32(0x9E3779B1), np.uint32(0x85EBCA77))
# A band's rows are folded into one 64-bit key (FNV-1a style), then avalanched.
_FNV_PRIME = np.uint64(0x100000001B3)
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)


def word_hash(word: str) -> int:
    """The 32-bit hash of one short string (CRC-32 of its UTF-8: stable across processes)."""
    return zlib.crc32(word.encode())


# Per-position byte weights of word_hashes: random odd 32-bit numbers, fixed by their seed.
_POSITION_WEIGHTS = np.random.RandomState(SEED).randint(0, 1 << 31, 64, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_SPACE = 32


def word_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the words of a single-space-separated text, in order, all in numpy: a
    word's hash is the sum of its bytes (plus one) times a weight per position in the word
    (positions past 64 wrap), modulo 2^32. A Python call per word cost most of this step."""
    data = np.frombuffer(text.encode(), dtype=np.uint8)
    if not len(data):
        return np.empty(0, dtype=np.uint32)
    is_space = data == _SPACE
    starts = np.flatnonzero(np.concatenate(([True], is_space[:-1])))
    index = np.arange(len(data))
    word_start = np.maximum.accumulate(np.where(np.concatenate(([True], is_space[:-1])), index, 0))
    with np.errstate(over="ignore"):
        weighted = (data.astype(np.uint32) + np.uint32(1)) * _POSITION_WEIGHTS[(index - word_start) % 64]
    weighted[is_space] = 0
    return np.add.reduceat(weighted, starts).astype(np.uint32)


def shingle_hashes(words: list[str] | str) -> np.ndarray:
    """Distinct 32-bit hashes of the words' consecutive triples (the units MinHash samples).

    ``words`` is a single-space-separated text (a search key) or a list of words. Words are
    hashed once each and the triples combined arithmetically, never as strings.
    """
    hv = word_hashes(words if isinstance(words, str) else " ".join(words))
    if not len(hv):
        return hv
    if len(hv) < SHINGLE_WORDS:
        return np.unique(hv)
    with np.errstate(over="ignore"):
        combined = hv[:-2] * _SHINGLE_MULTIPLIERS[0] + hv[1:-1] * _SHINGLE_MULTIPLIERS[1] + hv[2:]
    return np.unique(combined)


def body_words(body_key: str) -> str:
    """The words shingled: the body's search key (match-key folds, function words left out),
    single-space separated as search_key joins them."""
    return " ".join(body_key.split())


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


def minhash(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a non-empty set of 32-bit item hashes:
    datasketch's MinHash of those items with the identity as its hash function."""
    with np.errstate(over="ignore"):
        return (_fmix32(hashes.astype(np.uint32))[:, None] * _A + _B).min(axis=0)


def signature(hashes: np.ndarray) -> np.ndarray | None:
    """The copy signature of a body's shingle hashes; None when there are too few to judge."""
    return minhash(hashes) if len(hashes) >= MIN_SHINGLES else None


def band_keys(sig: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> list[int]:
    """One signed 64-bit key per LSH band (the band's index mixed in): articles sharing any key
    are candidate matches."""
    grid = sig[: bands * rows].astype(np.uint64).reshape(bands, rows)
    with np.errstate(over="ignore"):
        key = _FNV_OFFSET ^ np.arange(bands, dtype=np.uint64)
        for column in range(rows):
            key = (key ^ grid[:, column]) * _FNV_PRIME
        key ^= key >> np.uint64(33)
        key *= np.uint64(0xFF51AFD7ED558CCD)
        key ^= key >> np.uint64(33)
    return key.view(np.int64).tolist()


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal signature values: MinHash's estimate of the two sets' Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def jaccard(a, b) -> float:
    """Exact Jaccard similarity of two sets (for measuring, not used by the load)."""
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a or b else 0.0
