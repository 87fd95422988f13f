import numpy as np
import pytest
from datasketch import MinHash

from cominer.corpus.reprints import (
    NEAR_DUPLICATE,
    NUM_PERM,
    SEED,
    SHINGLE,
    WHITE_SPACE,
    affine32_min,
    band_keys,
    signature_bytes,
    signature_from_bytes,
    similarity,
    text_signature,
)

ARTICLE = ("In the east London borough the council invited residents, local charities and two "
           "small firms to co-design the new youth service. Partner firms pay one quarter of "
           "profits into the community trust, which residents manage with council officers. ")


def test_a_reprint_with_small_changes_is_a_near_duplicate():
    original = ARTICLE * 3
    reprint = original.replace("east London", "East London").replace("two", "three") + "Share!"
    a, b = text_signature(original), text_signature(reprint)
    assert similarity(a, b) >= NEAR_DUPLICATE
    assert set(band_keys(a)) & set(band_keys(b))


def test_different_articles_are_not():
    other = ("Органы местного самоуправления и НКО совместно оценивают качество социальных "
             "услуг для жителей города, а концессионер перечисляет 25 процентов прибыли в фонд.")
    assert similarity(text_signature(ARTICLE), text_signature(other)) < 0.2


def test_signatures_round_trip_through_bytes():
    sig = text_signature(ARTICLE)
    assert (signature_from_bytes(signature_bytes(sig)) == sig).all()
    assert all(0 <= k < 2**63 for k in band_keys(sig))


def datasketch_signature(text: str) -> np.ndarray:
    """The signature computed the plain datasketch way, shingle by shingle."""
    flat = WHITE_SPACE.sub("", text.casefold())
    shingles = {flat[i:i + SHINGLE] for i in range(max(1, len(flat) - SHINGLE + 1))}
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED)
    sketch.update_batch([s.encode("utf-8") for s in shingles])
    return sketch.hashvalues.astype(np.uint32)


@pytest.mark.parametrize("text", ["", "abc", ARTICLE, "臺灣的合作社 把利潤的 25% 分給社員",
                                  "Органы местного самоуправления\n\tи НКО", "Hợp tác xã " * 40])
def test_signature_equals_datasketch_minhash(text):
    assert (text_signature(text) == datasketch_signature(text)).all()


def test_an_empty_hash_set_gives_the_empty_sketch():
    a = b = np.ones(NUM_PERM, dtype=np.uint32)
    assert (affine32_min(np.array([], dtype=np.uint32), a, b) == 2**32 - 1).all()
