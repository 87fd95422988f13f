"""profit_share vs other_rate and the share's roles (extract/rate_roles.py), with fixture
sentences written for these tests in the four languages."""

import pytest

from rawdocs import extracted, raw_text


def rate_facts(cleaner, extractor, text):
    return extracted(cleaner, extractor, text, "rate")


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


@pytest.mark.parametrize("lang, text, expected", [
    # a figure over 100% is no share, even next to revenue and a fund
    ("en", "If takings exceed 130% of the forecast, the operator pays 10% of the extra revenue "
           "into the park fund.", [("other_rate", 1.3), ("profit_share", 0.1)]),
    # an interest rate, a rate of return or a tax deduction anywhere in the clause, even
    # after a share in the same paragraph
    ("vi", "Quán cà phê trích 2% lợi nhuận vào quỹ khuyến học của thôn. Lãi suất vay vốn mà các "
           "hộ kinh doanh trả ngân hàng khoảng 8%/năm.",
     [("profit_share", 0.02), ("other_rate", 0.08)]),
    ("en", "The café gives 5% of its profits to the hall trust. The interest rate the café pays "
           "the bank on its loan for the kitchen is 6% a year.",
     [("profit_share", 0.05), ("other_rate", 0.06)]),
    ("zh", "该企业每年将利润的3%捐入社区基金。双方约定，基准收益按项目全投资内部收益率7%测算。",
     [("profit_share", 0.03), ("other_rate", 0.07)]),
    ("zh", "该企业每年将利润的3%捐入社区基金。企业的公益性捐赠支出，在年度利润总额10%以内的部分"
           "准予在计算应纳税所得额时扣除。", [("profit_share", 0.03), ("other_rate", 0.1)]),
    ("ru", "По закону доля таких сотрудников в фонде оплаты труда должна быть не менее 25%.",
     [("other_rate", 0.25)]),
    # reinvesting: a share when it goes out to the community, not into the firm's own aims
    ("en", "Members agreed to reinvest a third of their trading surplus in local youth clubs.",
     [("profit_share", round(1 / 3, 6))]),
    ("en", "The firm must reinvest at least 60% of its profits in its own social mission.",
     [("other_rate", 0.6)]),
    ("vi", "Công ty trả 2% lợi nhuận cho quỹ thôn. Luật yêu cầu doanh nghiệp sử dụng ít nhất 51% "
           "lợi nhuận sau thuế hằng năm để tái đầu tư cho mục tiêu xã hội.",
     [("profit_share", 0.02), ("other_rate", 0.51)]),
    # a change noun right after the figure
    ("en", "A 5% increase in the fee will not cover a 7 per cent rise in wages.",
     [("other_rate", 0.05), ("other_rate", 0.07)]),
    # a comparison after the base describes the base, not the figure
    ("en", "Developers pay a quarter of net profit above the agreed hurdle to the parish trust.",
     [("profit_share", 0.25)]),
    # base and payment families: 结余 and 缴入, tổng thu
    ("zh", "运营方须将年度结余的15%缴入街道养老公益金。", [("profit_share", 0.15)]),
    ("vi", "Trung tâm trích 4 phần trăm tổng thu hằng năm nộp vào quỹ khuyến học của xã.",
     [("profit_share", 0.04)]),
    # zh payment and recipient families: 捐款, 分享, 慈善总会; revenue: 售价, 交易额
    ("zh", "项目公司每年按不低于营业收入2%的标准向区慈善总会捐款。", [("profit_share", 0.02)]),
    ("zh", "社区可分享项目利润的15%。", [("profit_share", 0.15)]),
    ("zh", "企业每卖出一件商品，就向基金捐赠售价的1%。", [("profit_share", 0.01)]),
    ("zh", "商户自愿将每笔交易额的0.5%转入社区微基金。", [("profit_share", 0.005)]),
    # a share "used for" (用于) something is a share only toward a beneficiary
    ("zh", "公司计划将利润的三成用于研发，两成用于扩大生产。",
     [("other_rate", 0.3), ("other_rate", 0.2)]),
    ("zh", "运营公司须将年度净利润的10%用于社区养老服务。", [("profit_share", 0.1)]),
    # receiving and distributing verbs: the recipient as subject
    ("vi", "Cộng đồng được hưởng 20% lợi nhuận từ hoạt động du lịch.", [("profit_share", 0.2)]),
    ("en", "Residents receive 20% of the profits from the wind farm.", [("profit_share", 0.2)]),
    ("ru", "Жители получают 20% прибыли от продажи электроэнергии.", [("profit_share", 0.2)]),
    ("ru", "Кооператив распределяет 30% прибыли между членами.", [("profit_share", 0.3)]),
    ("ru", "Арендатор платит муниципалитету 12% от оборота.", [("profit_share", 0.12)]),
    # "used for" a beneficiary (vi), sales (doanh số)
    ("vi", "Một phần ba lợi nhuận được dùng để hỗ trợ học sinh nghèo.",
     [("profit_share", round(1 / 3, 6))]),
    ("vi", "Các cơ sở kinh doanh đóng góp 0,5% doanh số bán hàng vào quỹ môi trường.",
     [("profit_share", 0.005)]),
    # what a total is made of ("accounts for", chiếm, приходится, 来自) is no share, even after
    # a share in the same paragraph
    ("vi", "Hợp tác xã trích 5% lợi nhuận vào quỹ thôn. Doanh thu từ du lịch chiếm 40% tổng thu "
           "của hợp tác xã.", [("profit_share", 0.05), ("other_rate", 0.4)]),
    ("vi", "Doanh nghiệp trích 5% lợi nhuận vào quỹ. Khoảng 80% doanh thu đến từ khách du lịch.",
     [("profit_share", 0.05), ("other_rate", 0.8)]),
    ("en", "The company pays 2% of profits into the fund. Tourism accounts for 40% of the co-op's "
           "revenue.", [("profit_share", 0.02), ("other_rate", 0.4)]),
    ("en", "The company pays 2% of profits into the fund. About 80% of revenue comes from "
           "visitors.", [("profit_share", 0.02), ("other_rate", 0.8)]),
    ("ru", "Компания перечисляет 2% прибыли в фонд. На туризм приходится 40% выручки кооператива.",
     [("profit_share", 0.02), ("other_rate", 0.4)]),
    ("zh", "企业将利润的2%捐入社区基金。合作社总收入的六成来自旅游。",
     [("profit_share", 0.02), ("other_rate", 0.6)]),
    # after a share, a change *to* a figure is the share's new level, a change *by* a figure
    # is no share
    ("en", "Firms pay 3% of profits into the fund, although profits fell by 20% last year.",
     [("profit_share", 0.03), ("other_rate", 0.2)]),
    ("en", "Firms pay 3% of profits into the fund, rising to 4% next year.",
     [("profit_share", 0.03), ("profit_share", 0.04)]),
    ("vi", "Công ty phải nộp 5% lợi nhuận, nhưng năm ngoái lợi nhuận giảm 20%.",
     [("profit_share", 0.05), ("other_rate", 0.2)]),
    ("ru", "Компания перечисляет 2% прибыли в фонд, хотя прибыль сократилась на 15%.",
     [("profit_share", 0.02), ("other_rate", 0.15)]),
    ("zh", "企业将利润的2%捐入社区基金，明年提高到3%。",
     [("profit_share", 0.02), ("profit_share", 0.03)]),
    # a population share of firms next to a share they pay
    ("vi", "Theo khảo sát, 65% doanh nghiệp sẵn sàng đóng góp 1-2% lợi nhuận cho quỹ.",
     [("other_rate", 0.65), ("profit_share", 0.01)]),
    # capital paid in and profit margins are no shares, even after a share
    ("vi", "Hợp tác xã trích 5% lợi nhuận vào quỹ thôn. Các xã viên góp 30% vốn điều lệ.",
     [("profit_share", 0.05), ("other_rate", 0.3)]),
    ("vi", "Công ty nộp 3% lợi nhuận vào quỹ. Biên lợi nhuận gộp của công ty khoảng 20%.",
     [("profit_share", 0.03), ("other_rate", 0.2)]),
    # a change "up 12% on last year", and a part of the recipient's own income, after a share
    ("en", "The café pays 5% of its profits into the hall fund. Sales were up 12% on last year.",
     [("profit_share", 0.05), ("other_rate", 0.12)]),
    ("en", "The café pays 5% of its profits into the hall fund. In 2023 that came to 7% of the "
           "fund's income.", [("profit_share", 0.05), ("other_rate", 0.07)]),
    # a threshold (以上) on a share is still a share; on a population or score it is not
    ("zh", "合作企业每年须将净利润的3%以上捐赠给社区基金会。", [("profit_share", 0.03)]),
    ("zh", "企业将利润的2%捐入社区基金。60%以上的居民参加了议事会。",
     [("profit_share", 0.02), ("other_rate", 0.6)]),
    # the fund paying out its own money is no share paid to it; the fund receiving one is
    ("en", "The café pays 5% of its profits into the hall fund. The fund gives 60% to youth "
           "clubs.", [("profit_share", 0.05), ("other_rate", 0.6)]),
    ("en", "The café pays 5% of its profits into the hall fund. The trust receives 3% of the "
           "takings as well.", [("profit_share", 0.05), ("profit_share", 0.03)]),
    ("ru", "Пекарня отдаёт 10% прибыли в фонд района. Фонд направляет 60% средств на ремонт "
           "дворов.", [("profit_share", 0.1), ("other_rate", 0.6)]),
    ("vi", "Quán trích 5% lợi nhuận vào quỹ thôn. Quỹ chuyển 60% cho việc sửa đường.",
     [("profit_share", 0.05), ("other_rate", 0.6)]),
    # a tax charged at a rate is no share
    ("en", "The café pays 3% of its takings to the hall trust. Some say the café already "
           "charges GST at 15% on every sale.", [("profit_share", 0.03), ("other_rate", 0.15)]),
])
def test_families_of_cues_against_and_for_a_share(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


def test_headline_merges_with_the_body_figure_read_the_same_way(cleaner, extractor):
    text = ("Half of our profit goes to the village\n\n"
            "Half of our staff come from the village. Each year we pay half of our profit "
            "into the village fund.")
    doc = cleaner.clean(raw_text(text))
    facts = [f for f in extractor.extract(doc) if f.type == "rate"]
    assert [f.label for f in facts] == ["profit_share", "other_rate"]
    (mention,) = facts[0].attrs["mentions"]
    assert mention[0] >= doc.text.index("Each year")


@pytest.mark.parametrize("lang, text, expected", [
    # a recipient word that is no fund (council, cộng đồng, 社区, муниципалитет) leading the next
    # clause takes its own share; a fund leading it pays out its own money
    ("en", "The brewery pays 4% of its turnover into the ward fund; the council pays 2%.",
     [("profit_share", 0.04), ("profit_share", 0.02)]),
    ("en", "The bakery pays 5% of its profits into the street fund. The fund spends 60% of it on "
           "repairs.", [("profit_share", 0.05), ("other_rate", 0.6)]),
    ("ru", "Фирма перечисляет в фонд 5% прибыли; муниципалитет перечисляет 2%.",
     [("profit_share", 0.05), ("profit_share", 0.02)]),
    ("vi", "Công ty trích 5% lợi nhuận vào quỹ. Cộng đồng thôn được nhận 2%.",
     [("profit_share", 0.05), ("profit_share", 0.02)]),
    ("vi", "Công ty trích 5% lợi nhuận vào quỹ. Quỹ chuyển 60% số tiền cho sửa đường.",
     [("profit_share", 0.05), ("other_rate", 0.6)]),
    ("zh", "企业将利润的5%捐给基金会。社区分得2%。",
     [("profit_share", 0.05), ("profit_share", 0.02)]),
    ("zh", "企业将利润的5%捐给基金会。基金会将60%的资金用于修路。",
     [("profit_share", 0.05), ("other_rate", 0.6)]),
])
def test_only_a_fund_paying_out_stops_an_earlier_share(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "The excess is split 50:50 between the council and the operator.",
     [("profit_share", 0.5)]),
    ("en", "Profits above the cap are shared 60/40 between the trust and the firm.",
     [("profit_share", 0.6)]),
    ("ru", "Прибыль делится в соотношении 70 на 30 между компанией и фондом.",
     [("profit_share", 0.7)]),
    ("vi", "Phần vượt được chia theo tỷ lệ 50:50 giữa Nhà nước và nhà đầu tư.",
     [("profit_share", 0.5)]),
    ("zh", "超额收益按七三开分成。", [("profit_share", 0.7)]),
    ("zh", "居民对该方案的支持与反对比例为50:50。", [("other_rate", 0.5)]),
])
def test_a_split_of_profit_between_parties_is_a_share(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a part of a recipient's own income, no payment in the clause: a spending share
    ("zh", "村集体经济收入的80%用于公共服务。", [("other_rate", 0.8)]),
    ("en", "The fund receives 20% of its income from the council.", [("other_rate", 0.2)]),
    # …but a payment after the figure pays the share out of the payer's income
    ("zh", "商户将其在本社区经营所得利润的10%捐入社区发展基金。", [("profit_share", 0.1)]),
    ("ru", "Фирма перечисляет в фонд 5% прибыли.", [("profit_share", 0.05)]),
    ("en", "The trust receives 20% of the profits from the wind farm.", [("profit_share", 0.2)]),
    # a share of profit paid out to shareholders is a share paid to a party
    ("en", "The company pays 30% of its net profit as dividends to shareholders.",
     [("profit_share", 0.3)]),
    # subsidies, discounts, cost recovery, profit kept and a fund's spending stay other_rate
    ("en", "The government pays 50% of the renovation costs, and residents pay the rest.",
     [("other_rate", 0.5)]),
    ("vi", "Nhà nước hỗ trợ 50% kinh phí cải tạo, phần còn lại do người dân đóng góp.",
     [("other_rate", 0.5)]),
    ("zh", "合作商户向居民提供30%的优惠。", [("other_rate", 0.3)]),
    ("ru", "Плата жителей покрывает 60% расходов на содержание.", [("other_rate", 0.6)]),
    ("vi", "Doanh nghiệp giữ lại 70% lợi nhuận để tái đầu tư.", [("other_rate", 0.7)]),
    ("zh", "社区基金60%用于修路，40%用于活动。", [("other_rate", 0.6), ("other_rate", 0.4)]),
    # a promised share is still a share
    ("vi", "Nhà đầu tư cam kết trích 5% lợi nhuận cho quỹ xã.", [("profit_share", 0.05)]),
])
def test_own_income_subsidies_and_dividends(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


def test_a_split_names_its_payment_inside_the_figure(cleaner, extractor):
    assert labels(cleaner, extractor, "超额利润三七分成。") == [("profit_share", 0.3)]


@pytest.mark.parametrize("lang, text, expected", [
    # a fund paying out of its own revenue spends; a fund that receives takes a share
    ("vi", "Quỹ dành 30% nguồn thu cho học bổng.", [("other_rate", 0.3)]),
    ("vi", "Quỹ được nhận 30% lợi nhuận từ doanh nghiệp.", [("profit_share", 0.3)]),
    ("en", "The fund spends 40% of its income on repairs.", [("other_rate", 0.4)]),
    ("en", "The trust gets 5% of the profits from the wind farm.", [("profit_share", 0.05)]),
    # a share of profit paid out to members or shareholders is a share paid to a party; a
    # dividend rate (a return on capital) and profit put to use (用于) are not
    ("vi", "Hợp tác xã chia 20% lợi nhuận cho xã viên theo mức góp vốn.",
     [("profit_share", 0.2)]),
    ("ru", "Компания направляет 30% чистой прибыли на выплату дивидендов.",
     [("profit_share", 0.3)]),
    ("zh", "合作社将利润的30%用于股东分红。", [("other_rate", 0.3)]),
    ("vi", "Công ty trả cổ tức 12% cho cổ đông.", [("other_rate", 0.12)]),
    ("ru", "Акционерам выплачены дивиденды в размере 8%.", [("other_rate", 0.08)]),
])
def test_fund_spending_and_dividends_are_no_share(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a head naming a base and a split word, then the parts: each part is a share
    ("vi", "Lợi nhuận được chia: 30% cho quỹ thôn, 70% cho doanh nghiệp.",
     [("profit_share", 0.3), ("profit_share", 0.7)]),
    ("en", "Profits are split between the co-op (70%) and the community fund (30%).",
     [("profit_share", 0.7), ("profit_share", 0.3)]),
    # a colon with no split word in the head does not make the figure a share
    ("ru", "Доход проекта ограничивается: ставка доходности редко превышает 12–14%.",
     [("other_rate", 0.12)]),
    ("en", "Revenue split by source: 40% of households pay the fee.", [("other_rate", 0.4)]),
])
def test_parts_of_a_split_named_in_a_head(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a payment word after a source word says where the money came from, not where it goes
    ("zh", "基金会60%的收入来自企业捐赠。", [("other_rate", 0.6)]),
    ("zh", "商户将经营利润的10%捐入社区发展基金。", [("profit_share", 0.1)]),
])
def test_a_source_of_money_is_no_payment_out(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a remainder paid on to a recipient is a share; one kept back is not
    ("vi", "Nhà đầu tư được hưởng 70% lợi nhuận, 30% còn lại nộp ngân sách.",
     [("profit_share", 0.7), ("profit_share", 0.3)]),
    ("en", "The remaining 40% of the surplus goes to the parish fund.",
     [("profit_share", 0.4)]),
    ("en", "The firm keeps the remaining 40% of the surplus.", [("other_rate", 0.4)]),
    ("zh", "运营方将净收益的15%拨入街道公益金，其余85%用于滚动发展。",
     [("profit_share", 0.15), ("other_rate", 0.85)]),
])
def test_a_remainder_paid_on_is_a_share(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a base put before the figure's clause as a partitive is the share's base
    ("en", "Of the operator's annual turnover, 2% goes to the neighbourhood trust.",
     [("profit_share", 0.02)]),
    ("vi", "Trong lợi nhuận hằng năm, 10% được chuyển vào quỹ thôn.", [("profit_share", 0.1)]),
    # a partitive of people, or a time, names no base
    ("en", "Of the residents surveyed, 40% said they backed the fund.", [("other_rate", 0.4)]),
    ("vi", "Trong năm 2023, doanh thu tăng 10%.", [("other_rate", 0.1)]),
])
def test_a_fronted_partitive_names_the_base(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text", [
    # profit paid to a firm's own staff as a bonus is pay, not a share to a partner
    ("en", "Staff receive 10% of the profits as a bonus."),
    ("zh", "员工可分享企业利润的10%作为奖金。"),
    ("ru", "Сотрудники получают 10% прибыли в виде премий."),
    ("vi", "Người lao động được nhận 10% lợi nhuận làm tiền thưởng."),
])
def test_staff_bonuses_are_no_share(cleaner, extractor, lang, text):
    assert labels(cleaner, extractor, text) == [("other_rate", 0.1)]


