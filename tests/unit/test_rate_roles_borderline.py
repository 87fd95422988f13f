"""profit_share vs other_rate on borderline forms (vi, en): fees, rents, royalties and levies on
turnover, reserve accounts, proceeds and ticket money, changed shares, split lists, counting
fractions, a condition's figure; sentences written for these tests."""

import pytest

from rawdocs import extracted


def labels(cleaner, extractor, text):
    return [(f.label, round(f.attrs["min"], 6))
            for f in extracted(cleaner, extractor, text, "rate")]


@pytest.mark.parametrize("lang, text, expected", [
    # a percentage of turnover named as a royalty, a rent or a franchise fee is no share
    ("en", "The landowner receives a royalty of 3% of turbine sales from the operator.",
     [("other_rate", 0.03)]),
    ("en", "State rules cap franchise fees at 4 percent of an operator's gross revenues.",
     [("other_rate", 0.04)]),
    ("en", "The tenant pays a turnover rent of 6% of bar sales.", [("other_rate", 0.06)]),
    ("en", "Above the threshold the surplus is taxed at 19 per cent.", [("other_rate", 0.19)]),
    ("en", "Pensioners get 15% off lunches on Tuesdays.", [("other_rate", 0.15)]),
    ("en", "Investor returns ranged between 3 and 7 per cent a year.", [("other_rate", 0.03)]),
    # proceeds and ticket money are bases a share is paid from
    ("en", "Half of the net proceeds from the land sale will be paid to the parish trust.",
     [("profit_share", 0.5)]),
    ("en", "At the quiz night a third of the ticket money goes to the lifeboat charity.",
     [("profit_share", 1 / 3)]),
])
def test_fees_on_turnover_and_bases_paid_from(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == [(label, round(v, 6)) for label, v in expected]


@pytest.mark.parametrize("lang, text, expected", [
    # a fraction of votes, and one led by "close to", is a rate
    ("en", "Any change to the rules needs a three-quarters majority.", [("other_rate", 0.75)]),
    ("en", "Attendance fell to close to a third.", [("other_rate", 1 / 3)]),
    # "the remaining tenth" paid on
    ("en", "The firm gives 10% of its profits to the hall fund and 80% to its members, and the "
           "remaining tenth is paid to the school trust.",
     [("profit_share", 0.1), ("profit_share", 0.8), ("profit_share", 0.1)]),
])
def test_fraction_forms(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == [(label, round(v, 6)) for label, v in expected]


@pytest.mark.parametrize("lang, text, expected", [
    # a percentage of turnover named as a fee or a rent is no share; interest on capital
    ("vi", "Công ty nộp phí thuê mặt bằng bằng 4% doanh thu cho ban quản lý chợ.",
     [("other_rate", 0.04)]),
    ("vi", "Mức 6% này là lãi trên vốn góp của xã viên.", [("other_rate", 0.06)]),
    # profit that "belongs to" a fund is paid to it
    ("vi", "Một nửa lợi nhuận của quán thuộc về quỹ khuyến học của phường.",
     [("profit_share", 0.5)]),
])
def test_vietnamese_fees_and_shares(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # the parts of a split listed one a line under a head that names the split and its base:
    # each part paid to a party is a share, a part kept in a reserve is not
    ("vi", "Đại hội thông qua phương án phân phối lợi nhuận năm nay như sau:\n"
           "- Trích quỹ dự phòng: 10%;\n- Chia cho xã viên theo công lao động: 60%;\n"
           "- Đóng góp quỹ người cao tuổi của xã: 30%.",
     [("other_rate", 0.1), ("profit_share", 0.6), ("profit_share", 0.3)]),
    ("en", "How the surplus was shared this year\n| Use | Share of surplus |\n|---|---|\n"
           "| Gift to the parish fund | 20% |\n| Kept in reserves | 80% |",
     [("profit_share", 0.2), ("other_rate", 0.8)]),
    # a head with no base: the parts stay unread
    ("vi", "Kết quả khảo sát như sau:\n- Hài lòng: 60%;\n- Chưa hài lòng: 40%.",
     [("other_rate", 0.6), ("other_rate", 0.4)]),
    # the parts of a split set out "as follows" in one sentence
    ("en", "The surplus will be applied as follows: 60% to be distributed to members as a "
           "patronage refund; 30% to be put into the indivisible reserve; and the remaining "
           "tenth to be paid to the village fund.",
     [("profit_share", 0.6), ("other_rate", 0.3), ("profit_share", 0.1)]),
])
def test_a_listed_split(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a change to a party's share named before it: both levels are that share
    ("vi", "Hợp tác xã trích 5% lợi nhuận cho quỹ khuyến học của xã.\n"
           "Năm tới, xã viên đề nghị nâng mức trích từ 5% lên 8%.",
     [("profit_share", 0.05), ("profit_share", 0.05), ("profit_share", 0.08)]),
    ("en", "The landlord gives 2% of its takings to the village trust. The trust's share "
           "rises from 2% to 3% in any year the shop does well.",
     [("profit_share", 0.02), ("profit_share", 0.02), ("profit_share", 0.03)]),
    # a change to a population share stays other_rate, even after a profit share
    ("en", "The café gives 5% of its profits to the youth fund. The share of residents who "
           "volunteer rose from 20% to 25%.",
     [("profit_share", 0.05), ("other_rate", 0.2), ("other_rate", 0.25)]),
    ("vi", "Doanh nghiệp trích 3% lợi nhuận cho quỹ phường.\nTỷ lệ hộ nghèo giảm từ 12% xuống 8%.",
     [("profit_share", 0.03), ("other_rate", 0.12), ("other_rate", 0.08)]),
    # with no share before it in the document, a changed levy stays unread
    ("vi", "Mức trích được nâng từ 5% lên 8%.", [("other_rate", 0.05), ("other_rate", 0.08)]),
])
def test_a_changed_share(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a cue word inside a name is no cue: a joint-stock firm holds no stake, ủng hộ no household
    ("vi", "Doanh thu được chia như sau: 70% cho thôn, 30% cho Công ty cổ phần Du lịch Xanh.",
     [("profit_share", 0.7), ("profit_share", 0.3)]),
    ("vi", "Công ty dành 4% lợi nhuận ủng hộ quỹ khuyến học.", [("profit_share", 0.04)]),
    # "nhưng" (but) parts a capital put in from a share of revenue taken
    ("vi", "Theo hợp đồng, công ty góp 60% nhưng chỉ được nhận 40% doanh thu.",
     [("other_rate", 0.6), ("profit_share", 0.4)]),
])
def test_names_and_conjunctions(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a figure proposed or asked for with no base is the share the document named before
    ("en", "The pub gives 10% of its profit to the hall fund. The committee had asked for 15% "
           "at first.", [("profit_share", 0.1), ("profit_share", 0.15)]),
    ("vi", "Công ty trích 20% doanh thu cho quỹ thôn.\nBan đầu doanh nghiệp đề nghị chia theo tỷ "
           "lệ 50:50 giữa thôn và công ty.", [("profit_share", 0.2), ("profit_share", 0.5)]),
    # …and with none before it, stays unread
    ("en", "The residents asked for 15% at first.", [("other_rate", 0.15)]),
])
def test_a_proposed_share(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # "tăng từ X% đến Y%" is a band of growth, "tăng từ X% lên Y%" a change (two figures)
    ("vi", "Mục tiêu năm tới là doanh thu tăng từ 10% đến 15%.", [("other_rate", 0.1)]),
    ("vi", "Tỷ lệ hộ có nước sạch tăng từ 60% lên 80%.",
     [("other_rate", 0.6), ("other_rate", 0.8)]),
    # a figure pointed back at is the share of that figure named before, not another one
    ("vi", "Mỗi hộ nộp 10% doanh thu cho quỹ thôn. Còn phần 10% là tiền của thôn.",
     [("profit_share", 0.1), ("profit_share", 0.1)]),
    ("vi", "Mỗi hộ nộp 10% doanh thu cho quỹ thôn. Khoản 5% kia là tiền của hội.",
     [("profit_share", 0.1), ("other_rate", 0.05)]),
    # "khi" (when) parts a share from the condition's figure
    ("vi", "Công ty trích 2% doanh thu cho quỹ khi biên lợi nhuận vượt 20%.",
     [("profit_share", 0.02), ("other_rate", 0.2)]),
    # a subsidy of the costs asked for is no share, even after one
    ("vi", "Công ty trích 5% lợi nhuận cho quỹ thôn.\nXã đề nghị tỉnh hỗ trợ 60% kinh phí xây nhà "
           "văn hóa.", [("profit_share", 0.05), ("other_rate", 0.6)]),
])
def test_vietnamese_bands_back_references_and_conditions(cleaner, extractor, lang, text,
                                                         expected):
    assert labels(cleaner, extractor, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    # a proposed part of a thing named after the figure is no share
    ("vi", "Công ty trích 5% lợi nhuận cho quỹ thôn.\nXã yêu cầu 30% lao động của dự án là dân "
           "trong xã.",
     [("profit_share", 0.05), ("other_rate", 0.3)]),
    ("en", "The pub gives 10% of its profit to the hall fund. The council proposed 20% "
           "affordable homes.", [("profit_share", 0.1), ("other_rate", 0.2)]),
])
def test_a_proposed_part_of_a_thing(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


def test_a_breakdown_of_costs_under_a_split_head_is_no_share(cleaner, extractor):
    text = ("How our revenue was shared out\n| Use | Share of revenue |\n|---|---|\n"
            "| Staff costs | 55% |\n| Gift to the parish fund | 5% |")
    assert labels(cleaner, extractor, text) == [("other_rate", 0.55), ("profit_share", 0.05)]


@pytest.mark.parametrize("lang, text, expected", [
    # a part of turnover named as a concession fee or a marketing levy is no share
    ("en", "The caterer pays the hospital a concession fee equal to 4% of turnover for the kiosk.",
     [("other_rate", 0.04)]),
    ("en", "Each shop pays rent of $900 a month, plus a marketing levy of 2% of turnover.",
     [("other_rate", 0.02)]),
    # money put into the payer's own reserve account is kept, not paid out
    ("en", "The operator must also set aside 4% of yearly revenue in its own repair reserve "
           "account.", [("other_rate", 0.04)]),
    # the gain on a resale is a base a share is paid from
    ("en", "When the owner sells, two thirds of the gain passes to the land trust.",
     [("profit_share", round(2 / 3, 6))]),
    # a party's share named, then changed: both levels are the share
    ("en", "Residents want the parish's cut to go up to 12 per cent of the takings.",
     [("profit_share", 0.12)]),
    ("en", "The board agreed to have the sharing rate raised from 10% to 14% of net income.",
     [("profit_share", 0.10), ("profit_share", 0.14)]),
    # a fraction word that counts is no rate
    ("en", "Even in a bad year the charity still gets at least half a million pounds.", []),
    ("en", "The match is worth one and a half times the grant.", []),
])
def test_wave6_english_forms(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


def test_a_condition_is_its_own_clause(cleaner, extractor):
    """The figure of an "if" clause is read apart from the share the main clause changes."""
    text = ("The trust may ask for the community share of revenue to be raised to 3 per cent "
            "if the plant's output exceeds 40 per cent of capacity.")
    assert labels(cleaner, extractor, text) == [("profit_share", 0.03), ("other_rate", 0.4)]


@pytest.mark.parametrize("lang, text, expected", [
    # a room tariff is takings a share is paid from
    ("en", "The lodge gives 15 per cent of the room tariff on each stay to the valley school fund.",
     [("profit_share", 0.15)]),
    # a party's part named, then changed: both levels are the part
    ("vi", "Theo phụ lục mới, phần của thôn được nâng từ 30% lên 35% lợi nhuận.",
     [("profit_share", 0.3), ("profit_share", 0.35)]),
    # tenths in words
    ("vi", "Hợp tác xã chuyển hai phần mười lợi nhuận cho quỹ khuyến học của xã.",
     [("profit_share", 0.2)]),
])
def test_wave6_tariffs_changed_parts_and_tenths(cleaner, extractor, lang, text, expected):
    assert labels(cleaner, extractor, text) == expected


def test_a_vietnamese_remainder_paid_on_after_a_part_kept(cleaner, extractor):
    """The rest of the sentence's base, paid on to members, is a share though the part before
    it was kept in the payer's own reserve."""
    text = ("Cuối năm, hợp tác xã giữ lại 30% lợi nhuận làm quỹ đầu tư phát triển, "
            "phần còn lại 70% được chia cho các thành viên.")
    assert labels(cleaner, extractor, text) == [("other_rate", 0.3), ("profit_share", 0.7)]


def test_a_fraction_after_up_from_is_the_earlier_level(cleaner, extractor):
    """"up from a third" names the figure a year before: a rate of its own."""
    text = "Last year 40% of our grants went to rural groups, up from a third the year before."
    assert [m for _, m in labels(cleaner, extractor, text)] == [0.4, round(1 / 3, 6)]


def test_a_figure_given_to_a_named_recipient_is_the_share_again(cleaner, extractor):
    """"give the parish trust a quarter", after a share of profit: that share, at another
    level; with no share named before it stays another rate."""
    share = "The brewery pays the parish trust a tenth of its profits. "
    other = "Some breweries give the parish trust closer to a quarter, she said."
    assert labels(cleaner, extractor, share + other) == [("profit_share", 0.1),
                                                          ("profit_share", 0.25)]
    assert labels(cleaner, extractor, other) == [("other_rate", 0.25)]


def test_splitting_by_capital_is_no_capital_figure(cleaner, extractor):
    """"chia theo vốn góp" says how a part of a split reaches members, not that the figure is
    a return on capital: each part of the split stays a share."""
    text = ("Xã viên thông qua phương án phân phối lợi nhuận: trích 15% vào quỹ đầu tư phát "
            "triển; phần còn lại chia cho xã viên, trong đó sáu phần mười chia theo mức sử dụng "
            "dịch vụ và bốn phần mười chia theo vốn góp.")
    assert labels(cleaner, extractor, text) == [("other_rate", 0.15), ("profit_share", 0.6),
                                                ("profit_share", 0.4)]


def test_a_share_of_the_vote_changed_is_no_payout(cleaner, extractor):
    """Only a payee's share or anyone's "cut" changed reads as a share's new level."""
    text = "Polls suggest the Green Party's share of the vote could rise to 18% next spring."
    assert labels(cleaner, extractor, text) == [("other_rate", 0.18)]


def test_a_gain_named_after_a_figure_is_no_profit_base(cleaner, extractor):
    """"a 4% gain" is a change; only "the gain" (of a sale) is a base a share is paid from."""
    facts = extracted(cleaner, extractor, "The firm reported a 4% gain in rents last year.", "rate")
    assert [f.attrs.get("base") for f in facts] == [None]


@pytest.mark.parametrize("lang, text, expected", [
    # a bare part after a semicolon goes on with the share of the part before it
    ("vi", "Hồ sơ cam kết nộp cho quỹ xã từ 5% đến 8% lợi nhuận được cộng 3 điểm; trên 8% "
           "được cộng 6 điểm.", [("profit_share", 0.05), ("profit_share", 0.08)]),
    ("en", "Small firms pay the town trust 2% of profits; larger ones 4%.",
     [("profit_share", 0.02), ("profit_share", 0.04)]),
    # …not after a full stop
    ("en", "Small firms pay the town trust 2% of profits. About 40% said so.",
     [("profit_share", 0.02), ("other_rate", 0.4)]),
])
def test_a_bare_part_after_a_semicolon_is_the_share_again(cleaner, extractor, lang, text,
                                                          expected):
    assert labels(cleaner, extractor, text) == expected
