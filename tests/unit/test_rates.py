import pytest

from cominer.extract.extractor import LanguageRules
from cominer.extract.rates import chinese_number, find_rates


@pytest.fixture(scope="module")
def rules():
    return {lang: LanguageRules.load(lang) for lang in ("zh", "ru", "vi", "en")}


def rates(text, lang, rules):
    return [(text[r.start:r.end], round(r.min, 4), round(r.max, 4))
            for r in find_rates(text, 0, len(text), rules[lang].rates)]


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "企业将年利润的2%~5%捐赠给社区基金", ("2%~5%", 0.02, 0.05)),
    ("zh", "按10%–20%的比例提取", ("10%–20%", 0.1, 0.2)),
    ("zh", "营业收入的百分之二十注入基金", ("百分之二十", 0.2, 0.2)),
    ("zh", "约有两成居民表示满意", ("两成", 0.2, 0.2)),
    ("zh", "增长了３５％", ("３５％", 0.35, 0.35)),
    ("en", "a fee of 25 % applies", ("25 %", 0.25, 0.25)),
    ("en", "operators pay twenty per cent of revenue", ("twenty per cent", 0.2, 0.2)),
    ("en", "firms give one quarter of profits to the trust", ("one quarter", 0.25, 0.25)),
    ("en", "between 10 and 15 per cent of net revenue", ("between 10 and 15 per cent", 0.1, 0.15)),
    ("ru", "концессионер перечисляет 25 процентов прибыли", ("25 процентов", 0.25, 0.25)),
    ("ru", "отчисления составят от 10 до 20% выручки", ("от 10 до 20%", 0.1, 0.2)),
    ("ru", "пять процентов годового дохода", ("пять процентов", 0.05, 0.05)),
    ("ru", "ставка 1,5% годовых", ("1,5%", 0.015, 0.015)),
    ("vi", "trích 20 phần trăm lợi nhuận", ("20 phần trăm", 0.2, 0.2)),
    ("vi", "năm phần trăm doanh thu", ("năm phần trăm", 0.05, 0.05)),
    ("vi", "từ 10%–20% lợi nhuận", ("từ 10%–20%", 0.1, 0.2)),
])
def test_rate_forms(rules, lang, text, expected):
    assert rates(text, lang, rules) == [expected]


@pytest.mark.parametrize("lang, text", [
    ("en", "The group meets every quarter to review the service."),
    ("zh", "这一做法形成了完成任务的组成部分。"),
    ("en", "In 2023 the council spent 4.5 million pounds."),
])
def test_no_rate(rules, lang, text):
    assert rates(text, lang, rules) == []


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("二十五", "十", "五", "三点五", "一百")] == [
        25, 10, 5, 3.5, 100]


@pytest.mark.parametrize("lang, text, label", [
    ("zh", "合作企业每年将利润的2%~5%捐赠给社区公益基金。", "profit_share"),
    ("zh", "调查显示，62%的受访居民对服务表示满意。", "other_rate"),
    ("zh", "该公司持股30%，负责项目运营。", "other_rate"),
    ("en", "Partner firms pay one quarter of profits into the community trust.", "profit_share"),
    ("en", "Some 38% of residents took part in at least one project.", "other_rate"),
    ("ru", "Концессионер ежегодно перечисляет 25 процентов прибыли в муниципальный фонд.",
     "profit_share"),
    ("ru", "Доля участия государства составляет 51%.", "other_rate"),
    ("vi", "Doanh nghiệp dự án trích 20 phần trăm lợi nhuận vào quỹ phát triển cộng đồng.",
     "profit_share"),
    ("vi", "Tỷ lệ vốn nhà nước trong dự án là 30%.", "other_rate"),
])
def test_profit_share_or_other_rate(cleaner, extractor, lang, text, label):
    from rawdocs import raw_text

    doc = cleaner.clean(raw_text(text))
    facts = [f for f in extractor.extract(doc) if f.type == "rate"]
    assert [f.label for f in facts] == [label]
    assert all(doc.text[f.start:f.end] == f.text for f in facts)
