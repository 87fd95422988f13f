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


NAMED_ORG_TEXTS = [
    "The Eastgate Community Trust and Riverside Council met Millbrook Brewing Ltd; the trust "
    "board of Hill Farms Cooperative and the Bank of Northfield; University of Fairfield.",
    "Sở Y tế Hà Nội, Trung tâm Hành động vì Cộng đồng và Hội Liên hiệp Phụ nữ xã Phú Thọ.",
    "no capitalised bodies here, only a trust and a council in lower case.",
]


def test_named_org_heads_hold_in_every_named_org(rules):
    for lang in ("en", "vi"):
        terms = rules[lang].terms
        assert terms.named_orgs is not None and terms.named_heads is not None
        for text in NAMED_ORG_TEXTS:
            for m in terms.named_orgs.finditer(text):
                assert terms.named_heads.search(text, m.start(), m.end()), (lang, m.group(0))
    assert rules["en"].terms.named_heads.search(NAMED_ORG_TEXTS[0])
    assert not rules["en"].terms.named_heads.search(NAMED_ORG_TEXTS[2])


def test_named_orgs_unchanged_by_their_head_test(rules):
    from dataclasses import replace

    for lang in ("en", "vi"):
        fast = rules[lang].terms
        plain = replace(fast, named_heads=None)
        for text in NAMED_ORG_TEXTS:
            assert fast.find(text, 0, len(text)) == plain.find(text, 0, len(text)), lang
    text = NAMED_ORG_TEXTS[0]
    assert any(m.label == "enterprise" and "Brewing" in m.term
               for m in rules["en"].terms.find(text, 0, len(text)))


def paragraph_doc(paragraphs: list[tuple[str, str]]):
    """A clean document of (language, text) paragraphs, one per line."""
    from cominer.corpus.records import CleanDoc, Paragraph

    text, spans = "", []
    for lang, part in paragraphs:
        spans.append(Paragraph(len(text), len(text) + len(part), lang))
        text += part + "\n"
    return CleanDoc(doc_id="d", source="d.txt", title=None, date=None, lang="en",
                    cleaner_version="t", config_hash="t", main_text=text, text=text,
                    text_search=text, paragraphs=spans, removed=[], repaired=[])


def test_extractor_compiles_a_language_when_its_first_paragraph_comes():
    from cominer.extract.extractor import Extractor

    extractor = Extractor(span_model=None)
    assert extractor.rules == {}
    en = paragraph_doc([("en", "Each firm pays 5% of its annual profit into the community fund.")])
    facts = extractor.extract(en)
    assert set(extractor.rules) == {"en"}
    assert any(f.type == "rate" and f.label == "profit_share" for f in facts)
    both = paragraph_doc([("en", "The council and volunteers met."), ("de", "Der Rat tagte."),
                          ("ru", "Жители и волонтёры собрались.")])
    assert {f.lang for f in extractor.extract(both)} == {"en", "ru"}
    assert set(extractor.rules) == {"en", "ru"}  # no rules for German: nothing loaded
    # The same facts as an extractor that had every language loaded before.
    eager = Extractor(span_model=None)
    for lang in LANGS:
        eager.rules_for(lang)
    assert [f.to_json() for f in eager.extract(both)] == [
        f.to_json() for f in extractor.extract(both)]


def test_term_alternations_compile_when_first_needed():
    from cominer.extract.terms import TermMatcher, read_extract_lexicon

    matcher = TermMatcher.from_lexicon(read_extract_lexicon("en"))
    assert matcher.compiled == {}
    text = "The council and the volunteers met."
    found = matcher.find(text, 0, len(text))
    assert {m.label for m in found} >= {"government", "volunteer"}
    assert {"c", "v"} <= set(matcher.compiled) <= set(matcher.by_first)
    assert matcher.compile_first("€") is None
    pattern = matcher.compiled["c"]
    assert matcher.find(text, 0, len(text)) == found and matcher.compiled["c"] is pattern


QUOTED_ORG_TEXTS = [
    "Жители и фонд «Тёплый дом» собрали деньги; благотворительного фонда \"Берег\" и фонду “Сад”.",
    "Деньги лежат в фонде ремонта, без названия.",
]


def test_quoted_orgs_hold_a_quote_opener(rules, monkeypatch):
    from cominer.extract import terms

    matcher = rules["ru"].terms
    assert matcher.quoted_orgs is not None
    for text in QUOTED_ORG_TEXTS:
        for m in matcher.quoted_orgs.finditer(text):
            assert terms.QUOTE_CUE.search(text, m.start(), m.end()), m.group(0)
    fast = [matcher.find(t, 0, len(t)) for t in QUOTED_ORG_TEXTS]
    monkeypatch.setattr(terms, "QUOTE_CUE", re.compile(""))  # the test passes everywhere
    assert fast == [matcher.find(t, 0, len(t)) for t in QUOTED_ORG_TEXTS]
    assert sum(m.term.startswith(("фонд «", "благотворительного фонда \"", "фонду “"))
               for m in fast[0]) == 3
