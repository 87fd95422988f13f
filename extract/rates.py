"""Percentages and ranges in four languages → fractions (min/max).

`find_rates` parses expressions ("2%~5%", "от 10 до 20%", "百分之二十", "两成", "三成半",
"twenty per cent", "one quarter of profits", "half of the revenue") in one sentence. Whether a
rate is a profit share is decided in `rate_roles.py`. Cue words are data:
`extract/lexicons/<lang>.yaml`, key `rates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .terms import compile_terms, prefix_trie

NUM = r"\d+(?:[.,]\d+)?"
PCT_SIGN = r"\s?[%％]"
PCT_WORD = (r"\s*-?(?:percentage\s+points?|per[\s\-]?cent|percent|pct\b|pc\b|процент\w*|проц\.|"
            r"п\.\s?п\.|(?:điểm\s+)?phần\s+trăm)")
PCT = rf"(?:{PCT_SIGN}|{PCT_WORD})"
# "3 or 4%", "10 or 20 percentage points": either figure, a range.
RANGE_SEP = r"\s*(?:~|～|〜|-|–|—|至|到|to|до|đến|tới|lên|xuống|(?<=\s)(?:or|или|hoặc)(?=\s))\s*"
AND_SEP = r"\s+(?:and|и|và)\s+"
LEAD = r"(?:(?:от|from|từ)\s+)?"
FROM_BEFORE = re.compile(r"(?<!\w)(?:от|с|со|from|từ)\s+$", re.I)
CHANGE_SEP = re.compile(r"(?<!\w)(?:lên|xuống)(?!\w)")  # "từ 30 lên 45%": up/down, a change
# A lookahead for the first characters a match can have goes first (a digit or the first
# letter of from, từ, trong, between, giữa, от, между): a quick test at each position before
# the lookbehinds and alternatives.
NUMERIC_RANGE = re.compile(
    rf"(?=[\dftbg\u043e\u043c])(?<!\d[.,])(?<!\d)(?:{LEAD}({NUM})({PCT})?{RANGE_SEP}({NUM}){PCT}"
    rf"|(?:between|между|giữa|trong khoảng)\s+({NUM})({PCT})?{AND_SEP}({NUM}){PCT})", re.I)
NUMERIC_SINGLE = re.compile(rf"(?=\d)(?<!\d[.,])(?<!\d)({NUM}){PCT}", re.I)
# 5‰, "2 phần nghìn", "3 промилле", "4 per mille": thousandths.
PERMILLE = r"‰|phần\s+(?:nghìn|ngàn)|промилле|per\s+mille"
NUMERIC_PERMILLE = re.compile(rf"(?=\d)(?<!\d[.,])(?<!\d)({NUM})\s?(?:{PERMILLE})", re.I)
CN_DIGITS = "零一二两三四五六七八九"
CN_DIGIT_VALUES = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
CN_NUM = rf"[{CN_DIGITS}十百点]+"
CN_PERCENT = re.compile(rf"百分之({CN_NUM})(?:(?:至|到|~|～|-|—)(?:百分之)?({CN_NUM}))?")
# 两个百分点; 半个点 / 半个百分点 = 0.5 points (only half drops 百分: 三个点 may be places)
CN_POINTS = re.compile(rf"(\d+(?:\.\d+)?|{CN_NUM}|半)个(?:百分)?点(?<=百分点|半个点)")
CN_TENTHS_RANGE = re.compile(
    rf"([{CN_DIGITS[1:]}]|\d)成(?:至|到|~|-|—)([{CN_DIGITS[1:]}]|\d)成(半)?")
# 一半; 半价 (half the price, a price paid); 对半分 (split in half between two parties).
CN_HALF = re.compile(r"一半(?![天年月时])|半价|对半(?=分)")
CN_PERMILLE = re.compile(rf"千分之({CN_NUM})|(\d+(?:\.\d+)?)\s?‰")
CN_PER_TEN_THOUSAND = re.compile(rf"万分之({CN_NUM})|(\d+(?:\.\d+)?)\s?‱")
# 七八成 = 70–80%, 两三成 = 20–30%: two neighbouring digits before 成.
CN_TENTHS_PAIR = re.compile(
    rf"(?<![\d{CN_DIGITS}十])([{CN_DIGITS[1:]}])([{CN_DIGITS[1:]}])成(?![立为员本果功就不交熟长绩效都型品])")
# 一成五 = 15%: tenths and hundredths.
CN_TENTHS_AND = re.compile(
    rf"(?<![\d{CN_DIGITS}十])([{CN_DIGITS[1:]}])成([{CN_DIGITS[1:]}])(?![成\d])")
# 八五折 = 85%, 八折 = 80%, 8.5折: a price as tenths of the full price; not 折旧, 折合 …
CN_DISCOUNT = re.compile(
    rf"(?<![\d.{CN_DIGITS}十])(?:(\d(?:\.\d)?|\d\d)|([{CN_DIGITS[1:]}])([{CN_DIGITS[1:]}])?)"
    r"折(?![旧合叠算射腾返扣])")
# 30个基点 = 0.3%: hundredths of a per cent.
CN_BASIS_POINTS = re.compile(rf"(\d+(?:\.\d+)?|{CN_NUM})个?基点")
CN_FRACTION = re.compile(r"([一二两三四五六七八九十]{1,2})分之([一二三四五六七八九])")
# 两成 = 20%, 三成半 = 35%; not 成立, 成为, 一成不变, 成都 …
CN_TENTHS = re.compile(
    rf"(?<![\d{CN_DIGITS}十])([{CN_DIGITS[1:]}]|\d)(?:(?:至|到|~|-|—)([{CN_DIGITS[1:]}]|\d))?成"
    r"(?:(半)|(?![立为员本果功就不交熟长绩效都型品]))")  # 一成半交由: the word check is 成's
# Cheap tests run before the scanners above: every match of a scanner holds its cue.
# In every PCT: %, per cent, pc, проц…, п.п., phần trăm. The first letter as a case-sensitive set
# (p and п have no other case forms) lets `re` skip along the text fast.
PCT_CUE = re.compile(r"[%％pPпП](?:(?<=[%％])|(?<=[pP])(?i:er[\s\-]?cent|c|hần)"
                     r"|(?<=[пП])(?i:роц|\.\s?п\.))")
DIGIT = re.compile(r"\d")
CN_CUE = re.compile(r"分之|百分点|半个点|成|一半|半价|对半|‰|折|基点")  # in every CN_* pattern
# PERMILLE (case-insensitive) with its first characters as a case-sensitive set, as in PCT_CUE.
PERMILLE_CUE = re.compile(r"[‰pPпП](?:(?<=‰)|(?<=[pP])(?i:hần\s+(?:nghìn|ngàn)|er\s+mille)"
                          r"|(?<=[пП])(?i:ромилле))")  # in every NUMERIC_PERMILLE match
# A split of 100 between two parties ("50:50", "60/40", "в соотношении 70 на 30") and of ten
# in Chinese (七三开, 三七分成); the numeric form is a rate only with a split word (lexicon
# `ratio`) in its sentence, and either form only when its parts make the whole.
NUMERIC_RATIO = re.compile(
    r"(?=\d)(?<![\d.,:/])(\d{1,2})\s?(?::|/|\s+на\s+)\s?(\d{1,2})(?![\d%％]|[.,:/]\d)", re.I)
CN_RATIO = re.compile(r"(?<![\d一二两三四五六七八九十])([一二三四五六七八九])([一二三四五六七八九])"
                      r"(?:比例)?(?:开|分(?:成|账|配|享)?)")  # 四六比例分享 too
# One set of first characters (a digit or a Chinese one) lets `re` skip along the text fast.
RATIO_CUE = re.compile(r"[\d一二三四五六七八九](?:(?<=\d)\s?(?::|/|\s+(?i:на)\s+)\s?\d"
                       r"|(?<=[一二三四五六七八九])[一二三四五六七八九](?:比例)?[开分])")
CLAUSE_BREAK = re.compile(r"[，；;：:]\s*|,(?!\d)\s*|\s[–—]\s")


def fraction(value: object) -> float:
    """A lexicon fraction: a number or "1/3" (kept exact, 1/3 is not 0.3333)."""
    if isinstance(value, str) and "/" in value:
        part, whole = value.split("/", 1)
        return float(part) / float(whole)
    return float(value)  # type: ignore[arg-type]


def parse_number(text: str) -> float:
    return float(text.replace(",", "."))


def chinese_number(text: str) -> float | None:
    """二十五 → 25, 三点五 → 3.5, 十 → 10, 3 → 3; None if it does not read as a number."""
    if re.fullmatch(NUM, text):
        return parse_number(text)
    digits = CN_DIGIT_VALUES
    whole, _, frac = text.partition("点")
    value = 0
    current = 0
    for ch in whole:
        if ch in digits:
            current = digits[ch] if ch != "零" else 0
        elif ch == "十":
            value += (current or 1) * 10
            current = 0
        elif ch == "百":
            value += (current or 1) * 100
            current = 0
        else:
            return None
    value += current
    if frac:
        if any(ch not in digits for ch in frac):
            return None
        value += float("0." + "".join(str(digits[ch]) for ch in frac))
    return float(value)


@dataclass(frozen=True)
class RateMention:
    start: int
    end: int
    min: float
    max: float


def lexicon_pattern(value: str | list[str] | None, flags: int = 0) -> re.Pattern[str] | None:
    """A lexicon's regular expression, or a list of them as one alternation; None if unset."""
    if not value:
        return None
    return re.compile(value if isinstance(value, str) else "|".join(f"(?:{p})" for p in value),
                      flags)


