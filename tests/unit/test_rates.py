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


THIRD = 1 / 3


def figures6(text, lang, rules):
    return [(text[r.start:r.end], round(r.min, 6), round(r.max, 6))
            for r in find_rates(text, 0, len(text), rules[lang].rates)]


@pytest.mark.parametrize("lang, text, expected", [
    ("zh", "约三成半的志愿者是退休教师", [("三成半", 0.35, 0.35)]),
    ("zh", "商户按营业额的一成五缴纳", [("一成五", 0.15, 0.15)]),
    ("zh", "按千分之五提取管理费", [("千分之五", 0.005, 0.005)]),
    ("ru", "фонд получает 15-процентную долю прибыли", [("15-процентную", 0.15, 0.15)]),
    ("en", "a 2pc levy on turnover", [("2pc", 0.02, 0.02)]),
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
    assert figures6(text, lang, rules) == expected


@pytest.mark.parametrize("lang, text", [
    ("en", "The pilot ran in the second half of 2023."),
    ("en", "Results for the first quarter of the year are due."),
    ("ru", "Проект работает третий год."),
    ("ru", "Во второй половине 2024 года центр переехал."),
    ("vi", "Dự án kéo dài nửa năm."),
    ("zh", "该社区成立于2019年，组成了三个小组。"),
])
def test_no_rate_in_times_and_names(rules, lang, text):
    assert figures6(text, lang, rules) == []


@pytest.mark.parametrize("lang, text, expected", [
    # a band written with two fraction words, or two different notations, is one range
    ("en", "partners hand between a fifth and a third of any surplus to the trust",
     [("a fifth and a third", 0.2, round(THIRD, 6))]),
    ("en", "co-ops return from a tenth to a quarter of their takings",
     [("a tenth to a quarter", 0.1, 0.25)]),
    ("zh", "商户按营业额的千分之八至百分之二捐入基金", [("千分之八至百分之二", 0.008, 0.02)]),
    # a change "from X to Y" is two figures even when only the second has its sign …
    ("ru", "доля частных школ выросла с 6 до 14%", [("6", 0.06, 0.06), ("14%", 0.14, 0.14)]),
    ("en", "the plan aims at raising the share of tenants who recycle from 31% to 50% by 2030",
     [("31%", 0.31, 0.31), ("50%", 0.5, 0.5)]),
    # … but a change "by 4-6%" is one band, and a change in another clause does not count
    ("vi", "phí gửi xe dự kiến tăng khoảng 4-6%", [("4-6%", 0.04, 0.06)]),
    ("en", "Sales fell last year, so members now pay from 2 to 4% of takings",
     [("from 2 to 4%", 0.02, 0.04)]),
    # percentage points in every notation
    ("vi", "tỷ lệ này cao hơn 3 đến 5 điểm phần trăm", [("3 đến 5 điểm phần trăm", 0.03, 0.05)]),
    ("ru", "явка снизилась на 4 п.п.", [("4 п.п.", 0.04, 0.04)]),
    # "N in M" fractions, and fractions led by "by" or followed by a verb of saying
    ("en", "three in five said they felt safer", [("three in five", 0.6, 0.6)]),
    ("en", "only one in eight reported a problem", [("one in eight", 0.125, 0.125)]),
    ("en", "the scheme cut waiting times by a fifth", [("a fifth", 0.2, 0.2)]),
    ("en", "two fifths of tenants joined", [("two fifths", 0.4, 0.4)]),
])
def test_bands_changes_points_and_fraction_families(rules, lang, text, expected):
    assert figures6(text, lang, rules) == expected


@pytest.mark.parametrize("text, expected", [
    ("约有七八成居民支持", [("七八成", 0.7, 0.8)]),
    ("销售额增长了两三成", [("两三成", 0.2, 0.3)]),
    ("按基金规模的万分之五提取", [("万分之五", 0.0005, 0.0005)]),
    ("这一做法三五成群", []),
])
def test_chinese_tenths_pairs_and_per_ten_thousand(rules, text, expected):
    assert figures6(text, "zh", rules) == expected


@pytest.mark.parametrize("text, expected", [
    ("Каждый пятый житель района участвует в проектах", [("Каждый пятый", 0.2, 0.2)]),
    ("опрос показал, что каждая третья семья экономит", [("каждая третья", round(THIRD, 6),
                                                          round(THIRD, 6))]),
    ("отчисляет в фонд полтора процента выручки", [("полтора процента", 0.015, 0.015)]),
])
def test_russian_one_in_n_and_one_and_a_half(rules, text, expected):
    assert figures6(text, "ru", rules) == expected


@pytest.mark.parametrize("text, expected", [
    ("Ba phần tư số hộ đồng ý", [("Ba phần tư", 0.75, 0.75)]),
    ("Doanh nghiệp dành phân nửa lợi nhuận cho quỹ", [("phân nửa", 0.5, 0.5)]),
    ("Hơn nửa số hộ đã tham gia", [("Hơn nửa", 0.5, 0.5)]),
    ("Tỷ lệ hoàn thành đạt một trăm phần trăm", [("một trăm phần trăm", 1.0, 1.0)]),
    ("Trong nửa đầu năm 2024, doanh thu tăng mạnh", []),
])
def test_vietnamese_fraction_family(rules, text, expected):
    assert figures6(text, "vi", rules) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("vi", "trích 2 phần nghìn doanh thu", [("2 phần nghìn", 0.002, 0.002)]),
    ("ru", "отчисляет 5 промилле выручки", [("5 промилле", 0.005, 0.005)]),
    ("en", "a levy of 3‰ on sales", [("3‰", 0.003, 0.003)]),
])
def test_thousandths_in_words_and_signs(rules, lang, text, expected):
    assert figures6(text, lang, rules) == expected


