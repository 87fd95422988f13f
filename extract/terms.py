"""Lexicon terms (actors, stages) matched on the search form of the clean text.

Entries live in `extract/lexicons/<lang>.yaml`. A trailing `*` marks a stem (Russian and
English inflection: `добровол*`, `volunteer*`); CJK terms match anywhere, others on word edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..corpus.lexicon import parse_yaml

CJK_START = re.compile(r"[\u3400-\u9fff]")


def read_extract_lexicon(lang: str) -> dict:
    """The raw YAML of one language's extraction lexicon (package data)."""
    path = resources.files("cominer.extract").joinpath("lexicons", f"{lang}.yaml")
    return parse_yaml(path.read_text(encoding="utf-8")) or {}


UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"


def compile_named_orgs(heads: dict, head_first: bool = False
                       ) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One case-sensitive pattern for organisation names: 1–5 capitalised words (with
    of/for/and/& between them) then a head word from the lexicon's `named_orgs` (label → head
    words), or, for head-first languages (Vietnamese: Sở Y tế, Trung tâm Hành động …), the head
    word then capitalised words."""
    by_head = {h.lower(): label for label, words in heads.items() for h in words or []}
    if not by_head:
        return None, {}
    alternatives = head_alternatives(heads)
    word = rf"[{UPPER}][\w'’&\-]*"
    if head_first:
        # capitalised words, up to three lower-case syllables between two of them
        tail = rf"\s+{word}(?:(?:\s+(?:[\w\-]+|–|-|,)){{0,3}}?\s+{word})*"
        return re.compile(rf"(?<![\w\-])(?P<head>{alternatives}){tail}(?![\w\-])"), by_head
    pattern = re.compile(rf"(?<![\w\-])(?:{word}\s+(?:(?:of|for|and|&|the)\s+)?){{1,5}}"
                         rf"(?P<head>{alternatives})(?![\w\-])")
    return pattern, by_head


def head_alternatives(heads: dict) -> str:
    """The head words of `named_orgs` (label → words) as one alternation, longest first."""
    return "|".join(re.escape(h) for h in sorted(
        {h for words in heads.values() for h in words or []}, key=len, reverse=True))


def compile_head_cue(heads: dict) -> re.Pattern[str] | None:
    """The head words alone: every named-organisation match holds one, and this plain
    alternation of literals lets `re` skip along the text fast (the full pattern starts with
    a lookbehind and is tried at every position)."""
    alternatives = head_alternatives(heads)
    return re.compile(alternatives) if alternatives else None


QUOTE_OPENERS = "«「“\""  # what a quoted name after a head word opens with
QUOTE_CUE = re.compile(f"[{QUOTE_OPENERS}]")  # in every compile_quoted_orgs match


def compile_quoted_orgs(heads: dict) -> re.Pattern[str] | None:
    """Head word + a quoted name is a registered body (фонд «Здоровое село», 基金会「…」), even
    where the head word alone is not an actor (a fund that is only a pot of money). Each label
    is a named group, so `lastgroup` gives the label."""
    groups = []
    for label, words in heads.items():
        alts = "|".join(term_regex(w).replace(r"(?<![\w\-])", "") for w in sorted(
            words or [], key=len, reverse=True))
        if alts:
            groups.append(f"(?P<{label}>{alts})")
    if not groups:
        return None
    return re.compile(rf"(?<![\w\-])(?:{'|'.join(groups)})\s?[{QUOTE_OPENERS}]"
                      rf"[^«»「」“”\"\n]{{1,60}}[»」”\"]", re.IGNORECASE)


def term_regex(term: str) -> str:
    """Regex of one entry: `*` is any word ending, spaces are any white space; non-CJK terms
    must start (and, without a final `*`, end) on a word edge."""
    term = term.strip()
    body = "".join(r"[\w\-]*" if ch == "*" else r"\s+" if ch == " " else re.escape(ch)
                   for ch in term)
    if CJK_START.match(term):
        return body
    return rf"(?<![\w\-]){body}" + ("" if term.endswith("*") else r"(?![\w])")


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    type: str
    label: str
    term: str


WORD = re.compile(r"[^\W\d_][\w\-]*")
WORD_EDGE = r"(?<![\w\-])"  # how term_regex starts a non-CJK term


def first_chars(terms: list[str]) -> dict[str, list[str]] | None:
    """Blocked terms by first character; None when a term can start with anything but a
    literal character (a leading `*` or space)."""
    out: dict[str, list[str]] = {}
    for term in terms:
        term = term.strip()
        if not term or term[0] in "* ":
            return None
        out.setdefault(term[0], []).append(term)
    return out


def term_prefix(term: str) -> list[str]:
    """Regexes of a term's characters after the first, up to a stem `*`: what every match of
    the term reads there (as in `term_regex`)."""
    out: list[str] = []
    if term.startswith("*"):
        return out  # the first character is itself a stem: nothing is known after it
    for ch in term[1:]:
        if ch == "*":
            break
        out.append(r"\s+" if ch == " " else re.escape(ch))
    return out


def prefix_trie(prefixes: list[list[str]]) -> str:
    """A regex matching where any of the prefixes (lists of one-character regexes) matches,
    shared beginnings written once; "" when one prefix is empty (anything matches).

    `re` tries the alternatives of an alternation one by one; in a trie each character
    narrows them."""
    branches: dict[str, list[list[str]]] = {}
    for prefix in prefixes:
        if not prefix:
            return ""
        branches.setdefault(prefix[0], []).append(prefix[1:])
    alternatives = [first + prefix_trie(rest) for first, rest in branches.items()]
    return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"


def prefilter(terms: list[str]) -> str:
    """A lookahead that holds wherever one of the terms can match: its first character, then
    the rest of its prefix (`prefix_trie`); "" when a term can start anywhere (`*` first).

    Before an alternation of the terms it changes no match: `re` tries every alternative at
    every position, the lookahead turns most positions down at once."""
    terms = [t.strip() for t in terms]
    if not terms or any(not t or t[0] == "*" for t in terms):
        return ""
    firsts = "".join(sorted({re.escape(t[0]) for t in terms}))
    trie = prefix_trie([[re.escape(t[0]), *term_prefix(t)] for t in terms])
    return f"(?=[{firsts}])(?={trie})"


def compile_terms(terms: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern of the terms (`term_regex`, tried in the given order) behind their
    `prefilter`."""
    alternatives = "|".join(term_regex(t) for t in terms)
    return re.compile(f"{prefilter(terms)}(?:{alternatives})", flags)


