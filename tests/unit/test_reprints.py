from cominer.corpus.reprints import (
    NEAR_DUPLICATE,
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
