"""profit_share vs other_rate, and who pays what share of which base to whom.

A rate is a profit share when its own clause says so: a base (profit, revenue, income …) right
next to the figure, a payment verb or a recipient (fund, trust …) around it, and no cue of a
population share, survey figure, change, stake or threshold next to it. Cues are data
(`extract/lexicons/<lang>.yaml`, key `rates`); scoring is by proximity, so one sentence can hold
a profit share and a survey figure side by side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .rates import FROM_BEFORE, RateCues, RateMention, clause_span, find_rates
from .terms import TermMatch

PAYER_LABELS = ("enterprise", "social_org", "government", "citizen", "community_committee")
ZH_RECIPIENT = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:公益基金|基金会|基金|公益金)")
ZH_STOP = set("，。；：、将要求由让使需和与的在对把每年并可应须会已从向给按拿出")
# A Russian adjective right before a noun (городской ремонтный фонд).
RU_ADJECTIVE_BEFORE = re.compile(
    r"(?<![\w\-])([А-ЯЁа-яё\-]+(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ую|юю))\s+$")
CJK_WINDOWS = (15, 12, 10, 8)   # before, after, negative-before, negative-after (characters)
WORD_WINDOWS = (45, 40, 40, 25)
SHARE_AT = 3.0
LEADING_ARTICLE = re.compile(r"^\W*(?:(?:the|this|that|its|our)\s+)?", re.I)
# Confidence of an other_rate: a cue against a share, no cue either way, a payment verb but no
# base, a base but no payment (a later pass may read the last two as a document's shares).
OTHER_CUED, OTHER_UNCUED, OTHER_PAID, OTHER_BASE = 0.9, 0.6, 0.55, 0.5
# …and a figure of a change to something paid, a share should the document have one before.
OTHER_CHANGED = 0.58
# …and a figure pointed back at ("phần 10%"), the share of that figure named before, if any.
OTHER_REFERS = 0.57
# …and one a word right before it points back to a share (这个三成半, 公司给村里三成半): the
# document's share of the same figure, said before or after it, if it has one.
OTHER_BACK = 0.56


@dataclass
class RateReading:
    """One rate of a paragraph: the figure, its evidence clause, label and attributes."""

    rate_start: int
    rate_end: int
    start: int
    end: int
    label: str
    attrs: dict
    confidence: float
    score: float = 0.0
    features: dict = field(default_factory=dict)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip white space and clause punctuation from both ends of a span."""
    while start < end and (text[start].isspace() or text[start] in ",，;；:：–—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",，;；:：–—"):
        end -= 1
    return start, end


def search_in(pattern: re.Pattern[str] | None, text: str) -> re.Match[str] | None:
    return cached_search(pattern, text) if pattern else None


@lru_cache(maxsize=1024)
def cached_search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`pattern.search(text)`, remembered: each rate of a sentence asks about the same
    sentence (a payment verb? a recipient?), and so does the paragraph's context check."""
    return pattern.search(text)


def rate_features(search: str, sent: tuple[int, int], clause: tuple[int, int],
                  rate: RateMention, cues: RateCues, lang: str,
                  list_base: str | None = None, carried: str | None = None) -> dict:
    """Proximity cues around one rate: base, payment, recipient, negatives; `list_base` is
    the base of a split whose parts are listed under a head (`list_head_base`), `carried` of
    one whose parts earlier sentences began."""
    before_w, after_w, neg_before_w, neg_after_w = CJK_WINDOWS if lang == "zh" else WORD_WINDOWS
    before = search[max(clause[0], rate.start - before_w):rate.start]
    after = search[rate.end:min(clause[1], rate.end + after_w)]
    neg_lo = max(clause[0], rate.start - neg_before_w)
    if cues.payment:
        # "firms with a tax abatement agree to donate 20%": a cue before the payment verb
        # describes the payer, not the figure.
        paid = [m.end() for m in cues.payment.finditer(search, neg_lo, rate.start)]
        neg_lo = paid[-1] if paid else neg_lo
    neg_before = search[neg_lo:rate.start]
    neg_after = search[rate.end:min(clause[1], rate.end + neg_after_w)]
    base_after = cues.base_in(after)
    base_before = cues.base_in(before)
    base_near = None
    # "7% of the fund's income": a part of the recipient's own income, no share paid to it.
    near_after = base_near_after(base_after, lang)
    owned = bool(near_after and search_in(cues.recipient, after[:base_after[1].start()]))
    owned = owned or owned_before(search[clause[0]:rate.start], base_before, base_after, cues,
                                  lang, paid_after=paid_after(search, rate.end, clause[1], cues))
    if base_after and not owned and (near_after
                                     or partitive_phrase(after[:base_after[1].start()], cues)):
        base_near = base_after[0]
    elif base_before and not search_in(cues.change, before[base_before[1].end():]):
        base_near = base_before[0]
    if base_near is None and clause[0] > sent[0]:
        base_near = fronted_base(search[sent[0]:clause[0]], cues) or base_before_partitive(
            search, sent, clause, cues)
    clause_text = search[clause[0]:clause[1]]
    lead = search[clause[0]:rate.start]
    fund_lead = bool(cues.fund and cues.fund.match(
        clause_text, LEADING_ARTICLE.match(clause_text).end()))
    # "Quỹ dành 30% nguồn thu cho học bổng", "The fund spends 40% of its income on …": a fund
    # paying out of its own money, unless it is the one receiving ("The fund gets 5% of …").
    fund_spends = bool(fund_lead and near_after
                       and search_in(cues.payment, lead) and not search_in(cues.receive, lead))
    clause_base = cues.base_in(clause_text)
    sentence_base = cues.base_in(search[sent[0]:sent[1]])
    pay_before = None
    if cues.payment:
        pay_before = [m for m in cues.payment.finditer(search, clause[0], rate.start)]
    # A cue after the base right behind the figure describes the base ("a quarter of net
    # profit above the hurdle"), not the figure.
    after_cues = neg_after[:20]
    if near_after:
        after_cues = after_cues[:base_after[1].start()]
    # "70 на 30 между компанией и фондом": the parties of a split, no population.
    if cues.between and cues.between.match(after_cues, len(after_cues) - len(
            after_cues.lstrip())):
        after_cues = ""
    # Reinvesting is a share only when it goes out to the community ("reinvest 20% of the
    # surplus in neighbourhood activities"), not back into the firm's own aims; a fund named
    # first is the share's recipient ("… vào quỹ thôn dùng để sửa đường").
    reinvest = search_in(cues.reinvest, clause_text)
    outward = bool(reinvest and cues.beneficiary
                   and cues.beneficiary.search(clause_text, reinvest.end()))
    # The parts of a split name their parties after them ("70% cho doanh nghiệp"): no
    # population.
    split = split_head(search, sent, rate, cues) or carried or (
        table_head(search, rate, cues) if lang == "zh" else None)
    # "Chia cho thành viên: 15%", "| Gift to the fund | 8% |": a part of a listed split named
    # before the figure; its base is the list head's.
    # (Chinese table cells are read by table_cells instead.)
    labelled = lang != "zh" and bool(LABEL_END.search(search, clause[0], rate.start))
    if list_base and labelled:
        split = split or list_base
        base_near = base_near or list_base
    if split:
        after_cues = ""
    # "其余85%用于滚动发展", "the rest is kept": a remainder kept back; "30% còn lại nộp
    # ngân sách" pays it on to a recipient.
    tail = search[rate.end:clause[1]]
    # "剩余23%按出资额，平均量化分配给全体成员": a Chinese remainder's payment may come in the
    # clauses after it, up to the next figure.
    sentence_tail = search[rate.end:sent[1]]
    on_tail = tail if lang != "zh" else sentence_tail[:next_figure(sentence_tail)]
    paid_on = bool((search_in(cues.payment, on_tail) or (pay_before and rate.start - pay_before[
        -1].end() <= 15)) and (search_in(cues.recipient, on_tail) or search_in(cues.pay_on,
                                                                                on_tail)))
    remainder = cues.hits(cues.remainder, neg_before) or cues.hits(cues.remainder, neg_after) or (
        # 其余部分再拿出一半, 另一半: a remainder word leading the clause, or in the figure
        lang == "zh" and cues.hits(cues.remainder, search[clause[0]:rate.end]))
    kept_back = remainder and not paid_on
    # "set aside 30% of profits in a legal reserve", "trích 10% lợi nhuận vào quỹ đầu tư phát
    # triển": put into the payer's own reserve, paid to no one.
    to_next_figure = tail[:next_figure(tail)]
    retained = cues.hits(cues.retained, to_next_figure) or (
        labelled and cues.hits(cues.retained, lead))
    # "按营业额的3%向公司缴纳管理服务费": a fee, rent or fixed return named after the figure.
    fee = cues.hits(cues.fee, to_next_figure)
    lead_sentence = search[sent[0]:rate.start]
    # "村集体取得的合作收益纳入村级财务，其中用于公益的比例不低于30%": the recipient spends
    # its own income.
    spends_own = bool(cues.own_income and cues.own_income.search(lead_sentence))
    # "a dividend of 4.5%" is a return on capital; "35% of distributable profits to
    # shareholders" is a share of profit paid out.
    dividend = cues.hits(cues.dividend, clause_text) and base_near != "profit"
    # "a 6.7 per cent rise": a change noun right after the figure.
    change_after = lang != "zh" and bool(cues.change and cues.change.match(
        neg_after, len(neg_after) - len(neg_after.lstrip())))
    return {
        "base_near": base_near,
        "base_clause": clause_base[0] if clause_base else None,
        "base_sentence": sentence_base[0] if sentence_base else None,
        # 三七分成: a split names its payment inside the figure.
        "pay_clause": bool(pay_before) or outward or bool(search_in(cues.payment, search[
            rate.end:clause[1]])) or bool(search_in(cues.payment, search[rate.start:rate.end])),
        "pay_adjacent": (bool(pay_before) and rate.start - pay_before[-1].end() <= (
            6 if lang == "zh" else 15)) or (lang == "zh" and bool(
                cues.payment and cues.payment.match(search, rate.end))),
        # "give the community fund closer to a fifth": paid to a recipient named before it
        "paid_recipient": lang != "zh" and paid_recipient_before(search, pay_before, rate, cues),
        "pay_sentence": bool(search_in(cues.payment, search[sent[0]:sent[1]])),
        "split_head": split,
        # 分成比例由30%提高至35%, 把捐给基金的比例提高到一成半: the new level of a share
        # (a reserve of the payer's own named before it is none).
        "share_lead": bool(cues.share_lead and rate.max <= 1
                           and cues.share_lead.search(lead_sentence)
                           and not cues.hits(cues.retained, lead_sentence)),
        # 8%的分成款, 1%的生态捐赠: the figure names the share it is the level of
        "share_after": bool(cues.share_after and cues.share_after.match(search, rate.end)),
        # 五五分成, 二八开, 对半分: a split of ten between two parties, named in the figure
        "split_figure": bool(SPLIT_FIGURE.match(search, rate.start, rate.end)),
        # (the window runs on through the figure, so a shield word 给予 is not read as cut off)
        "refers_back": cues.hits(cues.refers_back, search[max(clause[0], rate.start - 4):
                                                          rate.end])
        # (“两成的什么”比“两成”更重要: a bare Chinese figure quoted as a word names that share)
        or (lang == "zh" and search[rate.start - 1:rate.start] in ("“", '"')),
        "remainder_paid_on": remainder and paid_on,
        "recipient": bool(search_in(cues.recipient, search[rate.end:sent[1]])),
        "recipient_sentence": bool(search_in(cues.recipient, search[sent[0]:sent[1]])),
        "change": bool(search_in(cues.change, neg_before[-25:])) or change_after,
        # "Фонд направляет 60% средств …", "The fund spends 40% …": the fund itself pays out.
        "fund_pays": fund_lead,
        # "rising to 2%", "tăng lên 25%": the figure is the new level, not the size of a change.
        "change_to": bool(search_in(cues.change_to, neg_before[-12:])),
        "changed_share": changed_share(search[clause[0]:rate.start], cues),
        # "we originally asked for 15%", "đề nghị tạm chia theo tỷ lệ 50:50": a share proposed
        "proposed": bool(search_in(cues.proposal, search[clause[0]:rate.start]))
        and bare_figure(search[rate.end:clause[1]], cues),
        "refers": word_before(cues.back_reference, search, max(clause[0], rate.start - 10),
                              rate.start),
        # Over 100% is no share of anything; an interest rate, a rate of return or a tax
        # deduction anywhere in the clause is what the figure measures.
        "negative": (cues.hits(cues.not_share, neg_before) or cues.hits(cues.not_share, neg_after)
                     or cues.hits(cues.not_share_after, after_cues)
                     or cues.hits(cues.not_share_clause, clause_text)
                     or (reinvest is not None and not outward
                         and not search_in(cues.recipient, clause_text[:reinvest.start()]))
                     or rate.max > 1 or owned or fund_spends or kept_back or retained
                     or dividend or fee or spends_own
                     or cues.hits(cues.not_share, search[rate.start:rate.end])),
    }


# a list item's label ends at a colon or a table cell's bar right before the figure
LABEL_END = re.compile(r"[:：|]\s*$")
# a bullet or a table row starts a list item's line
LIST_ITEM = re.compile(r"[ \t]*(?:[-•*+–]\s|\|)")
LIST_LOOKBACK = 30  # lines walked back to a list's head


def label_clause(search: str, sent: tuple[int, int], clause: tuple[int, int],
                 rate: RateMention) -> tuple[int, int]:
    """A clause that is only the figure after a colon ("…, dịch vụ: 50%.") takes in the label
    before the colon, back to the item's start (a semicolon, a line break or the sentence's)."""
    if (search[clause[0]:rate.start].strip() or search[rate.end:clause[1]].strip(" .;；。")
            or clause[0] <= sent[0]):
        return clause
    head = search[sent[0]:clause[0]].rstrip()
    if not head.endswith((":", "：")):
        return clause
    cut = max(head.rfind(";"), head.rfind("；"), head.rfind("\n"))
    return sent[0] + cut + 1, clause[1]


def list_head_base(search: str, start: int, cues: RateCues) -> str | None:
    """The base of a split listed one part a line under a head: the paragraph at `start` is a
    bullet or a table row, and the first line above the list's items (a head ending in a
    colon, with a table's header rows) names a split word (lexicon `ratio`) and a base."""
    if not LIST_ITEM.match(search, start):
        return None
    head: list[str] = []
    end = start
    for _ in range(LIST_LOOKBACK):
        if end <= 0:
            return None
        line_start = search.rfind("\n", 0, end - 1) + 1
        line = search[line_start:end - 1]
        end = line_start
        if not LIST_ITEM.match(line):
            if not (head or line.rstrip().endswith((":", "："))):
                return None
            head.append(line)
            break
        if line.lstrip().startswith("|") and "%" not in line:
            head.append(line)  # a table's header row
    text = " ".join(head)
    if not search_in(cues.ratio, text):
        return None
    found = cues.base_in(text)
    return found[0] if found else None


def bare_figure(tail: str, cues: RateCues) -> bool:
    """Whether the figure stands for an amount, not a part of a thing named after it: what
    follows it in its clause is nothing, a function word, a conjunction, a base, a payment
    verb or the parties of a split ("asked for 15% but …", "50:50 giữa …"; not "30% lao
    động", "20% of homes")."""
    m = re.match(r"\s*([\w\-’']+)", tail)
    if m is None:
        return True
    word, at = m.group(1).lower(), m.start(1)
    if word in cues.stop_words or COORDINATOR.match(tail, at - 1):
        return word != "of"
    return any(p is not None and p.match(tail, at) for p in (
        cues.payment, cues.between, *(b for _, b in cues.base)))


def word_before(pattern: re.Pattern[str] | None, search: str, lo: int, pos: int) -> bool:
    """Whether a match of `pattern` ends right before `pos` (white space between)."""
    if pattern is None:
        return False
    at = len(search[lo:pos].rstrip()) + lo
    return any(m.end() == at for m in pattern.finditer(search, lo, at))


def changed_share(lead: str, cues: RateCues) -> bool:
    """Whether the figure is the old or new level of a change to what is paid ("nâng mức trích
    về quỹ bản từ 30% lên 35%", "the Trust's share rises from 2% to 3%", "phần của công ty
    giảm xuống 25%"): a party's share named (lexicon `share_noun`; not "the share of
    residents"), a change verb, then "from" or a new-level word right before the figure."""
    if not (cues.share_noun and cues.change and search_in(cues.share_noun, lead)
            and search_in(cues.change, lead)):
        return False
    tail = lead[-12:]
    return bool(FROM_BEFORE.search(tail) or search_in(cues.change_to, tail))


HEAD_END = re.compile(r"[:：]\s*$|\(\s*$|（\s*$")


# "and"/"but"/"when"/"if" part a figure's clause from the next; 和 joins nouns in Chinese: no cut
COORDINATOR = re.compile(r"\s(?:and|but|when|if|unless|và|nhưng|khi|и|а|но)\s", re.I)


def next_figure(tail: str) -> int:
    """Where the part of a clause after a figure that speaks of it ends: at a conjunction
    before the next figure ("2% of profit to the fund and to reserve 30% of new jobs"), or at
    the next figure, or at the clause end."""
    m = DIGIT.search(tail)
    end = m.start() if m else len(tail)
    joins = [j.start() for j in COORDINATOR.finditer(tail, 0, end)] if m else []
    return joins[-1] if joins else end


def coordinated_part(search: str, clause: tuple[int, int], rate: RateMention) -> tuple[int, int]:
    """The part of a clause a figure's own verb leads when a conjunction joins it to another
    figure's part ("gives 2% of profit to the fund and reserves 30% of new jobs for locals",
    "giữ lại 60% doanh thu và chuyển 40% … cho trường học"); not when the figure follows the
    conjunction at once ("2% of profits and 3% of revenue")."""
    start, end = clause
    lead = search[start:rate.start]
    digits = [m.end() for m in DIGIT.finditer(lead)]
    if digits:
        joins = list(COORDINATOR.finditer(lead, digits[-1]))
        if joins and lead[joins[-1].end():].strip():
            start += joins[-1].end()
    tail = search[rate.end:end]
    cut = next_figure(tail)
    join = COORDINATOR.match(tail, cut)
    following = DIGIT.search(tail, cut)
    if join and following and tail[join.end():following.start()].strip():
        end = rate.end + cut
    return start, end


DIGIT = re.compile(r"\d")
# words of a noun phrase between "of" and a base ("of the Post Office commission income")
PARTITIVE_WORDS = 5


def partitive_phrase(gap: str, cues: RateCues) -> bool:
    """Whether `gap` (between a figure and a base term) is a partitive word and a few modifier
    words: "8% of the Post Office commission income" is 8% of income."""
    words = gap.split()
    if not words or not (cues.partitive and cues.partitive.fullmatch(words[0])):
        return False
    rest = words[1:]
    if rest and rest[0].lower() in ("the", "its", "their", "his", "her", "our", "this", "that"):
        rest = rest[1:]
    return len(rest) <= PARTITIVE_WORDS and all(
        w.lower() not in cues.stop_words and re.fullmatch(r"[\w\-’']+", w) for w in rest)


def split_head(search: str, sent: tuple[int, int], rate: RateMention,
               cues: RateCues) -> str | None:
    """The base of a split the figure is a part of: a head naming a base and a split word
    (lexicon `ratio`) ends in a colon before the figure's list ("Lợi nhuận được chia: 30% …,
    70% …"), or the figure stands in brackets after such a head ("split between the co-op
    (70%)")."""
    lead = search[sent[0]:rate.start]
    colon = max(lead.rfind(":"), lead.rfind("："))
    bracket = HEAD_END.search(lead)
    head = lead[:colon] if colon >= 0 else lead if bracket else None
    if head is None or not search_in(cues.ratio, head):
        return None
    found = cues.base_in(head)
    return found[0] if found else None


# 五五分成, 二八开, 三七分账, 对半分: the figure itself names a split of ten.
SPLIT_FIGURE = re.compile(r"[一二三四五六七八九]{2}(?:比例)?(?:开|分)|对半")


TABLE_ROW = re.compile(r"[ \t]*\|")


def line_at(search: str, pos: int) -> tuple[int, int]:
    start = search.rfind("\n", 0, pos) + 1
    end = search.find("\n", pos)
    return start, len(search) if end < 0 else end


def table_cells(search: str, rate: RateMention) -> tuple[int, int] | None:
    """In a table row ("| 按交易量返还成员 | 65% | 说明 |"), the figure's cell and the cell before
    it, the row's name: the clause the figure is read in."""
    row = line_at(search, rate.start)
    if not TABLE_ROW.match(search, row[0], row[1]):
        return None
    before = search.rfind("|", row[0], rate.start)
    if before < 0:
        return None
    name = search.rfind("|", row[0], before)
    after = search.find("|", rate.end, row[1])
    return (name + 1 if name >= 0 else before + 1), (after if after >= 0 else row[1])


def table_head(search: str, rate: RateMention, cues: RateCues) -> str | None:
    """The base of a table of a split's parts: the line before the table names a base and a
    split word and ends in a colon ("可分配盈余分配方案如下表：")."""
    row = line_at(search, rate.start)
    if not TABLE_ROW.match(search, row[0], row[1]):
        return None
    start = row[0]
    while start > 0:
        prev = line_at(search, start - 1)
        if not TABLE_ROW.match(search, prev[0], prev[1]):
            head = search[prev[0]:prev[1]].rstrip()
            if not head.endswith((":", "：")):
                return None
            head = re.split(r"[。！？.!?]", head[:-1])[-1]
            if not search_in(cues.ratio, head):
                return None
            found = cues.base_in(head)
            return found[0] if found else None
        start = prev[0]
    return None


def base_before_partitive(search: str, sent: tuple[int, int], clause: tuple[int, int],
                          cues: RateCues) -> str | None:
    """The base of the clause before a clause led by a partitive word (可分配盈余，其中六成 …
    : 其中 "of it"): the figure is a part of that base."""
    if not (cues.partitive_after and cues.partitive_after.match(search, clause[0])):
        return None
    found = cues.base_in(search[sent[0]:clause[0]])
    return found[0] if found else None


def fronted_base(front: str, cues: RateCues) -> str | None:
    """The base of a partitive put before the figure's clause ("Of the operator's turnover,
    2% goes to the trust", "Из прибыли компании, …"): the share is of that base."""
    lead = front.lstrip()
    if not (cues.partitive and cues.partitive.match(lead)):
        return None
    found = cues.base_in(lead)
    return found[0] if found else None


def base_near_after(base_after: tuple | None, lang: str) -> bool:
    """Whether a base term follows the figure closely ("5% of profits", 5%的利润); not past a
    verb's 了 (约六成设置了超额收益分享机制: the figure is the subject of the verb)."""
    if lang == "zh":
        return bool(base_after and base_after[1].start() <= 4
                    and "了" not in base_after[1].string[:base_after[1].start()])
    return bool(base_after and base_after[1].start() <= 28)


def paid_after(search: str, start: int, end: int, cues: RateCues) -> bool:
    """Whether a payment verb follows the figure in its clause, other than one that names
    where the money came from (基金会60%的收入来自企业捐赠)."""
    tail = search[start:end]
    source = search_in(cues.source, tail)
    return bool(search_in(cues.payment, tail[:source.start()] if source else tail))


def paid_recipient_before(search: str, pay_before: list | None, rate: RateMention,
                          cues: RateCues) -> bool:
    """ "give the community fund closer to a fifth": a payment verb, its recipient, then the
    figure, all within a few words."""
    if not pay_before or rate.start - pay_before[-1].end() > 40:
        return False
    gap = search[pay_before[-1].end():rate.start]
    return bool(search_in(cues.recipient, gap)) and not DIGIT.search(gap)


def elliptical_after_share(search: str, sent: tuple[int, int], clause: tuple[int, int],
                           rate: RateMention, last_share: RateReading) -> bool:
    """A part after a semicolon that is a few words and the figure, with no base or verb of
    its own, right after the part with a share just read: that share at another level."""
    between = search[last_share.rate_start:sent[0]].rstrip()
    lead = search[max(sent[0], clause[0]):rate.start].strip()
    return (last_share.rate_start < sent[0] and between.endswith((";", "；"))
            and not ELLIPSIS_BREAK.search(between) and len(lead.split()) <= 2
            and not DIGIT.search(lead))


# a full stop or a line between a share and a later part leaves that part its own
ELLIPSIS_BREAK = re.compile(r"[.!?。\n]")


def owned_before(lead: str, base_before: tuple | None, base_after: tuple | None,
                 cues: RateCues, lang: str, paid_after: bool = False) -> bool:
    """Whether the figure is a part of a recipient's own income named before it, with no
    payment in its clause: 村集体经济收入的80%, 基金会60%的收入, "The fund receives 20% of its
    income" (a fund leading the clause, the base its own)."""
    if not cues.recipient:
        return False
    near = 4 if lang == "zh" else 20
    found = list(cues.recipient.finditer(lead))
    if not found or paid_after or search_in(cues.payment, lead):
        return bool(cues.fund and cues.own and base_after and cues.fund.match(
            lead, LEADING_ARTICLE.match(lead).end())
            and cues.own.search(base_after[1].string[:base_after[1].start()]))
    gap = lead[found[-1].end():]
    if base_before and base_before[1].start() > 0:
        # the base ends the lead: 村集体 | 经济 | 收入 | 的
        at = lead.rfind(base_before[1].group(0))
        return 0 <= at - found[-1].end() <= near and len(lead) - at - len(
            base_before[1].group(0)) <= 3
    return len(gap.strip()) <= (2 if lang == "zh" else 0) and bool(
        base_after and base_after[1].start() <= (2 if lang == "zh" else 10))


def share_score(f: dict, context: bool) -> float:
    """Hand-set weights: a near base counts most, a nearby negative cue vetoes; `context` is
    whether the paragraph already spoke of a share paid to a fund."""
    score = 2.0 * bool(f["base_near"]) + 1.0 * bool(f["base_clause"] and not f["base_near"])
    score += 1.0 if f["pay_clause"] else 0.5 if f["pay_sentence"] else 0.0
    score += 1.0 if f["recipient"] else 0.5 if f["recipient_sentence"] else 0.0
    score += 1.0 * context
    score -= 3.0 * (f["negative"] or f["change"])
    return score


def period_of(search: str, sent: tuple[int, int], clause: tuple[int, int],
              cues: RateCues) -> str | None:
    for span in (clause, sent):
        found = [(m.start(), name) for name, p in cues.period
                 if (m := p.search(search, span[0], span[1]))]
        if found:
            return min(found)[1]
    return None


def extend_left(text: str, start: int, lo: int, cues: RateCues, limit: int = 3) -> int:
    """Move `start` left over modifier words of a noun phrase (partner firms, муниципальный
    фонд), stopping at function words (lexicon `stop_words`) and punctuation."""
    taken = 0
    while taken < limit:
        m = re.search(r"([\w\-’']+)\s+$", text[lo:start])
        if not m or m.group(1).lower() in cues.stop_words or m.group(1)[0].isdigit():
            break
        start = lo + m.start(1)
        taken += 1
    return start


def extend_right(text: str, end: int, hi: int, cues: RateCues, limit: int = 4) -> int:
    """Move `end` right over the words that complete a phrase (фонд развития территорий,
    quỹ phát triển hạ tầng), stopping at function words and punctuation."""
    taken = 0
    while taken < limit:
        m = re.match(r"\s+([\w\-’']+)", text[end:hi])
        if not m or m.group(1).lower() in cues.stop_words or m.group(1)[0].isdigit():
            break
        if cues.payment and cues.payment.match(text, end + m.start(1)):
            break
        end += m.end(1)
        taken += 1
    return end


def zh_left(text: str, start: int, lo: int, limit: int = 4) -> int:
    taken = 0
    while taken < limit and start > lo and text[start - 1] not in ZH_STOP and (
            "\u4e00" <= text[start - 1] <= "\u9fff"):
        start -= 1
        taken += 1
    return start


def payer_of(text: str, search: str, sent: tuple[int, int], rate: RateMention,
             terms: Sequence[TermMatch], cues: RateCues, lang: str) -> str | None:
    """The actor nearest before the payment verb of the rate's sentence (the rate itself when
    no verb precedes it), as the whole noun phrase; a recipient word (фонд) is no payer."""
    verbs = [v.start() for v in cues.payment.finditer(search, sent[0], rate.start)] \
        if cues.payment else []
    limit = verbs[-1] if verbs else rate.start
    actors = [m for m in terms if m.type == "actor" and m.label in PAYER_LABELS
              and sent[0] <= m.start and m.end <= limit
              and not (cues.recipient and cues.recipient.fullmatch(search, m.start, m.end))]
    if not actors:
        return None
    actor = actors[-1]
    start, end = actor.start, actor.end
    if lang == "zh":
        start = zh_left(search, start, sent[0])
    elif lang == "vi":
        end = extend_right(search, end, rate.start, cues, limit=3)
    elif lang == "ru":
        while (adj := RU_ADJECTIVE_BEFORE.search(search, sent[0], start)) is not None:
            start = adj.start(1)
    else:
        start = extend_left(search, start, sent[0], cues, limit=2)
    return text[start:end].strip() or None


def recipient_of(text: str, search: str, sent: tuple[int, int], rate: RateMention,
                 cues: RateCues, lang: str) -> str | None:
    """The fund or body a share goes to: the first recipient word after the rate."""
    if lang == "zh":
        m = ZH_RECIPIENT.search(search, rate.end, sent[1])
        if not m:
            return None
        begin = m.start()
        # The lazy match starts right after the rate: skip the verb (注入, 捐赠给 …).
        for v in cues.payment.finditer(search, m.start(), m.end()) if cues.payment else ():
            begin = max(begin, v.end())
        while begin < m.end() and search[begin] in "给到至入进向的":
            begin += 1
        begin += 2 if search.startswith(("作为", "用作"), begin) else 0
        return text[begin:m.end()] or None
    m = cues.recipient.search(search, rate.end, sent[1]) if cues.recipient else None
    if not m and cues.recipient and cues.payment:
        # "перечисляет в фонд дома 3%": the recipient between the verb and the figure.
        verbs = [v.start() for v in cues.payment.finditer(search, sent[0], rate.start)]
        m = cues.recipient.search(search, verbs[-1], rate.start) if verbs else None
    if not m:
        return None
    start, end = m.start(), m.end()
    if lang == "vi":
        end = extend_right(search, end, sent[1], cues, limit=5)
    elif lang == "ru":
        lo = rate.end if start >= rate.end else sent[0]
        while (adj := RU_ADJECTIVE_BEFORE.search(search, lo, start)) is not None:
            start = adj.start(1)
        end = extend_right(search, end, rate.start if end <= rate.start else sent[1], cues,
                           limit=2)
    else:
        start = extend_left(search, start, rate.end, cues, limit=4)
    return text[start:end].strip() or None


def read_rate(text: str, search: str, sent: tuple[int, int], rate: RateMention,
              terms: Sequence[TermMatch], cues: RateCues, lang: str,
              last_share: RateReading | None, context: bool = False,
              list_base: str | None = None, carried: str | None = None) -> RateReading:
    """Label and attributes of one rate in sentence `sent`; `last_share` is the paragraph's
    latest profit share, `context` whether the paragraph speaks of shares paid to a fund,
    `list_base` the base of the split listed under a head the paragraph is an item of,
    `carried` the base of a split whose parts the sentences before, ending in semicolons, began."""
    part = coordinated_part(search, clause_span(search, sent[0], sent[1], rate.start, rate.end),
                            rate)
    # Chinese tables are read cell by cell (table_cells); the other languages' "label: X%"
    # items by label_clause.
    clause = ((table_cells(search, rate) or part) if lang == "zh"
              else label_clause(search, sent, part, rate))
    start, end = trim_span(text, *clause)
    f = rate_features(search, sent, clause, rate, cues, lang, list_base, carried)
    score = share_score(f, context or last_share is not None)
    attrs: dict = {"min": round(rate.min, 6), "max": round(rate.max, 6)}
    base = f["base_near"] or f["base_clause"]
    # An other_rate with a cue against a share is surer than one with no cue either way.
    label, confidence = "other_rate", OTHER_CUED if f["negative"] else OTHER_UNCUED
    if score >= SHARE_AT and (base or f["base_sentence"]):
        label, confidence = "profit_share", min(0.95, 0.6 + 0.08 * score)
        base = base or f["base_sentence"]
    elif f["share_lead"]:
        # "分成比例由30%提高至35%", "有代表提议把村集体的门票分成提高到七成": a share's new
        # level, proposed or agreed; a proposer (股东) or the change word is no cue against it.
        label, confidence = "profit_share", 0.7
        base = base or f["base_sentence"] or (last_share.attrs.get("base") if last_share else None)
    elif not f["negative"] and not f["change"] and f["share_after"]:
        # "8%的分成款、2%的资源保护费和1%的生态捐赠": a share named by its figure.
        label, confidence = "profit_share", 0.7
        base = base or f["base_sentence"] or (last_share.attrs.get("base") if last_share else None)
    elif not f["negative"] and f["split_figure"] and (f["base_sentence"] or last_share):
        # "超出部分由采购人与中标人五五分成": a split of the base between two parties.
        label, confidence = "profit_share", 0.7
        base = f["base_sentence"] or last_share.attrs.get("base")
    elif (lang in ("zh", "vi") and not f["negative"] and f["remainder_paid_on"]
          and f["base_sentence"] and not f["base_clause"]):
        # "发电收益扣除运维成本后，村集体留存三成，其余七成分给参与农户", "giữ lại 20% lợi
        # nhuận làm quỹ của mình, phần còn lại 80% chia cho thành viên": the rest of the
        # sentence's base, paid on.
        label, confidence = "profit_share", 0.7
        base = f["base_sentence"]
    elif not f["negative"] and last_share is not None and (
            (f["pay_adjacent"] and not f["base_clause"] and not f["fund_pays"])
            or (f["change"] and f["change_to"]
                and (last_share.rate_start >= sent[0] or f["base_near"]))):
        # "… pay 2% of profits; larger firms pay 5%", "… 2% of sales, rising to 2.5%",
        # "… mức đóng góp tăng lên 25% lợi nhuận": the share goes on.
        label, confidence = "profit_share", 0.7
        base = last_share.attrs.get("base")
    elif (lang in ("vi", "en") and not f["negative"] and not f["change"]
          and last_share is not None and elliptical_after_share(search, sent, clause, rate,
                                                                last_share)):
        # "… chia cho quỹ 12% đến 15% lợi nhuận được 5 điểm; trên 15% được 8 điểm", "small
        # firms pay 2% of profits; larger ones 4%": the share of the clause before, again.
        label, confidence = "profit_share", 0.7
        base = last_share.attrs.get("base")
    elif (not f["negative"] and last_share is not None and f["remainder_paid_on"]
          and not f["base_clause"]):
        # "… 40% of the profits; the remaining 60% went to the community fund": the rest of
        # the same base, paid on.
        label, confidence = "profit_share", 0.7
        base = last_share.attrs.get("base")
    elif not f["negative"] and f["changed_share"] and last_share is not None:
        # "… trích 3% doanh thu cho quỹ; từ năm sau nâng lên 5%": the share, changed.
        label, confidence = "profit_share", 0.7
        base = last_share.attrs.get("base")
    elif not f["negative"] and f["changed_share"]:
        confidence = OTHER_CHANGED  # a share if the document named one before
    elif not f["negative"] and not f["change"] and f["split_head"]:
        # "Lợi nhuận được chia: 30% cho quỹ thôn, 70% cho doanh nghiệp", "Profits are split
        # between the co-op (70%) and the fund (30%)": each part of a split base is a share.
        label, confidence = "profit_share", 0.7
        base = f["split_head"]
    elif (not f["negative"] and f["pay_adjacent"] and not f["base_clause"]
          and f["base_sentence"] and f["recipient_sentence"]):
        # "Các cơ sở đóng góp lợi nhuận vào quỹ: cơ sở nhỏ đóng 1%": the sentence names both.
        label, confidence = "profit_share", 0.7
        base = f["base_sentence"]
    elif (not f["negative"] and not f["change"] and f["proposed"] and not f["base_clause"]
          and not re.match(r"\s+of\b", search[rate.end:rate.end + 4])):
        # "We asked for 15% but settled on 10%" with no base: the share a document named
        # before, proposed or refused
        confidence = OTHER_CHANGED
    elif (not f["negative"] and not f["change"] and f["paid_recipient"] and not f["base_clause"]
          and not re.match(r"\s+of\b", search[rate.end:rate.end + 4])):
        # "Other schemes give the community fund a fifth": a share if the document named one
        confidence = OTHER_CHANGED
    elif (not f["negative"] and not f["change"] and f["pay_adjacent"] and not f["base_clause"]
          and not re.match(r"\s+of\b", search[rate.end:rate.end + 4])):
        # "… pay 5%" with no base: maybe an earlier share again, not "10% of the score".
        confidence = OTHER_PAID
    elif not f["negative"] and not f["change"] and f["base_near"]:
        confidence = OTHER_BASE
        attrs["base"] = f["base_near"]  # "5% of revenue", kept should it prove a share
    elif not f["negative"] and not f["change"] and f["refers_back"]:
        confidence = OTHER_BACK
    elif not f["negative"] and f["refers"]:
        confidence = OTHER_REFERS  # "còn phần 10% là tiền của bản": the 10% share again?
    if label == "profit_share":
        attrs.update({
            "base": base,
            "period": period_of(search, sent, clause, cues) or (
                last_share.attrs.get("period") if last_share else None),
            "payer": payer_of(text, search, sent, rate, terms, cues, lang),
            "recipient": recipient_of(text, search, sent, rate, cues, lang),
        })
    return RateReading(rate.start, rate.end, start, end, label, attrs, round(confidence, 3),
                       score, f)


def read_paragraph_rates(text: str, search: str, sentences: Sequence[tuple[int, int]],
                         terms: Sequence[TermMatch], cues: RateCues,
                         lang: str) -> list[RateReading]:
    """Every rate of one paragraph's sentences, read in order (a share's base carries over to
    the next figure paid in the same paragraph)."""
    if not sentences or not cues.may_hold_rate(search, min(s for s, _ in sentences),
                                               max(e for _, e in sentences)):
        return []
    found = [(sent, find_rates(search, sent[0], sent[1], cues)
              if cues.may_hold_rate(search, sent[0], sent[1]) else []) for sent in sentences]
    if not any(rates for _, rates in found):
        return []
    readings: list[RateReading] = []
    # (zh tables are tuned on their own branch: the listed split is read for vi, en, ru)
    list_base = list_head_base(search, sentences[0][0], cues) if lang != "zh" else None
    last_share: RateReading | None = None
    context = False
    carried: str | None = None
    for sent, rates in found:
        split: str | None = None
        for rate in rates:
            reading = read_rate(text, search, sent, rate, terms, cues, lang, last_share, context,
                                list_base, carried)
            if reading.label == "profit_share":
                last_share = reading
            split = split or reading.features.get("split_head")
            readings.append(reading)
        context = context or paying_to_fund(search, sent, cues)
        # "… as follows: 60% to members; 30% to the reserve; the rest to the fund": the parts
        # after a semicolon go on with the split
        carried = split if lang != "zh" and search[sent[0]:sent[1]].rstrip().endswith(
            (";", "；")) else None
    return readings


def paying_to_fund(search: str, sent: tuple[int, int], cues: RateCues) -> bool:
    """Whether a sentence says something is paid to a fund (a payment verb and a recipient)."""
    return bool(search_in(cues.payment, search[sent[0]:sent[1]])
                and search_in(cues.recipient, search[sent[0]:sent[1]]))


def consolidate_rates(facts: list, headline: tuple[int, int] | None,
                      merge_headline: bool = True) -> list:
    """Document-level pass over rate facts (in text order):

    - a rate stated in the headline and again in the body is one fact: it starts at the
      headline, takes its label and attributes from the body's clause, and lists the body's
      span in `attrs.mentions` (with `merge_headline` off both facts stay, the headline's
      reading the body's label and attributes);
    - a range with no cue either way that repeats an earlier profit share's range ("the 2%–5%
      band"), or a figure paid with no base named ("继续按两成捐赠"), is that share again.
    """
    rates = sorted((f for f in facts if f.type == "rate"), key=lambda f: f.start)
    dropped: set[int] = set()
    if headline is not None:
        for head in rates:
            if not (headline[0] <= head.start and head.end <= headline[1]):
                continue
            # The body's figure read the same way is the headline's; else the first alike.
            alike = [f for f in rates if f.start >= headline[1] and same_figure(f, head)
                     and id(f) not in dropped]
            body = next((f for f in alike if f.label == head.label), alike[0] if alike else None)
            if body is not None:
                # The headline is the first mention; the clause that reads as a share (the
                # body's, unless only the headline does) says what the rate is.
                source = head if head.label == "profit_share" != body.label else body
                head.label, head.confidence = source.label, source.confidence
                if not merge_headline:
                    head.attrs = {k: v for k, v in source.attrs.items() if k != "mentions"}
                    continue
                head.attrs = {**source.attrs, "mentions": [[body.start, body.end]]}
                dropped.add(id(body))
    kept = [r for r in rates if id(r) not in dropped]
    shares: list = []
    for f in kept:
        if f.confidence == OTHER_BACK and (share := next((s for s in kept if s.label == (
                "profit_share") and same_figure(s, f)), None)):
            # "这个三成半到底是按毛收入算还是按净利润算": the share said elsewhere, again.
            f.label, f.confidence = "profit_share", 0.65
            f.attrs.update(base=share.attrs.get("base"), period=share.attrs.get("period"),
                           payer=None, recipient=None)
    for f in kept:
        if f.label == "profit_share":
            shares.append(f)
        elif ((f.confidence == OTHER_UNCUED and f.attrs["min"] < f.attrs["max"])
              and (earlier := next((s for s in shares if same_figure(s, f)), None))) or (
                f.confidence == OTHER_PAID
                and (earlier := next((s for s in shares if within(f, s)), None))) or (
                f.confidence in (OTHER_BASE, OTHER_CHANGED)
                and (earlier := shares[-1] if shares else None)) or (
                f.confidence == OTHER_REFERS
                and (earlier := next((s for s in shares if same_figure(s, f)), None))):
            f.label, f.confidence = "profit_share", 0.65
            f.attrs.update({k: f.attrs.get(k) or earlier.attrs.get(k) for k in ("base", "period")})
            f.attrs.update(payer=None, recipient=None)
            shares.append(f)
    return [f for f in facts if id(f) not in dropped]


def within(a, b) -> bool:
    """Whether rate fact `a` lies inside rate fact `b`'s range."""
    return b.attrs["min"] - 1e-9 <= a.attrs["min"] and a.attrs["max"] <= b.attrs["max"] + 1e-9


def same_figure(a, b) -> bool:
    return a.attrs.get("min") == b.attrs.get("min") and a.attrs.get("max") == b.attrs.get("max")


def headline_span(doc) -> tuple[int, int] | None:
    """The span of the headline paragraph (the page title leading the clean text), if any."""
    if not doc.paragraphs or not (doc.title or "").strip():
        return None
    first = doc.paragraphs[0]
    head = doc.text[first.start:first.end].strip()
    # A headline has no closing full stop; a first line that ends like a sentence is body.
    if not head or head != doc.title.strip() or head[-1] in ".。!?！？":
        return None
    return first.start, first.end