def start_positions(terms: dict[str, list[str]] | None, flags: int) -> re.Pattern[str] | None:
    """A regex finding every position where one of the terms (grouped by first character)
    can start: the character itself (after a word edge when all of that character's terms
    begin with one), then the rest of some term's prefix, case-insensitively."""
    if terms is None:
        return None
    edged = sorted(ch for ch, group in terms.items()
                   if not any(CJK_START.match(t) for t in group))
    free = sorted(ch for ch in terms if ch not in edged)

    def starts_with(ch: str) -> str:
        rest = prefix_trie([term_prefix(t) for t in terms[ch]])
        return re.escape(ch) + (f"(?i:{rest})" if rest else "")

    parts = [f"{WORD_EDGE}(?:{'|'.join(map(starts_with, edged))})"] if edged else []
    parts += [f"(?:{'|'.join(map(starts_with, free))})"] if free else []
    # The first characters as one set, tried first: most positions fail it at once.
    firsts = "".join(map(re.escape, sorted(terms)))
    return re.compile(f"(?=[{firsts}])(?:{'|'.join(parts)})", flags) if parts else None


def merge_longer(found: list[TermMatch], extra: list[TermMatch]) -> list[TermMatch]:
    """Add matches from a second matcher; where two overlap, the longer one stays."""
    out = list(found)
    for m in extra:
        rivals = [t for t in out if t.start < m.end and m.start < t.end]
        if all(m.end - m.start > t.end - t.start for t in rivals):
            out = [t for t in out if t not in rivals] + [m]
    return sorted(out, key=lambda t: t.start)


@lru_cache(maxsize=1)
def russian_analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def russian_lemma(word: str) -> str:
    """The pymorphy3 normal form of a Russian word (lower case; ё kept as е)."""
    return russian_analyzer().parse(word.lower())[0].normal_form.replace("ё", "е")


