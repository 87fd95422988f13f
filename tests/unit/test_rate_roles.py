"""profit_share vs other_rate and the share's roles (extract/rate_roles.py), with fixture
sentences written for these tests in the four languages."""

import pytest

from rawdocs import raw_text


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
