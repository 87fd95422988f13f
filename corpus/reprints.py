"""Near-duplicate reprints across documents: MinHash signatures and LSH band keys.

A reprint on another site keeps the article but changes the chrome, a headline or a
paragraph; its clean text then differs a little. Two documents whose signatures agree on
most positions are near duplicates (estimated Jaccard similarity of character 5-grams).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.6 similarity almost always share a band
SHINGLE = 5
SEED = 7
NEAR_DUPLICATE = 0.8


def text_signature(text_search: str) -> np.ndarray:
    """MinHash (uint32 × 64) of the character 5-grams of a text, white space removed."""
    flat = re.sub(r"\s+", "", text_search.casefold())
    shingles = {flat[i:i + SHINGLE] for i in range(max(1, len(flat) - SHINGLE + 1))}
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED)
    sketch.update_batch([s.encode("utf-8") for s in shingles])
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
