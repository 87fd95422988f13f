"""The spam and chrome lexicon: per-language YAML data files merged and compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

LANGUAGES = ("zh", "ru", "vi", "en")


def read_lexicon_file(lang: str) -> dict:
    """The raw YAML of one language's spam/chrome lexicon (package data)."""
    path = resources.files("cominer.corpus").joinpath("lexicons", f"{lang}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def compile_alternation(terms: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching any term, longest first."""
    unique = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(t) for t in unique), re.IGNORECASE)


@dataclass(frozen=True)
class ChromeLexicon:
    """Compiled spam keywords and chrome patterns of all languages.

    Spam on these sites is often in another language than the article (Chinese casino blocks on
    English pages), so every line is checked against every language's lists.
    """

    spam: dict[str, re.Pattern[str]]
    contact: tuple[re.Pattern[str], ...]
    related_markers: frozenset[str]
    comment_markers: frozenset[str]
    reference_markers: frozenset[str]
    nav_terms: frozenset[str]
    footer: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    ordinals: dict[str, int]  # sentence-opening ordinal marker (folded) → its rank

    @classmethod
    def load(cls, languages: tuple[str, ...] = LANGUAGES) -> ChromeLexicon:
        spam_terms: dict[str, list[str]] = {}
        ordinals: dict[str, int] = {}
        keys = ("contact", "related_markers", "comment_markers", "reference_markers",
                "nav_terms", "footer", "byline")
        merged: dict[str, list[str]] = {k: [] for k in keys}
        for lang in languages:
            data = read_lexicon_file(lang)
            for category, terms in (data.get("spam") or {}).items():
                spam_terms.setdefault(category, []).extend(terms)
            for key in merged:
                merged[key].extend(data.get(key) or [])
            for rank, markers in enumerate((data.get("discourse") or {}).get("ordinals") or []):
                ordinals.update({m.casefold(): rank for m in markers})
        spam = {cat: pat for cat, terms in spam_terms.items()
                if (pat := compile_alternation(terms)) is not None}
        return cls(
            spam=spam,
            contact=tuple(re.compile(p) for p in merged["contact"]),
            related_markers=frozenset(m.casefold() for m in merged["related_markers"]),
            comment_markers=frozenset(m.casefold() for m in merged["comment_markers"]),
            reference_markers=frozenset(m.casefold() for m in merged["reference_markers"]),
            nav_terms=frozenset(m.casefold() for m in merged["nav_terms"]),
            footer=tuple(re.compile(p) for p in merged["footer"]),
            byline=tuple(re.compile(p) for p in merged["byline"]),
            # longest first, so "First of all" wins over "First"
            ordinals=dict(sorted(ordinals.items(), key=lambda kv: -len(kv[0]))),
        )
