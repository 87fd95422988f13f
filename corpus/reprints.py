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

    The shingles' SHA-1 hashes (datasketch's sha1_hash32: first 4 bytes, little-endian) are
    computed in one pass and handed over as integers, and the permutations are reused: the
    same values as `MinHash(NUM_PERM, SEED).update_batch(shingles)`, much faster."""
    flat = WHITE_SPACE.sub("", text_search.casefold())
    shingles = {flat[i:i + SHINGLE] for i in range(max(1, len(flat) - SHINGLE + 1))}
    template = template_sketch()
    if template.hashfunc is not sha1_hash32:  # a scheme hashing wider: the plain way
        sketch = MinHash(num_perm=NUM_PERM, seed=SEED)
        sketch.update_batch([s.encode("utf-8") for s in shingles])
        return sketch.hashvalues.astype(np.uint32)
    # whole 20-byte digests joined, their first 4 bytes taken by numpy (no slice per shingle)
    digests = b"".join([sha1(s.encode("utf-8")).digest() for s in shingles])
    first_words = np.frombuffer(digests, dtype="<u4").reshape(-1, 5)[:, 0]
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int,
                     permutations=template.permutations, scheme=template.scheme)
    sketch.update_batch(first_words.tolist())
    return sketch.hashvalues.astype(np.uint32)


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
