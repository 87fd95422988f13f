"""The cheap tests and lookaheads put before the extraction scanners skip nothing they find."""

import re

import pytest

from cominer.extract import policies, rates
from cominer.extract.extractor import LanguageRules
from cominer.extract.terms import compile_terms, prefilter, prefix_trie, term_prefix, term_regex

LANGS = ("zh", "ru", "vi", "en")

RATE_TEXTS = [
    "Firms pay 5% of profits, from 3 to 6 per cent, between 2 and 4 percent, 7pc, 8 Per-Cent.",
    "Партнёры перечисляют от 10 до 20 процентов прибыли, ещё 5 проц. и 3%; между 1 и 2 %.",
    "Doanh nghiệp đóng góp từ 10 đến 15 phần trăm lợi nhuận, giữa 2 và 3%, trong khoảng 4 và 5%.",
    "企业按年利润的百分之五至百分之十出资，提高两个百分点，两成、三成半、一成五、一半、千分之三、三分之一，5‰，半价，对半分，半个点，四六比例分享。",
    "A quarter of profits, one-third of the revenue, half of the residents, twenty per cent.",
    "Split 50:50, shared 60/40, в соотношении 70 на 30, chia 50:50, 七三开, 三七分成, 按3:7分成.",
    "Жители дают 5%, бизнес ещё столько же; residents 10% and firms as much again.",
    "At 3 or 4%, 10 or 20 percentage points; 3 или 4%, 3 hoặc 4%; 八五折、8.5折、下浮30个基点。",
]


@pytest.fixture(scope="module")
def rules():
    return {lang: LanguageRules.load(lang) for lang in LANGS}


def test_term_prefix_reads_up_to_a_stem():
    assert term_prefix("co-design*") == ["o", r"\-", "d", "e", "s", "i", "g", "n"]
    assert term_prefix("local authority") == ["o", "c", "a", "l", r"\s+", "a", "u", "t", "h", "o",
                                              "r", "i", "t", "y"]
    assert term_prefix("a") == []
    assert term_prefix("*x") == []


def test_prefix_trie_matches_where_any_prefix_does():
    trie = prefix_trie([["a", "b"], ["a", "c"], ["d"]])
    assert trie == "(?:a(?:b|c)|d)"
    pattern = re.compile(trie)
    for text, expected in [("ab", True), ("ac", True), ("ad", False), ("d", True), ("b", False)]:
        assert bool(pattern.match(text)) == expected
    assert prefix_trie([["a"], []]) == ""  # an empty prefix: anything matches


def test_compile_terms_finds_what_the_plain_alternation_finds():
    terms = ["volunteer*", "local authority", "co-design", "社区", "council", "*x"]
    texts = ["The Local  Authority and volunteers co-design with the council; 社区居委会 x.",
             "Volunteer, VOLUNTEERING, councillor, co-designed, authority"]
    for subset in (terms[:-1], terms):
        plain = re.compile("|".join(term_regex(t) for t in subset), re.I)
        fast = compile_terms(subset)
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in plain.finditer(text)]
    assert prefilter(terms) == ""  # a leading * can start anywhere: no lookahead
    assert prefilter(terms[:2]).startswith("(?=[lv])")


def test_rate_cues_hold_in_every_rate(rules):
    for lang, rule in rules.items():
        for text in RATE_TEXTS:
            for r in rates.find_rates(text, 0, len(text), rule.rates):
                assert rule.rates.may_hold_rate(text, r.start, r.end), (lang, text[r.start:r.end])
    for text in ["5%", "5 per cent", "5 PERCENT", "5pc", "5 процентов", "5 phần trăm", "5％"]:
        assert rates.PCT_CUE.search(text), text
    assert not rates.PCT_CUE.search("people, paper, 10 поселков")


def test_rate_scanners_unchanged_by_their_lookaheads():
    plain_range = re.compile(rates.NUMERIC_RANGE.pattern.split(")", 1)[1], re.I)
    plain_single = re.compile(rates.NUMERIC_SINGLE.pattern.split(")", 1)[1], re.I)
    for text in RATE_TEXTS:
        for fast, plain in ((rates.NUMERIC_RANGE, plain_range),
                            (rates.NUMERIC_SINGLE, plain_single)):
            assert [m.groups() for m in fast.finditer(text)] == [
                m.groups() for m in plain.finditer(text)]
    assert rates.NUMERIC_RANGE.search("from 3 to 6 per cent").group(0) == "from 3 to 6 per cent"


def test_policy_scans_find_what_finditer_finds():
    texts = ["Under the Procurement Act 2023 and the Law on Public Investment, Decree No. 15/2020 "
             "and ISO 9001:2015 apply; the “National Wellbeing Strategy” too, and 2 CFR Part 200; "
             "Thriving Places, the national strategy; UK GDPR.",
             "The 2022 Growth Plan for Towns, the National Standards for Peer Support and the "
             "Millbrook Fair Wages Ordinance No. 2023-4; the Policy on Grants (TBS, 2009); its "
             "Recommendation on fair pay; Homes with Heart, the federation's charter.",
             "Федеральный закон от 12.01.1996 № 7-ФЗ «О некоммерческих организациях», Гражданский "
             "кодекс, утвердило Порядок предоставления субсидий из бюджета города.",
             "Nghị định số 45/2021/NĐ-CP về Quy chế phối hợp giữa các sở và Luật Thủ đô năm 2024, "
             "Chương trình phát triển giai đoạn 2021 - 2025.",
             "根据《中华人民共和国慈善法》和中华人民共和国民法典。",
             "依照《中华人民共和国企业所得税法》第九条及其实施条例。", "nothing to see here"]
    for pattern in policies.CUES:
        for text in texts:
            assert [m.span() for m in policies.scan(pattern, text, 0, len(text))] == [
                m.span() for m in pattern.finditer(text)]
    assert any(list(policies.scan(p, t, 0, len(t))) for p in policies.CUES for t in texts)
