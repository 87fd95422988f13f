import random
from hashlib import sha1

import numpy as np
import pytest

from cominer.corpus.reprints import (
    NEAR_DUPLICATE,
    NUM_PERM,
    SHINGLE,
    SHINGLE_BASE,
    WHITE_SPACE,
    affine32_min,
    band_keys,
    code_points,
    fmix64,
    fold32,
    permutations,
    polynomial_hashes,
    shingle_hashes,
    signature_bytes,
    signature_from_bytes,
    similarity,
    text_signature,
    without_white_space,
)

ARTICLE = ("In the east London borough the council invited residents, local charities and two "
           "small firms to co-design the new youth service. Partner firms pay one quarter of "
           "profits into the community trust, which residents manage with council officers. ")
MASK64 = (1 << 64) - 1


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


def test_an_empty_hash_set_gives_the_empty_sketch():
    a = b = np.ones(NUM_PERM, dtype=np.uint32)
    assert (affine32_min(np.array([], dtype=np.uint32), a, b) == 2**32 - 1).all()


# -- the shingle hash: numpy over code points -------------------------------------------------

def plain_shingle_hash(shingle: str) -> int:
    """The hash of one shingle the slow way: Python integers, reduced mod 2^64 by hand."""
    h = 0
    for char in shingle:
        h = (h * int(SHINGLE_BASE) + ord(char)) & MASK64
    for shift, factor in ((33, 0xFF51AFD7ED558CCD), (33, 0xC4CEB9FE1A85EC53)):
        h = ((h ^ (h >> shift)) * factor) & MASK64
    return (h ^ (h >> 33)) >> 32


def plain_shingles(flat: str) -> list[str]:
    return [flat[i:i + SHINGLE] for i in range(max(1, len(flat) - SHINGLE + 1))]


@pytest.mark.parametrize("flat", ["", "a", "abcd", "abcde", "abcdefgh", "社区合伙人企业按年",
                                  "aé社𝄞bcdé社𝄞", "Đoàn-kết", "органыместного"])
def test_shingle_hashes_are_the_per_shingle_hashes_in_text_order(flat):
    assert shingle_hashes(flat).tolist() == [plain_shingle_hash(s) for s in plain_shingles(flat)]


def test_code_points_count_astral_characters_once():
    assert code_points("a𝄞社").tolist() == [ord("a"), ord("𝄞"), ord("社")]
    assert code_points("").dtype == np.uint64


def test_polynomial_hashes_wrap_around_mod_2_64():
    points = code_points("\U0010ffff" * 7)
    expected = 0
    for _ in range(SHINGLE):
        expected = (expected * int(SHINGLE_BASE) + 0x10FFFF) & MASK64
    assert polynomial_hashes(points).tolist() == [expected] * 3


def test_fmix64_and_fold32_keep_the_high_bits_of_a_bijective_mix():
    values = np.arange(1000, dtype=np.uint64)
    assert len(np.unique(fmix64(values))) == 1000  # a bijection: no two inputs collide
    assert fold32(np.array([0xDEADBEEF_00000001], dtype=np.uint64)).tolist() == [0xDEADBEEF]


def test_distinct_shingles_of_a_text_get_distinct_hashes():
    flat = WHITE_SPACE.sub("", (ARTICLE + "社区合伙人：街道办事处与社会组织共同设计服务。"
                                "Hợp tác xã đóng góp lợi nhuận. Органы НКО.").casefold())
    shingles = plain_shingles(flat)
    pairs = dict(zip(shingles, shingle_hashes(flat).tolist(), strict=True))
    assert len(set(pairs.values())) == len(pairs)


def test_the_signature_depends_on_the_set_of_shingles_only():
    # the same 5-grams, repeated a different number of times and with other white space
    assert (text_signature("abcdefg" * 3) == text_signature("abcdefg " * 5)).all()
    assert (text_signature("ABC de") == text_signature("abcde")).all()
    assert not (text_signature("abcdefg") == text_signature("abcdefh")).all()


def test_permutations_are_a_fixed_draw_of_odd_multipliers():
    a, b = permutations()
    assert len(a) == len(b) == NUM_PERM and a.dtype == b.dtype == np.uint32
    assert (a % 2 == 1).all() and len(set(a.tolist())) == NUM_PERM
    # the seeded draw datasketch's MinHash(64, seed=7) makes for its affine32 scheme
    assert a[:3].tolist() == [655483231, 1952827785, 2404484147]
    assert b[:3].tolist() == [1599380060, 4085580540, 2050422343]


# -- estimates as good as with SHA-1 shingle hashes ---------------------------------------------

def sha1_signature(text: str) -> np.ndarray:
    """The former signature: datasketch's sha1_hash32 of each UTF-8 shingle, same permutations."""
    flat = WHITE_SPACE.sub("", text.casefold())
    shingles = {s.encode("utf-8") for s in plain_shingles(flat)}
    hashes = np.array([int.from_bytes(sha1(s).digest()[:4], "little") for s in shingles],
                      dtype=np.uint32)
    return affine32_min(hashes, *permutations())


def random_word(rng: random.Random) -> str:
    alphabet = rng.choice(["abcdefghijklmnoprstuy", "абвгдеклмнопрст", "社区合作企业利润分配居民"])
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 8)))


def text_pairs(count: int) -> list[tuple[str, str]]:
    """Pairs of 150-word texts, the second with a growing share of its words replaced."""
    rng = random.Random(20261125)
    pairs = []
    for i in range(count):
        words = [random_word(rng) for _ in range(150)]
        changed = list(words)
        for k in rng.sample(range(len(words)), int(len(words) * i / count)):
            changed[k] = random_word(rng)
        pairs.append((" ".join(words), " ".join(changed)))
    return pairs


def true_jaccard(a: str, b: str) -> float:
    sa = set(plain_shingles(WHITE_SPACE.sub("", a.casefold())))
    sb = set(plain_shingles(WHITE_SPACE.sub("", b.casefold())))
    return len(sa & sb) / len(sa | sb)


def test_estimates_are_as_close_to_the_true_jaccard_as_with_sha1():
    pairs = text_pairs(80)
    truth = np.array([true_jaccard(a, b) for a, b in pairs])
    assert truth.min() < 0.1 and truth.max() == 1.0  # the whole range is covered
    new = np.array([similarity(text_signature(a), text_signature(b)) for a, b in pairs])
    old = np.array([similarity(sha1_signature(a), sha1_signature(b)) for a, b in pairs])
    new_error, old_error = np.abs(new - truth).mean(), np.abs(old - truth).mean()
    assert new_error < 0.06  # 64 permutations: about 0.8 * sqrt(J(1 - J) / 64) on average
    assert new_error <= old_error * 1.25


def test_without_white_space_removes_what_the_regex_removes():
    every_bmp_char = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    text = every_bmp_char + " a\u3000b\u00a0c\u2028d\u200be\n\tf "
    assert without_white_space(text) == WHITE_SPACE.sub("", text)


def test_similarity_is_the_share_of_equal_positions():
    rng = np.random.default_rng(5)
    for _ in range(50):
        a, b = (rng.integers(0, 3, NUM_PERM).astype(np.uint32) for _ in range(2))
        got = similarity(a, b)
        assert isinstance(got, float) and got == float(np.mean(a == b))
