"""Percentages and ranges in four languages → fractions, then profit_share vs other_rate.

`find_rates` parses expressions ("2%~5%", "от 10 до 20%", "百分之二十", "两成", "twenty per
cent", "one quarter of profits"); `classify_rate` reads the clause around one for who pays what
share of which base to whom. Cue words are data: `extract/lexicons/<lang>.yaml`, key `rates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .terms import term_regex

NUM = r"\d+(?:[.,]\d+)?"
PCT_SIGN = r"\s?[%％]"
PCT_WORD = r"\s*(?:per\s?cent|percent|процент\w*|phần\s+trăm)"
PCT = rf"(?:{PCT_SIGN}|{PCT_WORD})"
RANGE_SEP = r"\s*(?:~|～|〜|-|–|—|至|到|to|до|đến)\s*"
AND_SEP = r"\s+(?:and|и|và)\s+"
LEAD = r"(?:(?:от|from|between|từ)\s+)?"
NUMERIC_RANGE = re.compile(rf"{LEAD}({NUM})(?:{PCT})?(?:{RANGE_SEP}|{AND_SEP})({NUM}){PCT}", re.I)
NUMERIC_SINGLE = re.compile(rf"(?<!\d[.,])(?<!\d)({NUM}){PCT}", re.I)
CN_DIGITS = "零一二两三四五六七八九"
CN_DIGIT_VALUES = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
CN_NUM = rf"[{CN_DIGITS}十百点]+"
CN_PERCENT = re.compile(rf"百分之({CN_NUM})(?:(?:至|到|~|～|-|—)(?:百分之)?({CN_NUM}))?")
# 两成 = 20%; not 成立, 成为, 一成不变 …
CN_TENTHS = re.compile(
    rf"([{CN_DIGITS[1:]}])(?:(?:至|到|~|-)([{CN_DIGITS[1:]}]))?成(?![立为员本果功就不])")
CLAUSE_BREAK = re.compile(r"[，,；;：:]\s*")


def parse_number(text: str) -> float:
    return float(text.replace(",", "."))


def chinese_number(text: str) -> float | None:
    """二十五 → 25, 三点五 → 3.5, 十 → 10; None if it does not read as a number."""
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


@dataclass
class RateCues:
    """Compiled cue words of one language (see the `rates` key of the lexicon files)."""

    word_pattern: re.Pattern[str] | None = None
    words: dict[str, float] = field(default_factory=dict)
    fraction_pattern: re.Pattern[str] | None = None
    fractions: dict[str, float] = field(default_factory=dict)
    base: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    payment: re.Pattern[str] | None = None
    recipient: re.Pattern[str] | None = None
    not_share: re.Pattern[str] | None = None
    period: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)

    @classmethod
    def from_lexicon(cls, data: dict) -> RateCues:
        def alternation(terms: list[str]) -> re.Pattern[str] | None:
            terms = sorted(terms, key=len, reverse=True)
            return re.compile("|".join(term_regex(t) for t in terms), re.I) if terms else None

        words = {str(k).lower(): float(v) for k, v in (data.get("number_words") or {}).items()}
        fractions = {str(k).lower().rstrip("*"): float(v)
                     for k, v in (data.get("fractions") or {}).items()}
        word_pattern = None
        if words:
            alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            word_pattern = re.compile(
                rf"(?<!\w)({alts})(?:{RANGE_SEP}({alts}))?{PCT_WORD}", re.I)
        fraction_pattern = None
        if fractions:
            alts = "|".join(re.escape(w) + r"\w*" for w in sorted(fractions, key=len, reverse=True))
            fraction_pattern = re.compile(rf"(?<!\w)({alts})(?!\w)", re.I)
        return cls(
            word_pattern=word_pattern, words=words, fraction_pattern=fraction_pattern,
            fractions=fractions,
            base=[(name, p) for name, terms in (data.get("base") or {}).items()
                  if (p := alternation(terms))],
            payment=alternation(data.get("payment") or []),
            recipient=alternation(data.get("recipient") or []),
            not_share=alternation(data.get("not_share") or []),
            period=[(name, p) for name, terms in (data.get("period") or {}).items()
                    if (p := alternation(terms))],
        )

    def fraction_value(self, word: str) -> float | None:
        word = word.lower()
        for key in sorted(self.fractions, key=len, reverse=True):
            if word.startswith(key):
                return self.fractions[key]
        return None


def numeric_mentions(text: str, start: int, end: int) -> list[RateMention]:
    found = []
    for m in NUMERIC_RANGE.finditer(text, start, end):
        lo, hi = parse_number(m.group(1)), parse_number(m.group(2))
        found.append(RateMention(m.start(), m.end(), lo / 100, hi / 100))
    for m in NUMERIC_SINGLE.finditer(text, start, end):
        value = parse_number(m.group(1)) / 100
        found.append(RateMention(m.start(), m.end(), value, value))
    return found


def chinese_mentions(text: str, start: int, end: int) -> list[RateMention]:
    found = []
    for m in CN_PERCENT.finditer(text, start, end):
        lo = chinese_number(m.group(1))
        hi = chinese_number(m.group(2)) if m.group(2) else lo
        if lo is not None and hi is not None:
            found.append(RateMention(m.start(), m.end(), lo / 100, hi / 100))
    for m in CN_TENTHS.finditer(text, start, end):
        lo = chinese_number(m.group(1))
        hi = chinese_number(m.group(2)) if m.group(2) else lo
        if lo is not None and hi is not None:
            found.append(RateMention(m.start(), m.end(), lo / 10, hi / 10))
    return found


def word_mentions(text: str, start: int, end: int, cues: RateCues) -> list[RateMention]:
    found = []
    if cues.word_pattern:
        for m in cues.word_pattern.finditer(text, start, end):
            lo = cues.words[m.group(1).lower()]
            hi = cues.words[m.group(2).lower()] if m.group(2) else lo
            found.append(RateMention(m.start(), m.end(), lo / 100, hi / 100))
    if cues.fraction_pattern:
        for m in cues.fraction_pattern.finditer(text, start, end):
            # A fraction is a rate only when a base (profit, revenue …) follows closely:
            # "a quarter of profits", not "every quarter".
            after = text[m.end():min(end, m.end() + 40)]
            if not any((b := p.search(after)) and b.start() < 25 for _, p in cues.base):
                continue
            value = cues.fraction_value(m.group(1))
            if value is not None:
                found.append(RateMention(m.start(), m.end(), value, value))
    return found


def find_rates(text: str, start: int, end: int, cues: RateCues) -> list[RateMention]:
    """Non-overlapping rate mentions in text[start:end], the longest reading first."""
    candidates = (numeric_mentions(text, start, end) + chinese_mentions(text, start, end)
                  + word_mentions(text, start, end, cues))
    candidates.sort(key=lambda r: (-(r.end - r.start), r.start))
    kept: list[RateMention] = []
    for cand in candidates:
        if cand.min > cand.max or cand.max > 10:
            continue
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda r: r.start)


def clause_span(text: str, sent_start: int, sent_end: int, pos: int) -> tuple[int, int]:
    """The clause (between commas/semicolons) of the sentence that contains `pos`."""
    start, end = sent_start, sent_end
    for m in CLAUSE_BREAK.finditer(text, sent_start, sent_end):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def first_match(pattern: re.Pattern[str] | None, text: str) -> re.Match[str] | None:
    return pattern.search(text) if pattern else None


def classify_rate(sentence: str, clause: str, cues: RateCues) -> tuple[str, dict, float]:
    """(label, attrs, confidence) for a rate in `clause` of `sentence`."""
    base = next((name for name, p in cues.base if p.search(clause)), None)
    sentence_base = base or next((name for name, p in cues.base if p.search(sentence)), None)
    pays = first_match(cues.payment, sentence) is not None
    to_recipient = first_match(cues.recipient, sentence) is not None
    negative = first_match(cues.not_share, clause) is not None
    if negative and base is None:
        return "other_rate", {}, 0.85
    if sentence_base and (pays or to_recipient):
        period = next((name for name, p in cues.period if p.search(sentence)), None)
        confidence = 0.9 if base else 0.7
        return "profit_share", {"base": sentence_base, "period": period}, confidence
    return "other_rate", {}, 0.8
