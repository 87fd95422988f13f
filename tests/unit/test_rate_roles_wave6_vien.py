"""profit_share vs other_rate on the wave-6 borderline forms (vi, en): fees and levies on
turnover, reserve accounts, a named share changed, counting fractions, a condition's figure;
sentences written for these tests."""

import pytest

from rawdocs import extracted


def labels(cleaner, extractor, text):
    return [(f.label, round(f.attrs["min"], 6))
            for f in extracted(cleaner, extractor, text, "rate")]


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
