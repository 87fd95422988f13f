"""Lexicon terms (actors, stages) matched on the search form of the clean text.

Entries live in `extract/lexicons/<lang>.yaml`. A trailing `*` marks a stem (Russian and
English inflection: `добровол*`, `volunteer*`); CJK terms match anywhere, others on word edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

CJK_START = re.compile(r"[\u3400-\u9fff]")


def read_extract_lexicon(lang: str) -> dict:
    """The raw YAML of one language's extraction lexicon (package data)."""
    path = resources.files("cominer.extract").joinpath("lexicons", f"{lang}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def term_regex(term: str) -> str:
    """Regex of one entry: `*` is any word ending, spaces are any white space; non-CJK terms
    must start (and, without a final `*`, end) on a word edge."""
    term = term.strip()
    body = "".join(r"[\w\-]*" if ch == "*" else r"\s+" if ch == " " else re.escape(ch)
                   for ch in term)
    if CJK_START.match(term):
        return body
    return rf"(?<![\w\-]){body}" + ("" if term.endswith("*") else r"(?![\w])")


def first_char_guard(terms: list[str]) -> str:
    """A lookahead for the characters a term can start with ("" if some term starts with a
    wildcard): the alternation is then tried only where a term may begin, which makes the
    scan about 1.5 times faster with the same matches."""
    firsts: set[str] = set()
    for term in terms:
        term = str(term).strip()
        if not term or term[0] in "* ":
            return ""
        firsts |= {term[0], term[0].lower(), term[0].upper(), term[0].casefold()}
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    type: str
    label: str
    term: str


@dataclass(frozen=True)
class TermMatcher:
    """One compiled alternation per language; group names map back to (type, label)."""

    pattern: re.Pattern[str] | None
    groups: dict[str, tuple[str, str]]
    blocked: re.Pattern[str] | None
    place_stop: str = ""  # characters a place name before an issuing body never contains
    place_suffixes: str = ""

    @classmethod
    def from_lexicon(cls, data: dict) -> TermMatcher:
        entries: list[tuple[str, str, str]] = []
        for fact_type in ("actor", "stage"):
            for label, terms in (data.get(fact_type) or {}).items():
                entries.extend((fact_type, label, t) for t in terms or [])
        # Longest terms first, so 社区居委会 wins over 社区 and "local authority" over "local".
        entries.sort(key=lambda e: len(e[2].rstrip("*")), reverse=True)
        groups: dict[str, tuple[str, str]] = {}
        parts = []
        for i, (fact_type, label, term) in enumerate(entries):
            name = f"t{i}"
            groups[name] = (fact_type, label)
            parts.append(f"(?P<{name}>{term_regex(term)})")
        pattern = (re.compile(first_char_guard([t for _, _, t in entries]) + "(?:"
                              + "|".join(parts) + ")", re.IGNORECASE) if parts else None)
        blocked_terms = data.get("not_actor") or []
        blocked = (re.compile("|".join(term_regex(t) for t in blocked_terms), re.IGNORECASE)
                   if blocked_terms else None)
        return cls(pattern, groups, blocked, str(data.get("place_stop_chars") or ""),
                   str(data.get("place_suffixes") or ""))

    def widen_place(self, text: str, match: TermMatch, floor: int) -> TermMatch:
        """成都 + 市人民政府: take the place name written before a government or party term."""
        if not self.place_suffixes or match.label not in ("government", "party"):
            return match
        begin = match.start
        while (begin > max(floor, match.start - 6) and CJK_START.match(text[begin - 1])
               and text[begin - 1] not in self.place_stop):
            begin -= 1
        if begin == match.start or not (match.term[0] in self.place_suffixes
                                        or text[match.start - 1] in self.place_suffixes):
            return match
        return TermMatch(begin, match.end, match.type, match.label, text[begin:match.end])

    def find(self, text: str, start: int, end: int) -> list[TermMatch]:
        """Non-overlapping term matches in text[start:end]."""
        if self.pattern is None:
            return []
        blocked_spans = ([m.span() for m in self.blocked.finditer(text, start, end)]
                         if self.blocked else [])
        found = []
        for m in self.pattern.finditer(text, start, end):
            if any(bs <= m.start() < be for bs, be in blocked_spans):
                continue
            fact_type, label = self.groups[m.lastgroup]
            match = TermMatch(m.start(), m.end(), fact_type, label, m.group(0))
            floor = found[-1].end if found else start
            found.append(self.widen_place(text, match, floor))
        return found