def alternation(terms: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for lexicon terms, longest first."""
    terms = sorted({str(t) for t in terms}, key=len, reverse=True)
    return compile_terms(terms) if terms else None


def first_letters(words: list[str]) -> str:
    """A lookahead for the first characters of `words` ("" when one starts with a space, `*`
    or `-`, which the pattern reads as more than that character)."""
    if any(not w or w[0] in " *-" for w in words):
        return ""
    return f"(?=[{''.join(sorted({re.escape(w[0]) for w in words}))}])"


def fraction_trie(words: list[str]) -> str:
    """A lookahead for the fraction words up to a stem `*` as one trie (`prefix_trie`), read
    as their alternation reads them: every match of the alternation holds it, and most
    positions fail it at the first character or two."""
    pieces = [[r"[\s\-]+" if ch == " " else re.escape(ch) for ch in w.rstrip("*")] for w in words]
    trie = prefix_trie(pieces)
    return f"(?={trie})" if trie else ""


BASE_CACHE_SIZE = 1024  # texts whose first base term RateCues.base_in remembers


@dataclass
class RateCues:
    """Compiled cue words of one language (see the `rates` key of the lexicon files)."""

    word_pattern: re.Pattern[str] | None = None
    words: dict[str, float] = field(default_factory=dict)
    fraction_pattern: re.Pattern[str] | None = None
    fractions: dict[str, float] = field(default_factory=dict)
    fraction_cue: re.Pattern[str] | None = None  # fraction_pattern without its word edges
    base: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    payment: re.Pattern[str] | None = None
    recipient: re.Pattern[str] | None = None
    fund: re.Pattern[str] | None = None  # recipients that also pay out (a fund, a trust)
    ratio: re.Pattern[str] | None = None  # words that make "60/40" a split
    partitive: re.Pattern[str] | None = None  # "of", "из": a base put before the figure
    remainder: re.Pattern[str] | None = None  # the rest, còn lại, 其余
    source: re.Pattern[str] | None = None  # 来自, đến từ: where the money came from
    receive: re.Pattern[str] | None = None  # a fund that receives (gets, nhận, получает)
    same_again: re.Pattern[str] | None = None  # "ещё столько же": the figure before, again
    own: re.Pattern[str] | None = None  # "its", "своих": the base is the clause subject's own
    between: re.Pattern[str] | None = None  # "between", "между": the parties of a split follow
    not_share: re.Pattern[str] | None = None
    not_share_after: re.Pattern[str] | None = None
    not_share_clause: re.Pattern[str] | None = None
    reinvest: re.Pattern[str] | None = None
    # a reserve of the payer's own after the figure ("30% of profits in a legal reserve")
    retained: re.Pattern[str] | None = None
    # dividend words: a return on capital unless a profit base follows the figure ("35% of
    # distributable profits to shareholders" is a share of profit paid out)
    dividend: re.Pattern[str] | None = None
    # a word that pays a remainder on to a party named after it ("30% còn lại cho bệnh viện")
    pay_on: re.Pattern[str] | None = None
    beneficiary: re.Pattern[str] | None = None
    change: re.Pattern[str] | None = None
    change_to: re.Pattern[str] | None = None
    # a fee, rent or fixed return named after the figure (缴纳管理服务费): the name decides
    fee: re.Pattern[str] | None = None
    # words that hold a cue but are none (股份经济合作社, 不超过): cues inside them do not count
    shield_words: tuple[str, ...] = ()
    # what the sentence says before a figure that makes it a share's level (分成比例提高到 …),
    # a regular expression ending at the figure
    share_lead: re.Pattern[str] | None = None
    # what right after a figure names it a share (8%的分成款, 1%的生态捐赠), a regular
    # expression matched at the figure's end
    share_after: re.Pattern[str] | None = None
    # a recipient's own income named before the figure (村集体取得的合作收益 …): what it spends
    # of it is no share paid to it, a regular expression searched in the sentence's lead
    own_income: re.Pattern[str] | None = None
    # words right before a figure that point back to a share said elsewhere (这个三成半)
    refers_back: re.Pattern[str] | None = None
    # 其中: a clause led by it takes the base of the clause before ("可分配盈余，其中六成 …")
    partitive_after: re.Pattern[str] | None = None
    share_noun: re.Pattern[str] | None = None  # "phần của": a party's share named
    # names inside which no cue counts ("công ty cổ phần" is a firm, no stake)
    not_cue: re.Pattern[str] | None = None
    proposal: re.Pattern[str] | None = None  # "asked for", "đề nghị": a figure proposed
    # a range word that makes a band even after a change verb ("tăng từ 10% đến 12%")
    band_sep: re.Pattern[str] | None = None
    # a word that points back at a figure named before ("phần 10%", "khoản 25% kia")
    back_reference: re.Pattern[str] | None = None
    period: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    fraction_alone: re.Pattern[str] | None = None
    fraction_before: re.Pattern[str] | None = None
    # what after a fraction word makes it a count, not a part ("half a million", "a half times")
    fraction_not: re.Pattern[str] | None = None
    stop_words: frozenset[str] = frozenset()
    base_cache: dict[str, tuple[str, re.Match[str]] | None] = field(
        default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_lexicon(cls, data: dict) -> RateCues:
        words = {str(k).lower(): float(v) for k, v in (data.get("number_words") or {}).items()}
        fractions = {str(k).lower().rstrip("*"): fraction(v)
                     for k, v in (data.get("fractions") or {}).items()}
        word_pattern = None
        if words:
            alts = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                            for w in sorted(words, key=len, reverse=True))
            number = rf"(?:{alts})(?:[\s\-]+(?:{alts}))*"
            word_pattern = re.compile(
                rf"(?<!\w)({number})(?:{RANGE_SEP}({number}))?{PCT_WORD}", re.I)
        fraction_pattern = fraction_cue = None
        if fractions:
            # A trailing * in the lexicon marks a stem (половин* → половина, половину).
            raw = sorted((str(k).lower() for k in data["fractions"]), key=len, reverse=True)
            alts = "|".join(re.escape(w.rstrip("*")).replace(r"\ ", r"[\s\-]+")
                            + (r"\w*" if w.endswith("*") else "") for w in raw)
            first = first_letters(raw) + fraction_trie(raw)
            fraction_pattern = re.compile(rf"(?<!\w){first}({alts})(?!\w)", re.I)
            fraction_cue = re.compile(rf"{first}(?:{alts})", re.I)
        return cls(
            word_pattern=word_pattern, words=words, fraction_pattern=fraction_pattern,
            fractions=fractions, fraction_cue=fraction_cue,
            base=[(name, p) for name, terms in (data.get("base") or {}).items()
                  if (p := alternation(terms))],
            payment=alternation(data.get("payment") or []),
            recipient=alternation(data.get("recipient") or []),
            fund=alternation(data.get("fund") or []),
            ratio=alternation(data.get("ratio") or []),
            between=alternation(data.get("between") or []),
            own=alternation(data.get("own") or []),
            same_again=alternation(data.get("same_again") or []),
            receive=alternation(data.get("receive") or []),
            source=alternation(data.get("source") or []),
            remainder=alternation(data.get("remainder") or []),
            partitive=alternation(data.get("partitive") or []),
            not_share=alternation(data.get("not_share") or []),
            not_share_after=alternation(data.get("not_share_after") or []),
            not_share_clause=alternation(data.get("not_share_clause") or []),
            reinvest=alternation(data.get("reinvest") or []),
            retained=alternation(data.get("retained") or []),
            dividend=alternation(data.get("dividend") or []),
            pay_on=alternation(data.get("pay_on") or []),
            beneficiary=alternation(data.get("beneficiary") or []),
            change=alternation(data.get("change") or []),
            change_to=alternation(data.get("change_to") or []),
            fee=alternation(data.get("fee") or []),
            shield_words=tuple(str(w).lower() for w in data.get("shield") or ()),
            share_lead=lexicon_pattern(data.get("share_lead")),
            share_after=lexicon_pattern(data.get("share_after")),
            own_income=lexicon_pattern(data.get("own_income")),
            partitive_after=alternation(data.get("partitive_after") or []),
            refers_back=alternation(data.get("refers_back") or []),
            share_noun=alternation(data.get("share_noun") or []),
            not_cue=alternation(data.get("not_cue") or []),
            proposal=alternation(data.get("proposal") or []),
            band_sep=alternation(data.get("band_sep") or []),
            back_reference=alternation(data.get("back_reference") or []),
            period=[(name, p) for name, terms in (data.get("period") or {}).items()
                    if (p := alternation(terms))],
            fraction_alone=lexicon_pattern(data.get("fraction_alone"), re.I),
            fraction_before=lexicon_pattern(data.get("fraction_before"), re.I),
            fraction_not=lexicon_pattern(data.get("fraction_not"), re.I),
            stop_words=frozenset(str(w).lower() for w in data.get("stop_words") or ()),
        )

    def may_hold_rate(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] holds the cue of some scanner of `find_rates` (a per cent
        sign or word, a Chinese rate character, a fraction word): where none does, no span
        inside it holds a rate."""
        return bool(PCT_CUE.search(text, start, end) or CN_CUE.search(text, start, end)
                    or PERMILLE_CUE.search(text, start, end)
                    or RATIO_CUE.search(text, start, end)
                    or (self.same_again and self.same_again.search(text, start, end)) or (
            self.fraction_cue and self.fraction_cue.search(text, start, end)))

    def fraction_value(self, word: str) -> float | None:
        word = re.sub(r"[\s\-]+", " ", word.lower())
        for key in sorted(self.fractions, key=len, reverse=True):
            if word.startswith(key):
                return self.fractions[key]
        return None

    def word_number(self, text: str) -> float | None:
        """Sum of the number words of a compound (twenty-five, двадцать пять, hai mươi lăm)."""
        text = re.sub(r"\s+", " ", text.lower())
        keys = sorted(self.words, key=len, reverse=True)
        value, pos = 0.0, 0
        while pos < len(text):
            if text[pos] in " -":
                pos += 1
                continue
            key = next((k for k in keys if text.startswith(k, pos)), None)
            if key is None:
                return None
            word = self.words[key]
            value = (value or 1) * word if word == 100 else value + word
            pos += len(key)
        return value

    def hits(self, pattern: re.Pattern[str] | None, text: str) -> bool:
        """Whether `pattern` (a cue against a share) occurs in `text` other than inside a base
        term ("lợi nhuận sau thuế" is no tax cue, "staff turnover" is a staff cue) or a name
        (lexicon `not_cue`: "Công ty cổ phần" is no stake) and other than as a change word
        (changes are weighed on their own)."""
        if pattern is None:
            return False
        bases: list[tuple[int, int]] | None = None  # found once a cue is
        names: list[tuple[int, int]] = []
        for m in pattern.finditer(text):
            if bases is None:
                bases = [b.span() for _, p in self.base for b in p.finditer(text)]
                names = [n.span() for n in self.not_cue.finditer(text)] if self.not_cue else []
            if self.shield_words and self.shielded(text, m.start(), m.end()):
                continue
            if any(a <= m.start() and m.end() <= b and (a, b) != m.span() for a, b in bases):
                continue
            if any(a <= m.start() and m.end() <= b for a, b in names):
                continue
            if any((a, b) == m.span() for a, b in bases):
                continue
            if self.change and self.change.fullmatch(m.group(0)):
                continue
            return True
        return False

    def shielded(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] lies inside a shield word, also one the window `text` cuts
        off at either end (a cue window of a few characters: 支付给东坪村股份经)."""
        cue = text[start:end].lower()
        for word in self.shield_words:
            at = word.find(cue)
            while at >= 0:
                begin = start - at
                lo, hi = max(begin, 0), min(begin + len(word), len(text))
                if text[lo:hi].lower() == word[lo - begin:hi - begin]:
                    return True
                at = word.find(cue, at + 1)
        return False

    def base_in(self, text: str) -> tuple[str, re.Match[str]] | None:
        """The first base term (profit, revenue …) in `text` with its name."""
        # Each rate of a sentence asks about the same sentence and clause: remembered.
        cache = self.base_cache
        if text in cache:
            return cache[text]
        if len(cache) >= BASE_CACHE_SIZE:
            cache.clear()
        cache[text] = found = self.first_base(text)
        return found

    def first_base(self, text: str) -> tuple[str, re.Match[str]] | None:
        best: tuple[str, re.Match[str]] | None = None
        for name, pattern in self.base:
            m = pattern.search(text)
            if m and (best is None or (m.start(), -len(m.group(0))) < (
                    best[1].start(), -len(best[1].group(0)))):
                best = (name, m)
        return best


def numeric_mentions(text: str, start: int, end: int, cues: RateCues) -> list[RateMention]:
    found: list[RateMention] = []
    if not DIGIT.search(text, start, end):
        return found
    if PCT_CUE.search(text, start, end):
        found += percent_mentions(text, start, end, cues)
    if PERMILLE_CUE.search(text, start, end):
        for m in NUMERIC_PERMILLE.finditer(text, start, end):
            value = parse_number(m.group(1)) / 1000
            found.append(RateMention(m.start(), m.end(), value, value))
    return found


def percent_mentions(text: str, start: int, end: int, cues: RateCues) -> list[RateMention]:
    """Per cent figures and ranges; a change "from 17% to 21%" gives its figures apart."""
    found: list[RateMention] = []
    for m in NUMERIC_RANGE.finditer(text, start, end):
        lo_text, lo_pct, hi_text = ((m.group(1), m.group(2), m.group(3)) if m.group(1)
                                    else (m.group(4), m.group(5), m.group(6)))
        lo, hi = parse_number(lo_text), parse_number(hi_text)
        at = m.start(1) if m.group(1) else m.start(4)
        if CHANGE_SEP.search(m.group(0)) or (
                (lo_pct or FROM_BEFORE.search(text, max(start, at - 8), at))
                and is_change(text, start, m.start(), cues)
                and not (cues.band_sep and cues.band_sep.search(m.group(0)))):
            # "rose from 17% to 21%", "выросла с 11 до 19%": two figures, not a range (the
            # second is found alone; the first too when it has no sign of its own). A change
            # "by 7-10%" stays one range, and so does "tăng từ 10% đến 12%" (lexicon `band_sep`).
            if not lo_pct:
                found.append(RateMention(at, at + len(lo_text), lo / 100, lo / 100))
            continue
        found.append(RateMention(m.start(), m.end(), lo / 100, hi / 100))
    for m in NUMERIC_SINGLE.finditer(text, start, end):
        value = parse_number(m.group(1)) / 100
        found.append(RateMention(m.start(), m.end(), value, value))
    return found


CHANGE_WINDOW = 80  # characters before a "from X to Y" in which a change verb makes it two figures


def is_change(text: str, start: int, pos: int, cues: RateCues) -> bool:
    """Whether a change verb (rose, вырос, tăng, raising the share of …) stands before `pos`
    in the same clause."""
    window = text[max(start, pos - CHANGE_WINDOW):pos]
    window = CLAUSE_BREAK.split(window)[-1]
    return bool(cues.change and cues.change.search(window))


def chinese_mentions(text: str, start: int, end: int, cues: RateCues) -> list[RateMention]:
    found: list[RateMention] = []
    if not CN_CUE.search(text, start, end):
        return found
    for m in CN_PERCENT.finditer(text, start, end):
        lo = chinese_number(m.group(1))
        hi = chinese_number(m.group(2)) if m.group(2) else lo
        if lo is not None and hi is not None:
            found.append(RateMention(m.start(), m.end(), lo / 100, hi / 100))
    for m in CN_POINTS.finditer(text, start, end):
        value = 0.5 if m.group(1) == "半" else chinese_number(m.group(1))
        if value is not None:
            found.append(RateMention(m.start(), m.end(), value / 100, value / 100))
    for m in CN_TENTHS.finditer(text, start, end):
        half = 0.05 if m.group(3) else 0.0
        lo = chinese_number(m.group(1))
        hi = chinese_number(m.group(2)) if m.group(2) else lo
        if lo is not None and hi is not None:
            found.append(RateMention(m.start(), m.end(), lo / 10 + (0 if m.group(2) else half),
                                     hi / 10 + half))
    for m in CN_TENTHS_RANGE.finditer(text, start, end):
        lo, hi = chinese_number(m.group(1)), chinese_number(m.group(2))
        if lo is not None and hi is not None:
            found.append(RateMention(m.start(), m.end(), lo / 10, hi / 10 + (
                0.05 if m.group(3) else 0)))
    for m in CN_PERMILLE.finditer(text, start, end):
        value = chinese_number(m.group(1) or m.group(2))
        if value is not None:
            found.append(RateMention(m.start(), m.end(), value / 1000, value / 1000))
    for m in CN_PER_TEN_THOUSAND.finditer(text, start, end):
        value = chinese_number(m.group(1) or m.group(2))
        if value is not None:
            found.append(RateMention(m.start(), m.end(), value / 10000, value / 10000))
    for m in CN_TENTHS_PAIR.finditer(text, start, end):
        lo, hi = chinese_number(m.group(1)), chinese_number(m.group(2))
        if lo is not None and hi == lo + 1:
            found.append(RateMention(m.start(), m.end(), lo / 10, hi / 10))
    for m in CN_TENTHS_AND.finditer(text, start, end):
        tenths, hundredths = chinese_number(m.group(1)), chinese_number(m.group(2))
        if tenths is not None and hundredths is not None:
            value = tenths / 10 + hundredths / 100
            found.append(RateMention(m.start(), m.end(), value, value))
    for m in CN_DISCOUNT.finditer(text, start, end):
        if m.group(1):
            digits = m.group(1)
            value = float(digits) / 10 if "." in digits or len(digits) == 1 else int(digits) / 100
        else:
            value = CN_DIGIT_VALUES[m.group(2)] / 10 + (
                CN_DIGIT_VALUES[m.group(3)] / 100 if m.group(3) else 0)
        found.append(RateMention(m.start(), m.end(), value, value))
    for m in CN_BASIS_POINTS.finditer(text, start, end):
        value = chinese_number(m.group(1))
        if value is not None:
            found.append(RateMention(m.start(), m.end(), value / 10000, value / 10000))
    for m in CN_HALF.finditer(text, start, end):
        found.append(RateMention(m.start(), m.end(), 0.5, 0.5))
    for m in CN_FRACTION.finditer(text, start, end):
        whole, part = chinese_number(m.group(1)), chinese_number(m.group(2))
        if whole and part is not None and part < whole:
            found.append(RateMention(m.start(), m.end(), part / whole, part / whole))
    return found


def word_mentions(text: str, start: int, end: int, cues: RateCues) -> list[RateMention]:
    found = []
    if cues.word_pattern and PCT_CUE.search(text, start, end):
        for m in cues.word_pattern.finditer(text, start, end):
            lo = cues.word_number(m.group(1))
            hi = cues.word_number(m.group(2)) if m.group(2) else lo
            if lo is not None and hi is not None:
                found.append(RateMention(m.start(), m.end(), lo / 100, hi / 100))
    if cues.fraction_pattern:
        for m in cues.fraction_pattern.finditer(text, start, end):
            # A fraction is a rate only when a base (profit, revenue …) follows closely:
            # "a quarter of profits", not "every quarter".
            after = text[m.end():min(end, m.end() + 40)]
            found_base = cues.base_in(after)
            near_base = found_base is not None and found_base[1].start() < 25
            led = bool(cues.fraction_before and cues.fraction_before.search(
                text, max(start, m.start() - 15), m.start()))
            if not near_base and not led and not (
                    cues.fraction_alone and cues.fraction_alone.match(after)):
                continue
            if cues.fraction_not and cues.fraction_not.match(after):
                continue
            value = cues.fraction_value(m.group(1))
            if value is not None:
                found.append(RateMention(m.start(), m.end(), value, value))
    return found


def ratio_mentions(text: str, start: int, end: int, cues: RateCues) -> list[RateMention]:
    """The first party's part of a split ("50:50" → 0.5, 七三开 → 0.7)."""
    found: list[RateMention] = []
    if not RATIO_CUE.search(text, start, end):
        return found
    if cues.ratio and cues.ratio.search(text, start, end):
        for m in NUMERIC_RATIO.finditer(text, start, end):
            part, rest = int(m.group(1)), int(m.group(2))
            whole = part + rest
            if whole in (10, 100):  # 3:7 (tenths) or 30:70
                found.append(RateMention(m.start(), m.end(), part / whole, part / whole))
    for m in CN_RATIO.finditer(text, start, end):
        part, rest = CN_DIGIT_VALUES[m.group(1)], CN_DIGIT_VALUES[m.group(2)]
        if part + rest == 10:
            found.append(RateMention(m.start(), m.end(), part / 10, part / 10))
    return found


def find_rates(text: str, start: int, end: int, cues: RateCues) -> list[RateMention]:
    """Non-overlapping rate mentions in text[start:end], the longest reading first."""
    candidates = (numeric_mentions(text, start, end, cues)
                  + ratio_mentions(text, start, end, cues)
                  + chinese_mentions(text, start, end, cues)
                  + word_mentions(text, start, end, cues))
    candidates.sort(key=lambda r: (-(r.end - r.start), r.start))
    kept: list[RateMention] = []
    for cand in candidates:
        if cand.min > cand.max or cand.max > 10:
            continue
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return same_again(text, end, join_ranges(text, start, sorted(kept, key=lambda r: r.start),
                                             cues), cues)


def same_again(text: str, end: int, rates: list[RateMention],
               cues: RateCues) -> list[RateMention]:
    """"5% from residents, as much again from business": the figure before, said again."""
    if not rates or not cues.same_again:
        return rates
    out: list[RateMention] = []
    for i, rate in enumerate(rates):
        out.append(rate)
        stop = rates[i + 1].start if i + 1 < len(rates) else end
        m = cues.same_again.search(text, rate.end, stop)
        if m:
            out.append(RateMention(m.start(), m.end(), rate.min, rate.max))
    return out


RANGE_JOIN = re.compile(RANGE_SEP, re.I)
AND_JOIN = re.compile(AND_SEP, re.I)
BETWEEN_BEFORE = re.compile(r"(?:between|между|giữa|trong\s+khoảng)\s+$", re.I)


def join_ranges(text: str, start: int, rates: list[RateMention],
                cues: RateCues) -> list[RateMention]:
    """Two figures of different forms joined as a band ("between a fifth and a third",
    千分之五至百分之一) are one range; not when a change verb leads them ("from 9% to 17%")."""
    out: list[RateMention] = []
    for rate in rates:
        prev = out[-1] if out else None
        if (prev is not None and prev.min == prev.max and rate.min == rate.max
                and prev.max < rate.min and joined_as_band(text, start, prev, rate, cues)):
            out[-1] = RateMention(prev.start, rate.end, prev.min, rate.max)
        else:
            out.append(rate)
    return out


def joined_as_band(text: str, start: int, lo: RateMention, hi: RateMention,
                   cues: RateCues) -> bool:
    between = text[lo.end:hi.start]
    if RANGE_JOIN.fullmatch(between):
        return not CHANGE_SEP.search(between) and not is_change(text, start, lo.start, cues)
    return bool(AND_JOIN.fullmatch(between)
                and BETWEEN_BEFORE.search(text, max(start, lo.start - 20), lo.start))


def clause_span(text: str, sent_start: int, sent_end: int, pos: int,
                pos_end: int | None = None) -> tuple[int, int]:
    """The clause (between commas/semicolons) of the sentence that holds text[pos:pos_end]; a
    break inside that span ("5 – 7%") does not count."""
    pos_end = pos if pos_end is None else pos_end
    start, end = sent_start, sent_end
    for m in CLAUSE_BREAK.finditer(text, sent_start, sent_end):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos_end:
            end = m.start()
            break
    return start, end
