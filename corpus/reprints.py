"""Near-duplicate reprints across documents: MinHash signatures and LSH band keys.

A reprint on another site keeps the article but changes the chrome, a headline or a
paragraph; its clean text then differs a little. Two documents whose signatures agree on
most positions are near duplicates (estimated Jaccard similarity of character 5-grams).
The 5-grams are hashed in numpy from their code points (schema version 8; version 7 stores
hashed each with SHA-1, and the store's migration recomputes their signatures).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.6 similarity almost always share a band
SHINGLE = 5
SEED = 7
NEAR_DUPLICATE = 0.8

# The odd multiplier of the polynomial shingle hash (2^64 / golden ratio). Two distinct
# 5-grams of code points (< 2^21) collide mod 2^64 only if a combination of its powers with
# small coefficients is 0 mod 2^64; folded to 32 bits they collide like any 32-bit hash.
SHINGLE_BASE = np.uint64(0x9E3779B97F4A7C15)

WHITE_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The NUM_PERM affine permutations (a odd, b) mod 2^32, drawn once from SEED: the same
    draw as datasketch's `MinHash(NUM_PERM, SEED)` with its affine32 scheme."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def text_signature(text_search: str) -> np.ndarray:
    """MinHash (uint32 × 64) of the set of character 5-grams of a text, white space removed
    and casefolded (the whole text is one shingle when shorter)."""
    flat = without_white_space(text_search.casefold())
    return affine32_min(shingle_hashes(flat), *permutations())


def without_white_space(text: str) -> str:
    """`text` with every white-space character removed: str.split() breaks on exactly what
    `\\s` matches (str.isspace), and is twice as fast as WHITE_SPACE.sub("", text)."""
    return "".join(text.split())


def shingle_hashes(flat: str) -> np.ndarray:
    """A 32-bit hash of each character 5-gram of `flat`, in text order, computed in numpy
    from its code points (no Python call per shingle). A repeated 5-gram repeats its hash:
    the MinHash minimum is the same over the set, and de-duplicating (a sort) costs more
    than the repeats it saves."""
    return fold32(fmix64(polynomial_hashes(code_points(flat))))


def code_points(text: str) -> np.ndarray:
    """The code points of `text` as uint64 (one per character, astral ones included)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)


def polynomial_hashes(points: np.ndarray) -> np.ndarray:
    """Σ points[i+j] · SHINGLE_BASE^(SHINGLE-1-j) mod 2^64 for each window of SHINGLE code
    points (one window of all of them when fewer, as for the empty text)."""
    width = min(SHINGLE, len(points))
    count = len(points) - width + 1
    hashes = np.zeros(count, dtype=np.uint64)
    for j in range(width):  # Horner's rule over the window, all windows at once
        hashes = hashes * SHINGLE_BASE + points[j:j + count]
    return hashes


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer (uint64 wraps): each input bit flips about half of the
    output bits. (In the polynomial hash the last code point is only added: the high 32 bits
    that fold32 keeps would hardly depend on it.)"""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def fold32(h: np.ndarray) -> np.ndarray:
    """The high 32 bits of each 64-bit hash, as uint32."""
    return (h >> np.uint64(32)).astype(np.uint32)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (uint32 wraps), as datasketch pre-mixes each hash."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def affine32_min(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """datasketch's affine32 MinHash of 32-bit hashes: per permutation k the minimum of
    a_k * fmix32(h) + b_k mod 2^32 (an empty sketch holds 2^32 - 1)."""
    if not len(hashes):
        return np.full(len(a), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    # one row per permutation: the minimum runs along contiguous memory
    mixed = fmix32(hashes.astype(np.uint32))
    rows = np.empty((len(a), len(mixed)), dtype=np.uint32)  # one buffer, no temporaries
    np.multiply(mixed, a.astype(np.uint32).reshape(-1, 1), out=rows)
    np.add(rows, b.astype(np.uint32).reshape(-1, 1), out=rows)
    return rows.min(axis=1).astype(np.uint32)


def band_keys(signature: np.ndarray) -> list[int]:
    """One 63-bit key per band: documents sharing a key are candidate near duplicates."""
    rows = len(signature) // BANDS
    keys = []
    for band in range(BANDS):
        chunk = signature[band * rows:(band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk + bytes([band]), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)  # fits SQLite's signed INTEGER
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (the share of equal positions)."""
    return np.count_nonzero(a == b) / len(a)  # np.mean costs five times as much per call


def signature_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")