@dataclass(frozen=True)
class LemmaTerms:
    """Terms written as lemma sequences (`lemmas: {actor: {citizen: [пожилой человек]}}`),
    matched on the pymorphy3 lemmas of the words, so every inflected form is found and no
    stem over-matches (детской is not ребёнок)."""

    by_first: dict[str, list[tuple[tuple[str, ...], str, str]]]

    @classmethod
    def from_lexicon(cls, data: dict) -> LemmaTerms | None:
        by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for fact_type in ("actor", "stage"):
            for label, terms in (data.get(fact_type) or {}).items():
                for term in terms or []:
                    lemmas = tuple(russian_lemma(w) for w in term.split())
                    by_first.setdefault(lemmas[0], []).append((lemmas, fact_type, label))
        for entries in by_first.values():
            entries.sort(key=lambda e: len(e[0]), reverse=True)
        return cls(by_first) if by_first else None

    def find(self, text: str, start: int, end: int) -> list[TermMatch]:
        lemmas = list(map(russian_lemma, WORD.findall(text, start, end)))
        if not any(lemma in self.by_first for lemma in lemmas):
            return []
        words = [(m.start(), m.end(), lemma)
                 for m, lemma in zip(WORD.finditer(text, start, end), lemmas, strict=True)]
        found = []
        i = 0
        while i < len(words):
            hit = None
            for lemmas, fact_type, label in self.by_first.get(words[i][2], ()):
                n = len(lemmas)
                if tuple(w[2] for w in words[i:i + n]) == lemmas:
                    hit = (n, fact_type, label)
                    break
            if hit is None:
                i += 1
                continue
            n, fact_type, label = hit
            a, b = words[i][0], words[i + n - 1][1]
            found.append(TermMatch(a, b, fact_type, label, text[a:b]))
            i += n
        return found


