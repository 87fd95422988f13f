"""profit_share vs other_rate on the borderline forms of the dev5 wave (vi, en): fees named on
turnover, proceeds and ticket money, changed shares, split lists; sentences written for these
tests."""

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
