"""Speed-ups of the cleaning, extraction and store hot paths give the plain results."""

from __future__ import annotations

import random

from cominer.corpus.dedup import (
    DIGITS,
    NEAR_JACCARD,
    SentenceIndex,
    key_shingles,
    similarity_prefix,
)


def brute_force_seen(earlier: list[str], key: str) -> bool:
    """Near copy by comparing with every earlier key (what the prefix index must answer)."""
    shingles = key_shingles(key)
    for other in earlier:
        theirs = key_shingles(other)
        n = len(shingles & theirs)
        if (n / (len(shingles) + len(theirs) - n) >= NEAR_JACCARD
                and DIGITS.findall(other) == DIGITS.findall(key)):
            return True
    return False


def test_similarity_prefix_is_the_sorted_head():
    shingles = frozenset("abcdefghij")
    assert similarity_prefix(shingles) == list("abcd")  # 10 - ceil(0.69 * 10) + 1
    assert similarity_prefix(frozenset(["x"])) == ["x"]


def test_prefix_index_finds_every_near_copy():
    rng = random.Random(3)
    alphabet = "居民代表参与评估形成了多方协作的治理格局共同设计0123"
    base = "".join(rng.choice(alphabet) for _ in range(40))
    keys = []
    for _ in range(150):  # copies of one sentence with a few characters changed: around 0.7
        chars = list(base)
        for _ in range(rng.randrange(0, 6)):
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        keys.append("".join(chars))
    index, kept = SentenceIndex(), []
    outcomes = set()
    for key in keys:
        if key in kept:
            continue
        expected = brute_force_seen(kept, key)
        outcomes.add(expected)
        assert index.seen_or_add(key) == expected
        if not expected:
            kept.append(key)
    assert outcomes == {True, False}


def test_seen_or_add_answers_like_a_brute_force_index():
    base = "居民代表参与评估形成了多方协作的治理格局共同设计"
    keys = [base, base[:-1], base, "居民参与率为40" + base[:14], "居民参与率为45" + base[:14]]
    fast, exact, near_kept = SentenceIndex(), set(), []
    for key in keys:
        for near in (True, False):
            expected = key in exact or (near and brute_force_seen(near_kept, key))
            if not expected:
                exact.add(key)
                if near:
                    near_kept.append(key)
            assert fast.seen_or_add(key, near) == expected


def test_rate_cues_with_first_character_sets_match_the_plain_patterns():
    import re

    from cominer.extract import rates

    plain_permille = re.compile(rates.PERMILLE, re.I)
    plain_ratio = re.compile(r"\d\s?(?::|/|\s+на\s+)\s?\d|[一二三四五六七八九]{2}[开分]", re.I)
    texts = ["5‰, 2 PHẦN NGHÌN, 3 phần  ngàn, 3 Промилле, 4 per mille, Per Mille", "papa пп",
             "50:50, 60 / 40, 70 НА 30, 7 на3, 七三开, 三七分成, 一二, 1:x, ‰", "nothing here"]
    for text in texts:
        for fast, plain in ((rates.PERMILLE_CUE, plain_permille),
                            (rates.RATIO_CUE, plain_ratio)):
            for start in range(len(text)):
                for end in (start + 1, start + 4, len(text)):
                    assert bool(fast.search(text, start, end)) == bool(
                        plain.search(text, start, end)), (text, start, end)
    assert all(rates.PERMILLE_CUE.search(t) for t in texts[:1])
    assert rates.RATIO_CUE.search(texts[2]) and not rates.RATIO_CUE.search(texts[3])


def test_fraction_trie_changes_no_fraction_match():
    import re

    from cominer.extract.rates import RateCues, fraction_trie
    from cominer.extract.terms import read_extract_lexicon

    texts = ["The other half, a Quarter of profits, two-thirds and one in ten; half-hearted, tho.",
             "Половину прибыли, каждого третьего, треть и четверть дохода; половинчатый подход.",
             "Một nửa lợi nhuận, MỘT PHẦN BA doanh thu và hai phần năm; ba phần mười. nửa"]
    assert fraction_trie(["one in ten", "half*"]) == r"(?=(?:one[\s\-]+in[\s\-]+ten|half))"
    checked = 0
    for lang in ("ru", "vi", "en"):
        data = read_extract_lexicon(lang)["rates"]
        cues = RateCues.from_lexicon(data)
        raw = sorted((str(k).lower() for k in data["fractions"]), key=len, reverse=True)
        alts = "|".join(re.escape(w.rstrip("*")).replace(r"\ ", r"[\s\-]+")
                        + (r"\w*" if w.endswith("*") else "") for w in raw)
        plain_cue = re.compile(f"(?:{alts})", re.I)
        plain_pattern = re.compile(rf"(?<!\w)({alts})(?!\w)", re.I)
        for text in texts:
            assert [m.span() for m in cues.fraction_cue.finditer(text)] == [
                m.span() for m in plain_cue.finditer(text)]
            assert [m.groups() for m in cues.fraction_pattern.finditer(text)] == [
                m.groups() for m in plain_pattern.finditer(text)]
            checked += len(plain_cue.findall(text))
    assert checked >= 6


def test_any_place_finds_a_place_where_one_of_the_places_does():
    from cominer.extract.extractor import LanguageRules

    texts = ["Local Government Act 2000 (England and Wales)", "the Welsh Government said",
             "Закон Великобритании", "Англия и Уэльс", "英国慈善法", "nothing here", "englishman"]
    found = 0
    for lang in ("zh", "ru", "vi", "en"):
        cues = LanguageRules.load(lang).policies
        for text in texts:
            expected = any(p.search(text) for p, _ in cues.places)
            assert bool(cues.any_place and cues.any_place.search(text)) == expected, (lang, text)
            found += expected
    assert found >= 4


def test_any_type_word_finds_a_type_word_where_one_of_them_does():
    from cominer.extract.extractor import LanguageRules

    texts = ["согласно Федеральному закону", "постановлением правительства", "the Housing Act",
             "a new Strategy and Action Plan", "nothing here", "законопроект", "Quyết định số"]
    found = 0
    for lang in ("zh", "ru", "vi", "en"):
        cues = LanguageRules.load(lang).policies
        for text in texts:
            expected = any(p.search(text) for p, _ in cues.type_words)
            assert cues.mentions_type_word(text) == expected, (lang, text)
            found += expected
    assert found >= 3


def test_search_form_of_normalized_text_is_the_per_character_translation():
    from cominer.corpus.language import ChineseForms, NfkcTable

    forms = ChineseForms()
    for text in ["Hà Nội và cộng đồng", "Жители района", "社區居民參與", "ＡＢＣ，（１２）",
                 "e\u0301 x", "ﬁ ㈱ Ⅻ", "caf\u00e9 \u0344 \u1e9b\u0323"]:
        simple = forms.simplified(text)
        assert forms.search_form(text) == simple.translate(NfkcTable())
