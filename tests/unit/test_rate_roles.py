"""Rate forms, profit_share vs other_rate and the share's roles, with fixture sentences written
for these tests in the four languages."""

import pytest

from cominer.extract.extractor import LanguageRules
from cominer.extract.rates import find_rates

from rawdocs import raw_text

THIRD = 1 / 3


@pytest.fixture(scope="module")
def rules():
    return {lang: LanguageRules.load(lang) for lang in ("zh", "ru", "vi", "en")}


def figures(text, lang, rules):
    return [(text[r.start:r.end], round(r.min, 6), round(r.max, 6))
            for r in find_rates(text, 0, len(text), rules[lang].rates)]


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "约三成半的志愿者是退休教师", [("三成半", 0.35, 0.35)]),
    ("zh", "企业按净利润的两成至三成捐赠", [("两成至三成", 0.2, 0.3)]),
    ("zh", "超市以营收的百分之一点五按月捐入基金", [("百分之一点五", 0.015, 0.015)]),
    ("zh", "参与率提高了三个百分点", [("三个百分点", 0.03, 0.03)]),
    ("zh", "拿出三分之一的利润", [("三分之一", round(THIRD, 6), round(THIRD, 6))]),
    ("zh", "覆盖率由40%提高到65%", [("40%", 0.4, 0.4), ("65%", 0.65, 0.65)]),
    ("en", "firms give twenty-five per cent of their surplus",
     [("twenty-five per cent", 0.25, 0.25)]),
    ("en", "the café hands half of the revenue to the trust", [("half", 0.5, 0.5)]),
    ("en", "one in five residents volunteered", [("one in five", 0.2, 0.2)]),
    ("en", "a third of respondents disagreed", [("a third", round(THIRD, 6), round(THIRD, 6))]),
    ("en", "turnout fell by 4 percentage points", [("4 percentage points", 0.04, 0.04)]),
    ("en", "use rose from 12% to 19% in two years", [("12%", 0.12, 0.12), ("19%", 0.19, 0.19)]),
    ("en", "operators pay from 3 to 6 per cent of takings", [("from 3 to 6 per cent", 0.03, 0.06)]),
    ("ru", "кафе перечисляет двадцать пять процентов выручки",
     [("двадцать пять процентов", 0.25, 0.25)]),
    ("ru", "половина обращений осталась без ответа", [("половина", 0.5, 0.5)]),
    ("ru", "магазин отдает треть прибыли", [("треть", round(THIRD, 6), round(THIRD, 6))]),
    ("ru", "число клиентов выросло с 8% до 15%", [("8%", 0.08, 0.08), ("15%", 0.15, 0.15)]),
    ("ru", "отчисления составят от 2 до 7 % выручки", [("от 2 до 7 %", 0.02, 0.07)]),
    ("vi", "hợp tác xã trích hai mươi lăm phần trăm lợi nhuận",
     [("hai mươi lăm phần trăm", 0.25, 0.25)]),
    ("vi", "một nửa số hộ đã tham gia", [("một nửa", 0.5, 0.5)]),
    ("vi", "mức đóng từ 3 đến 5 phần trăm lợi nhuận", [("từ 3 đến 5 phần trăm", 0.03, 0.05)]),
])
def test_rate_forms_into_fractions(rules, lang, text, expected):
    assert figures(text, lang, rules) == expected


@pytest.mark.parametrize("lang, text", [
    ("en", "The pilot ran in the second half of 2023."),
    ("en", "Results for the first quarter of the year are due."),
    ("ru", "Проект работает третий год."),
    ("ru", "Во второй половине 2024 года центр переехал."),
    ("vi", "Dự án kéo dài nửa năm."),
    ("zh", "该社区成立于2019年，组成了三个小组。"),
])
def test_no_rate(rules, lang, text):
    assert figures(text, lang, rules) == []


def rate_facts(cleaner, extractor, text):
    doc = cleaner.clean(raw_text(text))
    facts = [f for f in extractor.extract(doc) if f.type == "rate"]
    for f in facts:
        assert doc.text[f.start:f.end] == f.text
    return facts


def labels(cleaner, extractor, text):
    return [(f.label, round(f.attrs["min"], 6)) for f in rate_facts(cleaner, extractor, text)]