@dataclass(frozen=True)
class TermMatcher:
    """Alternations per first character; group names map back to (type, label).

    One alternation of every term is slow in `re` (each alternative is tried at each
    position), so terms are grouped by their first letter (case-folded) and only positions
    whose letter starts some term are tried. A first letter's alternation is compiled when a
    term may start with it the first time (`compile_first`): compiling them all is most of
    the lexicon's start-up, and many letters never start a term in a given run."""

    by_first: dict[str, str]  # regex source of the alternation, case-insensitive
    groups: dict[str, tuple[str, str]]
    blocked: re.Pattern[str] | None
    place_stop: str = ""  # characters a place name before an issuing body never contains
    place_suffixes: str = ""
    named_orgs: re.Pattern[str] | None = None  # Capitalised Name + head word (Eastgate Trust)
    org_heads: dict[str, str] = field(default_factory=dict)  # head word (lower) → label
    lemma_terms: LemmaTerms | None = None  # Russian: terms written as lemmas (пожилой человек)
    quoted_orgs: re.Pattern[str] | None = None  # head + quoted name (фонд «Здоровое село»)
    # Where a term (a blocked term) can start: its first character, after a word edge when
    # every term with that character must start on one. Only these positions are tried.
    starts: re.Pattern[str] | None = None
    blocked_starts: re.Pattern[str] | None = None
    named_heads: re.Pattern[str] | None = None  # the head words of named_orgs: a cheap test
    compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False,
                                                 compare=False)  # by_first, compiled so far

    @classmethod
    def from_lexicon(cls, data: dict) -> TermMatcher:
        entries: list[tuple[str, str, str]] = []
        for fact_type in ("actor", "stage"):
            for label, terms in (data.get(fact_type) or {}).items():
                entries.extend((fact_type, label, t.strip()) for t in terms or [] if t.strip())
        # Longest terms first, so 社区居委会 wins over 社区 and "local authority" over "local".
        entries.sort(key=lambda e: len(e[2].rstrip("*")), reverse=True)
        groups: dict[str, tuple[str, str]] = {}
        parts: dict[str, list[str]] = {}
        firsts: dict[str, list[str]] = {}  # the terms of each first character
        for i, (fact_type, label, term) in enumerate(entries):
            name = f"t{i}"
            groups[name] = (fact_type, label)
            for first in {term[0].lower(), term[0].upper()}:
                parts.setdefault(first, []).append(f"(?P<{name}>{term_regex(term)})")
                firsts.setdefault(first, []).append(term)
        by_first = {ch: "|".join(alts) for ch, alts in parts.items()}
        blocked_terms = (data.get("not_actor") or []) + (data.get("not_stage") or [])
        blocked = compile_terms(blocked_terms) if blocked_terms else None
        starts = start_positions(firsts, 0)
        blocked_starts = (start_positions(first_chars(blocked_terms), re.IGNORECASE)
                          if blocked_terms else None)
        named, heads = compile_named_orgs(data.get("named_orgs") or {},
                                          data.get("named_orgs_order") == "head_first")
        lemmas = LemmaTerms.from_lexicon(data.get("lemmas") or {})
        return cls(by_first, groups, blocked, str(data.get("place_stop_chars") or ""),
                   str(data.get("place_suffixes") or ""), named, heads, lemmas,
                   compile_quoted_orgs(data.get("quoted_orgs") or {}), starts, blocked_starts,
                   compile_head_cue(data.get("named_orgs") or {}))

    def compile_first(self, ch: str) -> re.Pattern[str] | None:
        """The compiled alternation of the terms starting with `ch` (None when none does),
        compiled once per process."""
        source = self.by_first.get(ch)
        if source is None:
            return None
        pattern = self.compiled[ch] = re.compile(source, re.IGNORECASE)
        return pattern

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
        if not self.by_first and self.lemma_terms is None and self.quoted_orgs is None:
            return []
        blocked_spans = self.blocked_spans(text, start, end)
        found: list[TermMatch] = []
        i = start
        compiled = self.compiled
        starts = self.starts
        while i < end:
            if starts is not None:  # jump to the next position where a term can start
                next_start = starts.search(text, i, end)
                if next_start is None:
                    break
                i = next_start.start()
            pattern = compiled.get(text[i]) or self.compile_first(text[i])
            m = pattern.match(text, i, end) if pattern is not None else None
            if m is None or m.end() == i:
                i += 1
                continue
            i = m.end()
            if blocked_spans and any(bs <= m.start() < be for bs, be in blocked_spans):
                continue
            fact_type, label = self.groups[m.lastgroup]
            match = TermMatch(m.start(), m.end(), fact_type, label, m.group(0))
            floor = found[-1].end if found else start
            found.append(self.widen_place(text, match, floor))
        if self.lemma_terms is not None:
            found = merge_longer(found, self.lemma_terms.find(text, start, end))
        if self.quoted_orgs is not None and QUOTE_CUE.search(text, start, end):
            found = merge_longer(found, [
                TermMatch(m.start(), m.end(), "actor", str(m.lastgroup), m.group(0))
                for m in self.quoted_orgs.finditer(text, start, end)])
        return self.add_named_orgs(text, start, end, found) if self.named_orgs else found

    def blocked_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of blocked terms in text[start:end], as `blocked.finditer` finds them."""
        if self.blocked is None:
            return []
        if self.blocked_starts is None:
            return [m.span() for m in self.blocked.finditer(text, start, end)]
        spans = []
        i = start
        while True:
            # No blocked term matches empty (each starts with a literal character), so trying
            # only the possible start positions finds what finditer finds.
            candidate = self.blocked_starts.search(text, i, end)
            if candidate is None:
                return spans
            m = self.blocked.match(text, candidate.start(), end)
            if m is None:
                i = candidate.start() + 1
                continue
            spans.append(m.span())
            i = m.end()

    def add_named_orgs(self, text: str, start: int, end: int,
                       found: list[TermMatch]) -> list[TermMatch]:
        """A capitalised name ending in an organisation head word is one actor; a lexicon term
        that ends with the name keeps its (more specific) label, terms inside it are dropped."""
        assert self.named_orgs is not None
        if self.named_heads is not None and not self.named_heads.search(text, start, end):
            return found  # no head word: no named organisation
        out = list(found)
        for m in self.named_orgs.finditer(text, start, end):
            a, b = m.span()
            if self.blocked and self.blocked.match(text, a):
                continue  # a place named like a body (Hội An)
            inner = [t for t in out if a <= t.start and t.end <= b]
            if any(t.start < b and a < t.end and t not in inner for t in out):
                continue  # crosses a term's edge: leave both alone
            if inner and len(inner) == 1 and (inner[0].start, inner[0].end) == (a, b):
                continue
            last = next((t for t in reversed(inner) if t.end == b and t.type == "actor"), None)
            label = last.label if last else self.org_heads[m.group("head").lower()]
            out = [t for t in out if t not in inner]
            out.append(TermMatch(a, b, "actor", label, m.group(0)))
        return sorted(out, key=lambda t: t.start)
