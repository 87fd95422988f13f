"""Chinese profit shares next to the rates easiest to confuse with them (extract/rate_roles.py,
extract/lexicons/zh.yaml): fees on turnover, reserves kept, discounts, changed and proposed
shares, splits and payouts; fixture sentences written for these tests."""

import pytest

from cominer.extract.extractor import LanguageRules
from cominer.extract.rates import find_rates

from rawdocs import extracted


def labels(cleaner, extractor, text):
    return [(f.label, round(f.attrs["min"], 6))
            for f in extracted(cleaner, extractor, text, "rate")]


@pytest.mark.parametrize("text, value", [
    ("将营业收入的一成半交由居委会", 0.15),  # 半 before a word 成 must not stand before
    ("公园夜场门票对老人实行半价", 0.5),
    ("双方约定扣除成本后对半分", 0.5),
])
def test_chinese_half_and_tenths_forms(text, value):
    cues = LanguageRules.load("zh").rates
    assert [round(r.min, 6) for r in find_rates(text, 0, len(text), cues)] == [value]


@pytest.mark.parametrize("text, expected", [
    # a percentage of turnover named as a fee, rent or fixed return
    ("摊主按营业额的百分之四向市场公司缴纳管理服务费。", [("other_rate", 0.04)]),
    ("运营商每年按售票收入的3%向区文旅集团支付品牌使用费。", [("other_rate", 0.03)]),
    ("合作社每年按入股土地评估值的5%向农户支付固定收益。", [("other_rate", 0.05)]),
    # …while a share of the same turnover paid to a fund stays a share
    ("运营商每年将售票收入的3%捐入街道慈善基金。", [("profit_share", 0.03)]),
    # the payer's own reserves and funds
    ("联社先从年度盈余中提取8%作为公积金、3%作为公益金。",
     [("other_rate", 0.08), ("other_rate", 0.03)]),
    ("水厂每年按营业收入的2%计提大修基金。", [("other_rate", 0.02)]),
    ("两家企业将利润的一成以奖励基金名义留存于企业内部。", [("other_rate", 0.1)]),
    # a price paid or waived is no share
    ("公司对本镇村民实行门票八折优惠。", [("other_rate", 0.8)]),
    ("公司对本镇村民实行入园门票减免30%的政策。", [("other_rate", 0.3)]),
])
def test_fees_reserves_and_prices_are_other_rates(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a share paid to a village shareholding co-op (股份 names the co-op, not a stake)
    ("运营公司每年将净利润的25%支付给东坪村股份经济合作社。", [("profit_share", 0.25)]),
    # a share's new level, agreed or proposed, also when a shareholder proposes it
    ("理事会提议把村集体的分成比例下调至5%。", [("profit_share", 0.05)]),
    ("有股东提出将门票分成提高到12%，未获通过。", [("profit_share", 0.12)]),
    ("我们计划把捐给助学基金的比例从一成提高到两成。",
     [("profit_share", 0.1), ("profit_share", 0.2)]),
    # a payout measured as a part of profit
    ("公司本年度现金分红总额占归属于股东净利润的40%。", [("profit_share", 0.4)]),
    # a split of ten named in the figure, and the rest paid on
    ("年度结余超出部分由街道与运营方四六分成。", [("profit_share", 0.4)]),
    ("电站收益扣除成本后，村集体留存两成作为集体积累，其余八成分给入股农户。",
     [("other_rate", 0.2), ("profit_share", 0.8)]),
    # 其中: a part of the base named in the clause before
    ("提取公积金后的可分配盈余，其中七成按交易量返还给社员。", [("profit_share", 0.7)]),
    # a share of profit put to a social aim goes out of the firm
    ("认证企业每年须将不低于可分配利润的30%用于章程规定的社会目标。", [("profit_share", 0.3)]),
])
def test_shares_paid_changed_split_and_paid_out(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the change of a rate that is no share, and a reserve's changed rate
    ("全村优质果率由上年的六成提高到七成五。", [("other_rate", 0.6), ("other_rate", 0.75)]),
    ("下年度公积金提取比例由10%调整为12%。", [("other_rate", 0.1), ("other_rate", 0.12)]),
    # a figure that is a verb's subject is no part of the base after the verb
    ("同类项目中约七成设置了超额收益分享机制。", [("other_rate", 0.7)]),
    # a share named earlier in the sentence is no lead for another quantity's change
    ("合作社的分成比例为30%，居民满意度提高到90%，参与率由40%提高到60%。",
     [("profit_share", 0.3), ("other_rate", 0.9), ("other_rate", 0.4), ("other_rate", 0.6)]),
    # a tax deduction cap stays other_rate
    ("企业捐赠以不超过所得额12%为限列为费用。", [("other_rate", 0.12)]),
])
def test_changes_and_caps_that_are_no_share(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a share named right before its figure; a threshold on the same name is none
    ("政府一方的分成比例多在10%至30%之间。", [("profit_share", 0.1)]),
    ("对捐赠比例达到两成的商户授予爱心称号。", [("other_rate", 0.2)]),
    # a cap on profit paid out to shareholders is a share (what most annotators did)
    ("章程规定，股东每年分配的利润不得超过可分配利润的四成。", [("profit_share", 0.4)]),
    # the firm's own development fund is kept
    ("企业可从净利润中提取不超过8%的发展基金。", [("other_rate", 0.08)]),
    # the excess shared out; the payer's own rest kept
    ("当年运营收入超过预测收入的，超出部分的40%归区政府，由公司缴入区财政专户；"
     "其余60%归运营方所有。", [("profit_share", 0.4), ("other_rate", 0.6)]),
    # a remainder word leading the clause, or in the figure (另一半), paid on
    ("公司每年将电站净收益的三成支付给村合作社。合作社收到后，先按10%提取公积金，"
     "其余部分再拿出一半分给入股农户，另一半按股份分给全体村民。",
     [("profit_share", 0.3), ("other_rate", 0.1), ("profit_share", 0.5), ("profit_share", 0.5)]),
])
def test_share_names_caps_excess_and_remainders(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected


def test_a_split_named_with_its_ratio_word_is_a_share(cleaner, extractor):
    text = "停车收入由街道与物业公司按三七比例分享，即街道分得30%，物业公司保留70%。"
    assert labels(cleaner, extractor, text) == [
        ("profit_share", 0.3), ("profit_share", 0.3), ("other_rate", 0.7)]


def test_a_figure_pointing_back_to_a_share_is_that_share(cleaner, extractor):
    text = ("合同约定，农场每年将净利润的两成半支付给村合作社。\n\n"
            "有村民问：这个两成半是按毛收入算吗？乡里答复说能给两成半已经不少了。\n\n"
            "另外，对小微企业报价给予25%的扣除。")
    assert labels(cleaner, extractor, text) == [
        ("profit_share", 0.25), ("profit_share", 0.25), ("profit_share", 0.25),
        ("other_rate", 0.25)]


def test_a_figure_pointing_back_with_no_share_of_it_stays_other(cleaner, extractor):
    text = "有村民问：这个两成半是按毛收入算吗？"
    assert labels(cleaner, extractor, text) == [("other_rate", 0.25)]


def test_rows_of_a_split_table_are_shares(cleaner, extractor):
    text = ("联社全年可分配盈余120万元，盈余分配方案如下表：\n"
            "| 项目 | 比例 | 说明 |\n|---|---|---|\n"
            "| 按交易额返还社员 | 70% | 按各户交售数量返还 |\n"
            "| 按股金份额分配 | 30% | 按账户记载的股金和公积金份额分配 |\n\n"
            "指标如下：\n| 指标 | 数值 |\n|---|---|\n| 社员满意度 | 95% |")
    assert labels(cleaner, extractor, text) == [
        ("profit_share", 0.7), ("profit_share", 0.3), ("other_rate", 0.95)]


@pytest.mark.parametrize("text, expected", [
    # half a percentage point, said as 半个点
    ("一出一进，合作社还净赚半个点。", [("other_rate", 0.005)]),
    # profit margins anywhere in the clause are what the figures measure
    ("两地企业的平均销售利润率分别为6.5%和7.2%。", [("other_rate", 0.065), ("other_rate", 0.072)]),
    # a share's average said after it in the sentence
    ("样本企业向村集体支付的分红比例集中在净利润的4%-12%之间，平均为7.5%。",
     [("profit_share", 0.04), ("profit_share", 0.075)]),
])
def test_points_margins_and_averages(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a levy charged on takings is a fee, not a share, even when paid to a town
    ("景区公司按售票收入的3%向镇政府缴纳资源补偿费。", [("other_rate", 0.03)]),
    ("农场按年销售额的1%向乡里交纳林地占用费。", [("other_rate", 0.01)]),
    # a part of a revenue counted into the base of a share measures the base, not the share
    ("公司主张套票收入只按七成计入门票收入计算分成。", [("other_rate", 0.7)]),
    ("仲裁庭认定套票收入中40%应计入门票收入，并据此计算分成。", [("other_rate", 0.4)]),
    # a price compared with others' and a collection rate are no share
    ("社区食堂的服务收费较周边餐馆低约25%。", [("other_rate", 0.25)]),
    ("停车费的收缴率（去年约为92%）与收益分成无关。", [("other_rate", 0.92)]),
    # …while a share of the same takings paid to the village stays a share
    ("景区公司每年将售票收入的3%分给村集体。", [("profit_share", 0.03)]),
])
def test_levies_bases_prices_and_collection_rates_are_no_share(cleaner, extractor, text,
                                                                 expected):
    assert labels(cleaner, extractor, text) == expected