@pytest.mark.parametrize("lang, text, expected", [
    # a cap on the share of profits paid out to shareholders is a share; a dividend rate on
    # capital is not
    ("en", "Under its articles the mutual may distribute no more than 25% of its distributable "
           "profits to shareholders.", [("profit_share", 0.25)]),
    ("en", "The society paid its members a dividend of 3.5% on their shares.",
     [("other_rate", 0.035)]),
])
def test_profits_paid_to_shareholders_or_a_dividend_rate(cleaner, extractor, lang, text,
                                                         expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # profit put into the payer's own reserve is kept, paid to no one
    ("en", "Each member co-op must place 20% of its annual surplus in a statutory reserve.",
     [("other_rate", 0.2)]),
    ("vi", "Hằng năm công ty trích 15% lợi nhuận vào quỹ dự phòng của mình.",
     [("other_rate", 0.15)]),
    ("ru", "Кооператив ежегодно направляет 10% прибыли в резервный фонд.", [("other_rate", 0.1)]),
    ("zh", "企业每年提取税后利润的10%作为法定公积金。", [("other_rate", 0.1)]),
    # a nature reserve is a place a share can go to
    ("en", "The café gives 5% of its profits to the nature reserve.", [("profit_share", 0.05)]),
    ("en", "The firm gives 5% of profits to the wildlife reserves of the county.",
     [("profit_share", 0.05)]),
    ("en", "The club puts 15% of its surplus into reserves.", [("other_rate", 0.15)]),
    # …and a reserve named after a later figure is that figure's
    ("en", "The firm will give 3% of its profit to the parish trust and keep 10% of its staff "
           "on a reserve list.", [("profit_share", 0.03), ("other_rate", 0.1)]),
])
def test_a_reserve_of_ones_own_is_kept(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # jobs or places reserved for local people are no share of money
    ("en", "The builder agreed to give 1% of its turnover to the village fund and to reserve 25% "
           "of new jobs for local apprentices.", [("profit_share", 0.01), ("other_rate", 0.25)]),
    ("vi", "Nhà thầu trích 1% doanh thu cho quỹ thôn và dành 25% việc làm cho lao động địa "
           "phương.", [("profit_share", 0.01), ("other_rate", 0.25)]),
])
def test_jobs_reserved_for_locals_are_no_share(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a base named a few words after "of" is the figure's base
    ("en", "The kiosk passes 6% of the weekend car boot sale income to the scout group fund.",
     [("profit_share", 0.06)]),
    # a recipient committee
    ("en", "The café pays 5% of its takings to the village hall committee.",
     [("profit_share", 0.05)]),
])
def test_a_base_after_a_partitive_phrase(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a remainder paid on to a party named after it is a share
    ("vi", "Hợp tác xã giữ lại 60% doanh thu và chuyển 40% doanh thu còn lại cho trường học.",
     [("other_rate", 0.6), ("profit_share", 0.4)]),
    # remuneration, a bank's commission and taxes are no share
    ("vi", "Tổ thu gom để lại 70% tiền thu để chi thù lao cho thành viên.", [("other_rate", 0.7)]),
    ("ru", "Вознаграждение управляющего не может превышать 15% дохода фонда.",
     [("other_rate", 0.15)]),
    ("ru", "Платёжный сервис берёт комиссию 2,5% с каждого платежа.", [("other_rate", 0.025)]),
    ("vi", "Hộ kinh doanh nộp thuế khoán 1,5% doanh thu.", [("other_rate", 0.015)]),
    ("zh", "基金管理人按收益的10%提取管理费。", [("other_rate", 0.1)]),
    ("en", "The operator keeps a management fee of 8% of the scheme's revenue.",
     [("other_rate", 0.08)]),
    ("vi", "Công ty quản lý được hưởng phí quản lý 2% doanh thu của quỹ.", [("other_rate", 0.02)]),
    # growth, a retention rate and a charity's spending floor are no share
    ("zh", "該公司營收成長約18%。", [("other_rate", 0.18)]),
    ("zh", "商户每年将利润的5%注入青少年成长基金。", [("profit_share", 0.05)]),
    ("zh", "合作企业的营收增速为12%。", [("other_rate", 0.12)]),
    ("zh", "会员续费留存率约为70%。", [("other_rate", 0.7)]),
    ("zh", "慈善组织每年用于慈善活动的支出不得低于上年总收入的70%。", [("other_rate", 0.7)]),
])
def test_pay_on_remuneration_fees_taxes_and_growth(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # an investor sharing revenue above the plan with the State pays a share; the State
    # sharing a shortfall with the investor covers a loss
    ("vi", "Nếu doanh thu vượt 120% kế hoạch, doanh nghiệp dự án chia sẻ với Nhà nước 40% phần "
           "chênh lệch.", [("other_rate", 1.2), ("profit_share", 0.4)]),
    ("vi", "Nếu doanh thu dưới 80% kế hoạch, Nhà nước chia sẻ 40% phần chênh lệch.",
     [("other_rate", 0.8), ("other_rate", 0.4)]),
    ("en", "The authority will cover 50% of any revenue shortfall.", [("other_rate", 0.5)]),
])
def test_revenue_above_plan_shared_and_a_shortfall_covered(cleaner, extractor, lang, text,
                                                          expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a buyer's levy on the value of its purchases is a cost, no share of its profit or revenue
    ("vi", "Doanh nghiệp góp 5% lợi nhuận cho quỹ; nhà phân phối cũng chuyển 1% giá trị đơn hàng "
           "về quỹ.", [("profit_share", 0.05), ("other_rate", 0.01)]),
    ("en", "The mill gives 4% of profits to the trust, and its main customer adds 1% of its "
           "purchases to the trust.", [("profit_share", 0.04), ("other_rate", 0.01)]),
])
def test_a_levy_on_purchases_is_no_share(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # the rest of a share's base paid on to a recipient is a share of the same base
    ("en", "Partners received 40% of the profits; the remaining 60% went to the parish fund.",
     [("profit_share", 0.4), ("profit_share", 0.6)]),
    # the rest of a cost is no share
    ("en", "The council pays 30% of the cost; the remaining 70% goes to the contractor.",
     [("other_rate", 0.3), ("other_rate", 0.7)]),
])
def test_the_rest_of_a_share_paid_on(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected
