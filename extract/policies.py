"""Policy references: quoted titles (《》 〈〉 «» “”) and named laws, decrees and standards.

Journal, newspaper and book titles are told apart by reference marks ([J], [N] …), by endings
(日报, 学报 …) and by the lack of a document-type word. Short back-references (《意见》)
become `mentions` of the full title they refer to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .terms import term_regex

ZH_TITLE = re.compile(r"《([^《》]{2,120})》")
ZH_INNER = re.compile(r"〈([^〈〉]{2,120})〉")
ZH_TRAILER = re.compile(r"[（(](?:试行|暂行|修订|草案|征求意见稿)[)）]$")
ZH_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}(?:〔\d{4}〕|\[\d{4}\]|令第)\s*\d+\s*号")
RU_TITLE = re.compile(r"«([^«»]{3,300})»")
QUOTED = re.compile(r"[“\"]([^”\"]{3,200})[”\"]")
RU_NUMBER = re.compile(r"№\s*([\w\-/]+)")
EN_ACT = re.compile(
    r"(?:(?<=\bthe )|(?<=^)|(?<=[\s(]))((?:[A-Z][\w'’\-]*|\([A-Z][\w\s]*\)|of|on|and|for|the|under)"
    r"(?:\s+(?:[A-Z][\w'’\-]*|\([A-Z][\w\s]*\)|of|on|and|for|the|under))*\s+Act(?:\s+\d{4})?)")
EN_ISO = re.compile(r"\bISO(?:/IEC)?\s+\d{3,5}(?:[:\-]\d{4})?")
EN_DECREE = re.compile(r"\b(?:Decree|Resolution|Decision|Circular)\s+No\.?\s*[\w/\-]+")
VI_NUMBERED = re.compile(r"\b(Nghị định|Quyết định|Thông tư|Nghị quyết|Chỉ thị)\s+"
                         r"(?:số\s+)?(\d+(?:/\d{4})?/[A-ZĐa-zđ\-]+)")
# A law's name runs until a word that starts the rest of the sentence (năm, số, do, được …).
VI_LAW = re.compile(r"\bLuật(?:\s+(?!năm\b|số\b|do\b|được\b|và\b|của\b|này\b|đã\b|có\b)"
                    r"[\wÀ-ỹ]+){1,10}")
VI_PROGRAMME = re.compile(
    r"\b(?:Chương trình|Chiến lược|Đề án|Kế hoạch)\s+(?:tổng thể\s+)?[\wÀ-ỹ ]{5,80}?"
    r"giai đoạn\s+\d{4}\s*[–\-]\s*\d{4}")
YEAR_ZH = re.compile(r"(\d{4})\s*年")
YEAR_ANY = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
DATE_RU = re.compile(r"от\s+\d{1,2}\.\d{1,2}\.(\d{4})")


def normalise_title(title: str) -> str:
    """NFKC, folded, without spaces and quote marks: the form titles are compared in."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"[\s\"'“”«»《》〈〉‘’]+", "", text)


@dataclass
class PolicyMention:
    start: int
    end: int
    title: str
    doc_type: str | None
    number: str | None = None
    year: int | None = None
    mentions: list[list[int]] = field(default_factory=list)


@dataclass
class PolicyCues:
    doc_types: list[tuple[str, str]]  # (ending or leading word, doc_type), longest first
    not_endings: tuple[str, ...] = ()
    reference_marks: tuple[str, ...] = ()
    type_words: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    @classmethod
    def from_lexicon(cls, data: dict) -> PolicyCues:
        pairs = [(str(word), name) for name, words in (data.get("doc_types") or {}).items()
                 for word in words]
        pairs.sort(key=lambda p: len(p[0]), reverse=True)
        type_words = [(re.compile(term_regex(w), re.I), name) for w, name in pairs]
        return cls(pairs, tuple(data.get("not_policy_endings") or ()),
                   tuple(data.get("reference_marks") or ()), type_words)

    def type_of_ending(self, title: str) -> str | None:
        title = ZH_TRAILER.sub("", title).rstrip("”\"")
        if title.endswith(self.not_endings):
            return None
        return next((name for word, name in self.doc_types if title.endswith(word)), None)

    def type_of_word(self, text: str) -> str | None:
        """The doc type named by the last document-type word in `text` (Russian, English)."""
        best: tuple[int, int, str] | None = None  # (end, length, doc_type)
        for pattern, name in self.type_words:
            for m in pattern.finditer(text):
                key = (m.end(), m.end() - m.start(), name)
                if best is None or key[:2] > best[:2]:
                    best = key
        return best[2] if best else None


def year_before(text: str, start: int, lo: int) -> int | None:
    """The nearest year written before `start` (not before `lo`)."""
    window = text[lo:start]
    for pattern in (DATE_RU, YEAR_ZH, YEAR_ANY):
        found = list(pattern.finditer(window))
        if found:
            return int(found[-1].group(1))
    return None