def test_a_partys_split_ratio_applied_for_a_time_is_a_share(cleaner, extractor):
    text = ("试运营两年内，合作社的分配比例暂按40%执行，运营公司相应提高至60%。")
    assert labels(cleaner, extractor, text) == [("profit_share", 0.4), ("profit_share", 0.6)]


def test_the_same_figure_said_again_is_the_share_said_before(cleaner, extractor):
    text = ("开发商把每年租金收入的三成分给村集体。同样是三成，按毛收入算和按净收益算差别很大。")
    assert labels(cleaner, extractor, text) == [("profit_share", 0.3), ("profit_share", 0.3)]


@pytest.mark.parametrize("text, expected", [
    # a list of a share, a fee and a gift, each named after its figure
    ("协议里6%的分成款、3%的场地使用费和2%的助学捐赠要分开记账。",
     [("profit_share", 0.06), ("other_rate", 0.03), ("profit_share", 0.02)]),
    # donations received are no share paid
    ("基金会去年六成的捐赠来自本地企业。", [("other_rate", 0.6)]),
])
def test_a_share_named_right_after_its_figure(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a collective spending the income it received, and staff pay capped out of it
    ("村集体取得的分红收入纳入村级财务，其中用于老人助餐的比例不低于25%；"
     "用于村干部绩效奖励的，不超过当年分红收入的10%。",
     [("other_rate", 0.25), ("other_rate", 0.1)]),
    # …while a firm paying part of its income to the collective pays a share
    ("物业公司将停车收益的40%交给居委会用于楼道改造。", [("profit_share", 0.4)]),
])
def test_a_recipient_spending_its_own_income_is_no_share(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected


def test_a_remainder_paid_on_in_the_next_clause_is_a_share(cleaner, extractor):
    text = ("联社年度盈余按交易量返还成员60%；余下30%按各户股金和公积金份额，"
            "平均分配给全体社员。")
    assert labels(cleaner, extractor, text) == [("profit_share", 0.6), ("profit_share", 0.3)]


def test_a_remainder_falling_to_a_party_is_a_share(cleaner, extractor):
    text = ("广告收入扣除成本后，运营方留下25%，其余75%归全体住户，存入住户共有账户。")
    assert labels(cleaner, extractor, text)[-1] == ("profit_share", 0.75)


def test_raising_the_part_of_small_gifts_is_no_share(cleaner, extractor):
    text = "基金会明年力争把个人小额捐赠比例提高到四成。"
    assert labels(cleaner, extractor, text) == [("other_rate", 0.4)]


def test_a_quoted_bare_figure_is_the_share_of_that_figure(cleaner, extractor):
    text = "合作方把每年净收益的三成分给社区基金。关键不在“三成”，而在净收益怎么算。"
    assert labels(cleaner, extractor, text) == [("profit_share", 0.3), ("profit_share", 0.3)]
    # …and stays other where the page has no share of that figure
    text = "合作方把每年净收益的两成分给社区基金。关键不在“三成”，而在净收益怎么算。"
    assert labels(cleaner, extractor, text)[-1] == ("other_rate", 0.3)


@pytest.mark.parametrize("text, expected", [
    # 剩下 (what is left) is a remainder, paid on like 其余
    ("合作社盈余按交易量返还社员60%，剩下的百分之四十，按社员出资额量化分配给社员。",
     [("profit_share", 0.6), ("profit_share", 0.4)]),
    # a party spending its own part of the proceeds pays no share
    ("村民所得部分每年先拿出一成转入村道养护资金。", [("other_rate", 0.1)]),
])
def test_what_is_left_paid_on_and_a_partys_own_part_spent(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected


def test_a_split_after_costs_is_a_share_of_the_net_proceeds(cleaner, extractor):
    assert labels(cleaner, extractor, "旧协议写的是扣除成本后两家对半分。") == [
        ("profit_share", 0.5)]


@pytest.mark.parametrize("text, expected", [
    # a fund's part of a split, proposed at a new level
    ("景区收益按五四一分配。有村民提议将养护基金比例提高到12%，未获通过。",
     [("profit_share", 0.12)]),
    # …but not the payer's own reserve
    ("合作社公积金提取比例由10%调整为15%。", [("other_rate", 0.1), ("other_rate", 0.15)]),
])
def test_a_funds_part_raised_is_a_share(cleaner, extractor, text, expected):
    assert labels(cleaner, extractor, text) == expected
