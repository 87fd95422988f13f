"""Property tests (hypothesis) on the cleaner, the rate and policy parsers and the offset
bookkeeping. Bounded by the `default` profile (tests/conftest.py); run
`pytest tests/reliability/test_properties.py --hypothesis-profile=long` for a longer hunt."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cominer.corpus.decode import DecodeError
from cominer.corpus.maintext import MainText, extract_main_text, normalise_lines
from cominer.corpus.records import CleanDoc, RawDoc
from cominer.extract.extractor import LANGUAGES, LanguageRules
from cominer.extract.policies import find_policies
from cominer.extract.rates import find_rates

# Pieces of what dirty pages hold, for the generators to mix with arbitrary text.
SNIPPETS = [
    "企业将年利润的2%~5%捐赠给社区基金。", "社區(qū)居民委員會", "百分之二十至百分之三十",
    "两成", "國務院關於《社区服务体系建设规划》的通知", "《意见》", "国发〔2014〕60号",
    "Федеральный закон от 12.01.1996 № 7-ФЗ «О некоммерческих организациях»",
    "от 10 до 20% прибыли", "Nghị định số 35/2021/NĐ-CP", "từ 5% đến 10% lợi nhuận",
    "Companies pay between 10 and 15 percent of profits to the fund.",
    "The Social Value Act 2012", "ISO 9001", "twenty per cent", "a quarter of revenue",
    "澳门赌场 在线博彩 加微信 888", "Hotline: +7 (495) 123-45-67", "相似文献", "Comments",
    "?!吧鐓^", "Ã©tÃ©", "1.5%-2,5%", "%", "％", "~", "至", "《", "》", "«", "»", "\u3000",
    "\u200b", "\ufeff", "\r", "\t", "\n", "\n\n", "ё", "Ё", "İ", "ß", "ǅ", "\U0001f600",
    "\u0301", "ﬁ", "①", "²", "٣", "\ud7ff", "\U00010000",
]
messy_text = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(SNIPPETS)),
                      max_size=25).map("".join)
any_text = st.one_of(st.text(max_size=400), messy_text)


@pytest.fixture(scope="module")
def rules():
    return {lang: LanguageRules.load(lang) for lang in LANGUAGES}


def clean_text_of(cleaner, text: str) -> CleanDoc:
    """Clean `text` as a .txt input is cleaned (lines normalised first)."""
    return cleaner.clean_main(extract_main_text(text), doc_id="d", source="s")


def assert_offsets(doc: CleanDoc) -> None:
    """Every recorded offset points where it says (DESIGN.md, Clean document)."""
    text, main = doc.text, doc.main_text
    assert len(doc.text_search) == len(text)
    for p in doc.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)
        assert "\n" not in text[p.start:p.end]
    starts = [p.start for p in doc.paragraphs]
    assert starts == sorted(starts)
    for cut in doc.removed:
        assert main[cut.start:cut.end] == cut.text
        assert 0 <= cut.at <= len(text)
    for fix in doc.repaired:
        assert main[fix.start:fix.end] == fix.before
        assert text[fix.at:fix.at + len(fix.after)] == fix.after


def assert_facts_match(doc: CleanDoc, facts) -> None:
    for fact in facts:
        assert fact.text == doc.text[fact.start:fact.end], fact
        assert 0 <= fact.start <= fact.end <= len(doc.text)
        if fact.type == "rate":
            assert 0 <= fact.attrs["min"] <= fact.attrs["max"] <= 10, fact


# -- the cleaner -----------------------------------------------------------------------------


@given(any_text)
@example("a\u2028b")  # a line separator splitlines() knows and split("\n") does not
@example("Â\tÂ\x80")  # found by hypothesis: stripping the line cut into a repair (fixed)
@example("x\u3000\u3000y\n\u00a0")
def test_cleaning_arbitrary_text_never_raises_and_keeps_offsets(cleaner, text):
    assert_offsets(clean_text_of(cleaner, text))
    # also main text as it comes, not normalised: the bookkeeping must hold for any lines
    assert_offsets(cleaner.clean_main(MainText(text=text), doc_id="d", source="s"))


@given(any_text)
@example("\x91㐀(ū)Â\x80")  # found by hypothesis: a repair spanning pinyin hid it (fixed)
# found by hypothesis: a line was judged before its mojibake was repaired (fixed)
@example("Â\x80011O0001112 。社微信 888")
@example("Â\x80Â 0")  # a repair that yields a no-break space
# found by hypothesis: a hotline between two copies of a sentence hid the second (fixed)
@example("䶮仑寘幆击㚥㙖00000挠䚄㺭㤒匌埌䢺。Hotline00000000䶮仑寘幆击㚥㙖00000挠䚄㺭㤒匌埌䢺。"
         "0㐀㐀㐀㐀㐀。")
def test_cleaning_is_idempotent(cleaner, text):
    """Cleaning the clean text removes nothing more; the text changes only where a repair
    says so (a repair can reveal another on garbage: "?§\x91?Â\x80" → ftfy → GBK shift)."""
    first = clean_text_of(cleaner, text)
    second = clean_text_of(cleaner, first.text)
    assert second.removed == []
    # Reading a .txt folds blanks (a repaired "Â " is a no-break space, read back as " ").
    assert normalise_lines(second.text) == normalise_lines(first.text) or second.repaired


# Found by the long profile (seeds 2 and 7), not fixed yet: a line judged foreign-script spam
# only once a C1 control character beside it is repaired, and a duplicate sentence seen only
# after a repair further on. Strict xfail: this fails the day they are fixed, to move them up.
@pytest.mark.xfail(strict=True, reason="known cleaner idempotence bugs (see comment)")
@pytest.mark.parametrize("text", [
    "AAAAAAAAAAAAA\r㐀\r\x88²¹Â¹AA",
    "仿丘射干刧㛓㚄00000捎䚰㻙㤾匸埸䣨。仿丘射干刧㛓㚄00000捎䚰㻙㤾匸埸䣨。?吧鐓^丘仿射。",
])
def test_known_idempotence_gaps(cleaner, text):
    first = clean_text_of(cleaner, text)
    assert clean_text_of(cleaner, first.text).removed == []


def html_nodes(depth: int = 3):
    tags = st.sampled_from(["p", "div", "span", "li", "ul", "table", "td", "tr", "b", "a",
                            "script", "style", "h1", "br", "nav", "footer", "article", "p"])
    leaf = st.one_of(st.text(max_size=30), st.sampled_from(SNIPPETS))
    if depth == 0:
        return leaf
    child = html_nodes(depth - 1)
    element = st.tuples(tags, st.lists(child, max_size=4), st.booleans(),
                        st.sampled_from(["", ' class="x"', " data-x='<>'", ' a="1" a="2"'])
                        ).map(lambda t: f"<{t[0]}{t[3]}>{''.join(t[1])}"
                                        + (f"</{t[0]}>" if t[2] else ""))
    return st.one_of(leaf, element)


messy_html = st.tuples(st.lists(html_nodes(), max_size=8),
                       st.sampled_from(["utf-8", "gbk", "windows-1251", "nonsense"]),
                       st.booleans()).map(
    lambda t: (f'<html><head><meta charset="{t[1]}"><title>T</title></head><body>'
               + "".join(t[0]) + ("</body></html>" if t[2] else "")))


@given(messy_html, st.sampled_from(["utf-8", "gb18030", "cp1251", "latin-1"]))
def test_cleaning_generated_messy_html(cleaner, extractor, html, encoding):
    data = html.encode(encoding, errors="replace")
    raw = RawDoc(source="gen.html", data=data, fetched_at="2026-01-01T00:00:00+00:00")
    try:
        doc = cleaner.clean(raw)
    except DecodeError:
        return  # a recorded "decode" error is an allowed outcome
    assert_offsets(doc)
    assert_facts_match(doc, extractor.extract(doc))


@given(any_text)
def test_facts_of_arbitrary_text_point_into_the_clean_text(cleaner, extractor, text):
    doc = clean_text_of(cleaner, text)
    assert_facts_match(doc, extractor.extract(doc))


# -- the parsers -----------------------------------------------------------------------------


@given(any_text, st.sampled_from(LANGUAGES), st.data())
def test_rates_are_fractions_in_range_with_spans_inside(rules, text, lang, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for rate in find_rates(text, start, end, rules[lang].rates):
        assert start <= rate.start < rate.end <= end
        assert 0 <= rate.min <= rate.max <= 10, (text[rate.start:rate.end], rate)


@given(any_text, st.sampled_from(LANGUAGES), st.data())
def test_policies_are_spans_of_their_titles(rules, text, lang, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    found = find_policies(text, start, end, lang, rules[lang].policies)
    for policy in found:
        assert start <= policy.start < policy.end <= end
        assert text[policy.start:policy.end] == policy.title
    spans = sorted((p.start, p.end) for p in found)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no overlaps