def chinese_policies(text: str, s: int, e: int, cues: PolicyCues) -> list[PolicyMention]:
    found: list[PolicyMention] = []
    for m in ZH_TITLE.finditer(text, s, e):
        inner_start, title = m.start(1), m.group(1)
        if any(mark in text[m.end():m.end() + 10] for mark in cues.reference_marks):
            continue
        nested = ZH_INNER.search(title)
        if nested and cues.type_of_ending(nested.group(1)):
            inner_start, title = inner_start + nested.start(1), nested.group(1)
        doc_type = cues.type_of_ending(title)
        if doc_type is None:
            continue
        after = text[m.end():min(e, m.end() + 30)]
        number = ZH_NUMBER.search(after)
        found.append(PolicyMention(
            inner_start, inner_start + len(title), title, doc_type,
            number=re.sub(r"\s+", "", number.group(0)) if number else None,
            year=year_before(text, m.start(), s)))
    return found


def russian_policies(text: str, s: int, e: int, cues: PolicyCues) -> list[PolicyMention]:
    found = []
    for m in RU_TITLE.finditer(text, s, e):
        before = text[max(s, m.start() - 90):m.start()]
        title = m.group(1)
        doc_type = cues.type_of_word(before) or cues.type_of_word(title.split(" ", 1)[0])
        if doc_type is None:
            continue
        number = RU_NUMBER.search(before)
        found.append(PolicyMention(m.start(1), m.end(1), title, doc_type,
                                   number=number.group(1) if number else None,
                                   year=year_before(text, m.start(), max(s, m.start() - 90))))
    return found


def english_policies(text: str, s: int, e: int, cues: PolicyCues) -> list[PolicyMention]:
    found = []
    for m in EN_ACT.finditer(text, s, e):
        title = re.sub(r"^(?:The|the|Under|under|and|of|for|on)\s+", "", m.group(1))
        start = m.end(1) - len(title)
        if len(title.split()) < 2:
            continue
        year = YEAR_ANY.search(title)
        found.append(PolicyMention(start, m.end(1), title, "law",
                                   year=int(year.group(1)) if year else None))
    for m in EN_ISO.finditer(text, s, e):
        found.append(PolicyMention(m.start(), m.end(), m.group(0), "standard",
                                   number=m.group(0).split()[-1]))
    for m in EN_DECREE.finditer(text, s, e):
        number = m.group(0).split()[-1]
        year = YEAR_ANY.search(number)
        found.append(PolicyMention(m.start(), m.end(), m.group(0), cues.type_of_word(
            m.group(0)) or "decree", number=number, year=int(year.group(1)) if year else None))
    for m in QUOTED.finditer(text, s, e):
        title = m.group(1)
        doc_type = cues.type_of_word(title)
        words = title.split()
        if doc_type is None or not words or not all(
                w[0].isupper() or not w[0].isalpha() or len(w) <= 4 for w in words):
            continue
        year = YEAR_ANY.search(title)
        found.append(PolicyMention(m.start(1), m.end(1), title, doc_type,
                                   year=int(year.group(1)) if year else None))
    return found


def vietnamese_policies(text: str, s: int, e: int, cues: PolicyCues) -> list[PolicyMention]:
    found = []
    for m in VI_NUMBERED.finditer(text, s, e):
        number = m.group(2)
        year = YEAR_ANY.search(number)
        found.append(PolicyMention(m.start(), m.end(), m.group(0),
                                   cues.type_of_word(m.group(1)),
                                   number=number, year=int(year.group(1)) if year else None))
    for pattern in (VI_LAW, VI_PROGRAMME):
        for m in pattern.finditer(text, s, e):
            title = m.group(0).rstrip()
            found.append(PolicyMention(m.start(), m.start() + len(title), title,
                                       cues.type_of_word(title.split(" ", 1)[0]) or "law"))
    return found


FINDERS = {"zh": chinese_policies, "ru": russian_policies, "en": english_policies,
           "vi": vietnamese_policies}


def find_policies(text: str, s: int, e: int, lang: str, cues: PolicyCues) -> list[PolicyMention]:
    """Policy mentions in text[s:e] (one paragraph) of language `lang`, overlaps removed."""
    finder = FINDERS.get(lang)
    if finder is None:
        return []
    kept: list[PolicyMention] = []
    for cand in sorted(finder(text, s, e, cues), key=lambda p: -(p.end - p.start)):
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda p: p.start)


def fold_back_references(policies: list[PolicyMention], short: int = 6) -> list[PolicyMention]:
    """Short titles that end a longer, earlier title (《意见》) become its mentions."""
    kept: list[PolicyMention] = []
    for p in policies:
        if len(p.title) <= short:
            target = next((k for k in reversed(kept) if len(k.title) > len(p.title)
                           and normalise_title(k.title).endswith(normalise_title(p.title))),
                          None)
            if target is not None:
                target.mentions.append([p.start, p.end])
                continue
        kept.append(p)
    return kept