@pytest.mark.parametrize("text, expected", [
    # a share and a survey figure in one sentence
    ("The bakery pays 5% of its profits into the street fund, and 62% of residents back it.",
     [("profit_share", 0.05), ("other_rate", 0.62)]),
    # a cue before the payment verb describes the payer, not the figure
    ("Shops that receive a rates discount agree to donate ten per cent of their net income to "
     "the neighbourhood fund.", [("profit_share", 0.1)]),
    # a step-up of the same share
    ("Each developer gives 1.5 per cent of gross sales to the trust, rising to 2 per cent once "
     "sales pass $10 million.", [("profit_share", 0.015), ("profit_share", 0.02)]),
    # growth, stake, comparison and threshold stay other_rate
    ("Membership grew by 14% last year.", [("other_rate", 0.14)]),
    ("The council holds a 30% stake in the company.", [("other_rate", 0.3)]),
    ("Running costs were about 20% lower than under the old contract.", [("other_rate", 0.2)]),
    ("Bidders must give at least 10% of the evaluation score to social value.",
     [("other_rate", 0.1)]),
])
def test_english_profit_share_or_other_rate(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "入驻商户每年将税后利润的两成提拨给社区基金；调查显示，七成受访居民表示满意。",
     [("profit_share", 0.2), ("other_rate", 0.7)]),
    ("zh", "连锁超市承诺以门店营收的百分之一按月捐入基金。", [("profit_share", 0.01)]),
    ("zh", "该项目的参与人数同比增长了25%。", [("other_rate", 0.25)]),
    ("zh", "运营方按季度将净收益的15%拨入街道公益金账户，其余85%用于滚动发展。",
     [("profit_share", 0.15), ("other_rate", 0.85)]),
    ("zh", "物业公司将停车费收入的一半交给业委会。", [("profit_share", 0.5)]),
    ("zh", "政府补贴占项目总投资的30%，居民满意度达到92%。",
     [("other_rate", 0.3), ("other_rate", 0.92)]),
    ("ru", "Аптека ежеквартально направляет в фонд 10% чистой прибыли, а пекарня — от 3 до 5% "
           "выручки.", [("profit_share", 0.1), ("profit_share", 0.03)]),
    ("ru", "По данным опроса, 41% жителей знают о фонде.", [("other_rate", 0.41)]),
    ("vi", "Doanh nghiệp trích 3% lợi nhuận trước thuế vào quỹ của phường; 55% người dân ủng hộ.",
     [("profit_share", 0.03), ("other_rate", 0.55)]),
    ("vi", "Chi phí vận hành thấp hơn khoảng 15% so với năm trước.", [("other_rate", 0.15)]),
])
def test_profit_share_or_other_rate_in_other_languages(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


def test_share_base_carries_over_to_the_next_figure_paid(cleaner, extractor):
    text = ("Các cơ sở đóng góp một phần lợi nhuận hằng năm vào quỹ: cơ sở nhỏ đóng 1%, "
            "cơ sở lớn đóng 4%.")
    facts = rate_facts(cleaner, extractor, text)
    assert [(f.label, f.attrs["base"]) for f in facts] == [("profit_share", "profit")] * 2


def test_a_repeated_band_is_the_same_share(cleaner, extractor):
    text = ("Every firm with a council contract should return 2%–4% of its annual profit to the "
            "Millbrook Community Fund.\n\nA builder said the 2%–4% band was fair.")
    assert labels(cleaner, extractor, text) == [("profit_share", 0.02), ("profit_share", 0.02)]


@pytest.mark.parametrize("lang, text, attrs", [
    ("zh", "合作企业每年将净利润的5%捐赠给社区公益基金。",
     {"base": "profit", "period": "year", "payer": "合作企业", "recipient": "社区公益基金"}),
    ("en", "Partner firms pay one quarter of profits each year to the Millbrook Community Trust.",
     {"base": "profit", "period": "year", "payer": "Partner firms",
      "recipient": "Millbrook Community Trust"}),
    ("ru", "Оператор ежегодно перечисляет 15 процентов выручки в городской ремонтный фонд.",
     {"base": "revenue", "period": "year", "payer": "Оператор",
      "recipient": "городской ремонтный фонд"}),
    ("ru", "Управляющая компания ежемесячно перечисляет в общий фонд дома 3% от платы за "
           "парковку.",
     {"base": "fee", "period": "month", "payer": "Управляющая компания",
      "recipient": "общий фонд дома"}),
    ("vi", "Doanh nghiệp trích 10% doanh thu hằng tháng vào quỹ phát triển cộng đồng.",
     {"base": "revenue", "period": "month", "payer": "Doanh nghiệp",
      "recipient": "quỹ phát triển cộng đồng"}),
])
def test_share_roles_from_the_sentence(cleaner, extractor, lang, text, attrs):
    (fact,) = rate_facts(cleaner, extractor, text)
    assert fact.label == "profit_share"
    assert {k: fact.attrs[k] for k in attrs} == attrs


def test_headline_and_body_rate_is_one_fact_with_two_mentions(cleaner, extractor):
    text = ("Cafés to give 8% of profits to street fund\n\n"
            "From May, the cafés on Mill Lane will pay 8% of their profits into the street fund.")
    doc = cleaner.clean(raw_text(text))
    facts = [f for f in extractor.extract(doc) if f.type == "rate"]
    assert len(facts) == 1
    fact = facts[0]
    assert fact.label == "profit_share" and fact.start < doc.text.index("\n")
    (mention,) = fact.attrs["mentions"]
    assert "8%" in doc.text[mention[0]:mention[1]] and mention[0] > doc.text.index("\n")


def test_headline_rate_kept_apart_when_merging_is_off(cleaner):
    from cominer.extract.extractor import ExtractConfig, Extractor

    text = ("Shops pledge 6% to street fund\n\n"
            "Shops on Mill Lane will pay 6% of their profits into the street fund each year.")
    doc = cleaner.clean(raw_text(text))
    facts = [f for f in Extractor(ExtractConfig(merge_headline_rates=False)).extract(doc)
             if f.type == "rate"]
    assert [f.label for f in facts] == ["profit_share", "profit_share"]
    assert facts[0].attrs["base"] == "profit" and "mentions" not in facts[0].attrs