@pytest.mark.parametrize("text, expected", [
    # lên / xuống make a change even without a change verb in the clause
    ("tỷ lệ đã tăng gấp đôi, từ 35% lên 70%", [("35%", 0.35, 0.35), ("70%", 0.7, 0.7)]),
    ("tỷ lệ hộ nghèo giảm từ 12 xuống 8%", [("12", 0.12, 0.12), ("8%", 0.08, 0.08)]),
    ("một phần hai số hộ", [("một phần hai", 0.5, 0.5)]),
])
def test_vietnamese_changes_up_and_down(rules, text, expected):
    assert figures6(text, "vi", rules) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "The excess is split 50:50 between the council and the operator.",
     [("50:50", 0.5, 0.5)]),
    ("en", "Profits above the cap are shared 60/40 between the trust and the firm.",
     [("60/40", 0.6, 0.6)]),
    ("ru", "Прибыль делится в соотношении 70 на 30 между компанией и фондом.",
     [("70 на 30", 0.7, 0.7)]),
    ("vi", "Phần vượt được chia theo tỷ lệ 50:50 giữa Nhà nước và nhà đầu tư.",
     [("50:50", 0.5, 0.5)]),
    ("zh", "超额收益按七三开分成。", [("七三开", 0.7, 0.7)]),
    ("zh", "超额利润三七分成。", [("三七分成", 0.3, 0.3)]),
    ("zh", "净利润由企业与社区按3:7分成。", [("3:7", 0.3, 0.3)]),
    # no split word, parts that do not make the whole, times and dates: no rate
    ("en", "There is a 50/50 chance the scheme is renewed.", []),
    ("en", "The shared meeting starts at 10:30 and the split vote is on 12/05.", []),
    ("ru", "Участок делится на 20 на 30 метров.", []),
    ("zh", "三四分钟后分配完毕。", []),
])
def test_splits_between_parties(rules, lang, text, expected):
    assert rates(text, lang, rules) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("ru", "Со стороны жителей минимум 5%, со стороны бизнеса ещё столько же.",
     [("5%", 0.05, 0.05), ("ещё столько же", 0.05, 0.05)]),
    ("en", "Residents raise 10%, and local firms as much again.",
     [("10%", 0.1, 0.1), ("as much again", 0.1, 0.1)]),
    ("en", "Residents elect a third of the board; the final third is made up of carers.",
     [("a third", 0.3333, 0.3333), ("the final third", 0.3333, 0.3333)]),
    # no earlier figure: nothing to repeat
    ("ru", "Бизнес вложил столько же, сколько и жители.", []),
])
def test_a_figure_said_again_and_the_final_part(rules, lang, text, expected):
    assert rates(text, lang, rules) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # either of two figures is a range
    ("en", "loans cost 5 or 6% a year", [("5 or 6%", 0.05, 0.06)]),
    ("en", "a bonus of 15 or 25 percentage points", [("15 or 25 percentage points", 0.15, 0.25)]),
    ("ru", "ставка 7 или 8%", [("7 или 8%", 0.07, 0.08)]),
    ("vi", "lãi suất 6 hoặc 7%", [("6 hoặc 7%", 0.06, 0.07)]),
    ("en", "a 20% or higher share", [("20%", 0.2, 0.2)]),
    # a Chinese price in tenths of the full price, and basis points
    ("zh", "会员享受九五折，学生七折，团体8.5折", [("九五折", 0.95, 0.95), ("七折", 0.7, 0.7),
                                    ("8.5折", 0.85, 0.85)]),
    ("zh", "贷款利率下调25个基点", [("25个基点", 0.0025, 0.0025)]),
    ("zh", "设备按年计提折旧，折合人民币三万元", []),
    # fractions led by a bound ("up to half", "at least one third")
    ("en", "of which up to half may be paid in kind", [("half", 0.5, 0.5)]),
    ("en", "at least one third must go to training", [("one third", 0.3333, 0.3333)]),
    # a Russian tenth in the accusative
    ("ru", "магазин отдаёт одну десятую годовой прибыли", [("одну десятую", 0.1, 0.1)]),
])
def test_or_ranges_discounts_basis_points_and_bounded_fractions(rules, lang, text, expected):
    assert rates(text, lang, rules) == expected
