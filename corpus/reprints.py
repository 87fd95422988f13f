"""Near-duplicate reprints across documents: MinHash signatures and LSH band keys.

A reprint on another site keeps the article but changes the chrome, a headline or a
paragraph; its clean text then differs a little. Two documents whose signatures agree on
most positions are near duplicates (estimated Jaccard similarity of character 5-grams).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from hashlib import sha1

import numpy as np
from datasketch import MinHash
from datasketch.hashfunc import sha1_hash32

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.6 similarity almost always share a band
SHINGLE = 5
SEED = 7
NEAR_DUPLICATE = 0.8


WHITE_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def template_sketch() -> MinHash:
    """An empty MinHash(NUM_PERM, SEED): its permutations are drawn once per process."""
    return MinHash(num_perm=NUM_PERM, seed=SEED)


def text_signature(text_search: str) -> np.ndarray:
    """MinHash (uint32 × 64) of the character 5-grams of a text, white space removed.

    The same values as `MinHash(NUM_PERM, SEED).update_batch(shingles)` (datasketch's
    sha1_hash32 of each shingle, affine32 permutations), computed without a Python call per
    shingle beyond its SHA-1: the hashes go to numpy in one buffer (`affine32_min`)."""
    shingles = utf8_shingles(WHITE_SPACE.sub("", text_search.casefold()))
    template = template_sketch()
    if template.hashfunc is not sha1_hash32 or getattr(template, "scheme", None) != "affine32":
        sketch = MinHash(num_perm=NUM_PERM, seed=SEED)  # another scheme: the plain way
        sketch.update_batch(list(shingles))
        return sketch.hashvalues.astype(np.uint32)
    # sha1_hash32 is the first 4 bytes of the digest, little-endian: every fifth uint32 of
    # the joined 20-byte digests.
    digests = b"".join([sha1(s).digest() for s in shingles])
    hashes = np.frombuffer(digests, dtype="<u4")[::5]
    return affine32_min(hashes, *template.permutations)


def utf8_shingles(flat: str) -> set[bytes]:
    """The UTF-8 encodings of the character 5-grams of `flat` (the whole text when shorter),
    sliced from one encoding of the text instead of encoding each 5-gram."""
    data = flat.encode("utf-8")
    if len(flat) < SHINGLE:
        return {data}
    bounds = char_byte_offsets(flat)
    return {data[start:end] for start, end in zip(bounds, bounds[SHINGLE:], strict=False)}


def char_byte_offsets(text: str) -> range | list[int]:
    """Where each character of `text` starts in its UTF-8 encoding, and the encoding's end."""
    if text.isascii():
        return range(len(text) + 1)
    code_points = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    sizes = 1 + (code_points >= 0x80) + (code_points >= 0x800) + (code_points >= 0x10000)
    offsets = np.zeros(len(text) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    return offsets.tolist()


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch pre-mixes each hash (uint32 wraps)."""
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
    rows = mixed * a.astype(np.uint32).reshape(-1, 1) + b.astype(np.uint32).reshape(-1, 1)
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
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def signature_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")
