"""The spam and chrome lexicon: per-language YAML data files merged and compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("zh", "ru", "vi", "en")
# libyaml's C parser where PyYAML was built with it: the same data, several times faster (the
# lexicons are parsed at every start-up).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """YAML text as data, exactly as `yaml.safe_load` reads it."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def read_lexicon_file(lang: str) -> dict:
    """The raw YAML of one language's spam/chrome lexicon (package data)."""
    path = resources.files("cominer.corpus").joinpath("lexicons", f"{lang}.yaml")
    return parse_yaml(path.read_text(encoding="utf-8")) or {}


CJK = re.compile(r"[\u3400-\u9fff]")


def compile_each(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    """One regex per pattern, not one alternation of them all: Python's engine skips ahead to a
    pattern's literal prefix or first-character set, which a joined alternation loses (half
    the patterns here start with a literal, and a line mostly matches none)."""
    return tuple(re.compile(p) for p in patterns)
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def first_character_class(chars: set[str]) -> re.Pattern[str] | None:
    """A regex matching any one of `chars` (None for none)."""
    return re.compile("[" + "".join(sorted(map(re.escape, chars))) + "]") if chars else None


@dataclass(frozen=True)
class KeywordIndex:
    """Spam keywords as hash lookups instead of one huge regex alternation (which Python
    tries term by term at every position): words and word n-grams for alphabetic scripts,
    substrings of the known lengths for CJK."""

    words: dict[str, str]  # "free spins" → category
    max_words: int
    first_words: frozenset[str]  # first word of every keyword: n-grams start only there
    cjk: dict[str, str]  # "澳门赌场" → category
    cjk_lengths: tuple[int, ...]
    cjk_first: frozenset[str] = frozenset()  # first character of every CJK keyword
    cjk_start: re.Pattern[str] | None = None  # one of those characters: where a keyword may start
    # the first two characters of every CJK keyword (None if one is shorter): most places a
    # first character matches go no further
    cjk_heads: frozenset[str] | None = None

    @classmethod
    def build(cls, terms: dict[str, list[str]]) -> KeywordIndex:
        words: dict[str, str] = {}
        cjk: dict[str, str] = {}
        for category, items in terms.items():
            for term in items:
                term = " ".join(str(term).casefold().split())
                if not term:
                    continue
                if CJK.search(term):
                    cjk.setdefault(term, category)
                else:
                    words.setdefault(" ".join(WORD.findall(term)), category)
        return cls(words, max((len(w.split()) for w in words), default=0),
                   frozenset(w.split()[0] for w in words if w), cjk,
                   tuple(sorted({len(t) for t in cjk}, reverse=True)),
                   frozenset(t[0] for t in cjk), first_character_class({t[0] for t in cjk}),
                   frozenset(t[:2] for t in cjk) if all(len(t) >= 2 for t in cjk) else None)

    def find(self, line: str) -> list[tuple[str, str]]:
        """(matched text, category) for every keyword in the line."""
        folded = line.casefold()
        hits: list[tuple[str, str]] = []
        if self.words:
            tokens = WORD.findall(folded)
            # most lines hold no keyword's first word: one set test spares the loop
            for i in range(len(tokens) if not self.first_words.isdisjoint(tokens) else 0):
                if tokens[i] not in self.first_words:
                    continue
                for n in range(min(self.max_words, len(tokens) - i), 0, -1):
                    gram = " ".join(tokens[i:i + n])
                    if gram in self.words:
                        hits.append((gram, self.words[gram]))
                        break
        if self.cjk_start is not None and CJK.search(folded):
            start = self.cjk_start.search(folded)  # the regex skips where no keyword starts
            while start:
                i = after = start.start()
                if self.cjk_heads is None or folded[i:i + 2] in self.cjk_heads:
                    for n in self.cjk_lengths:
                        piece = folded[i:i + n]
                        if len(piece) == n and piece in self.cjk:
                            hits.append((piece, self.cjk[piece]))
                            after += n - 1
                            break
                start = self.cjk_start.search(folded, after + 1)
        return hits


@dataclass(frozen=True)
class ChromeLexicon:
    """Compiled spam keywords and chrome patterns of all languages.

    Spam on these sites is often in another language than the article (Chinese casino blocks on
    English pages), so every line is checked against every language's lists.
    """

    spam: KeywordIndex
    contact: tuple[re.Pattern[str], ...]
    hotline: tuple[re.Pattern[str], ...]  # contacts cut even from inside a longer line
    related_markers: frozenset[str]
    trailing_marker: re.Pattern[str] | None  # a related-list marker stuck to a line's end
    comment_markers: frozenset[str]
    reference_markers: frozenset[str]
    nav_terms: frozenset[str]
    footer: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    ordinals: dict[str, int]  # sentence-opening ordinal marker (folded) → its rank
    spam_cues: tuple[re.Pattern[str], ...] = ()  # weak cues the spam-line model needs

    @classmethod
    def load(cls, languages: tuple[str, ...] = LANGUAGES) -> ChromeLexicon:
        spam_terms: dict[str, list[str]] = {}
        ordinals: dict[str, int] = {}
        keys = ("contact", "hotline", "spam_cues", "related_markers", "comment_markers",
                "reference_markers", "nav_terms", "footer", "byline")
        merged: dict[str, list[str]] = {k: [] for k in keys}
        for lang in languages:
            data = read_lexicon_file(lang)
            for category, terms in (data.get("spam") or {}).items():
                spam_terms.setdefault(category, []).extend(terms)
            for key in merged:
                merged[key].extend(data.get(key) or [])
            for rank, markers in enumerate((data.get("discourse") or {}).get("ordinals") or []):
                ordinals.update({m.casefold(): rank for m in markers})
        return cls(
            spam=KeywordIndex.build(spam_terms),
            contact=tuple(re.compile(p) for p in merged["contact"] + merged["hotline"]),
            hotline=tuple(re.compile(p) for p in merged["hotline"]),
            spam_cues=compile_each(merged["spam_cues"]),
            related_markers=frozenset(m.casefold() for m in merged["related_markers"]),
            # only after a finished sentence and as written ("…usage. Related articles"), so
            # "…is highly recommended" keeps its last word
            trailing_marker=re.compile(
                r"(?<=[.!?。！？”\"])\s*(?:" + "|".join(re.escape(m) for m in sorted(
                    merged["related_markers"], key=len, reverse=True)) + r")\s*[:：]?\s*$"
                ) if merged["related_markers"] else None,
            comment_markers=frozenset(m.casefold() for m in merged["comment_markers"]),
            reference_markers=frozenset(m.casefold() for m in merged["reference_markers"]),
            nav_terms=frozenset(m.casefold() for m in merged["nav_terms"]),
            footer=compile_each(merged["footer"]),
            byline=compile_each(merged["byline"]),
            # longest first, so "First of all" wins over "First"
            ordinals=dict(sorted(ordinals.items(), key=lambda kv: -len(kv[0]))),
        )
