"""Clean document → facts: lexicon terms, rates and policies per paragraph language.

Matching runs on `text_search` (Simplified, NFKC, same length as `text`), so Traditional pages
match Simplified lexicons while every span still points into the original clean text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus.records import CleanDoc
from ..corpus.sentences import sentence_spans
from .policies import (
    PolicyCues,
    PolicyMention,
    describe_policy,
    find_policies,
    fold_back_references,
    fold_repeated_policies,
)
from .rate_roles import consolidate_rates, headline_span, read_paragraph_rates
from .rates import RateCues
from .records import Fact
from .terms import TermMatcher, read_extract_lexicon

EXTRACTOR_VERSION = "rules-0.1.0"
LANGUAGES = ("zh", "ru", "vi", "en")


@dataclass(frozen=True, kw_only=True)
class ExtractConfig:
    """Which fact types are extracted. Every field is documented in cominer/default.toml."""

    actors: bool = True
    stages: bool = True
    rates: bool = True
    policies: bool = True
    merge_headline_rates: bool = True


@dataclass(frozen=True)
class LanguageRules:
    terms: TermMatcher
    rates: RateCues
    policies: PolicyCues

    @classmethod
    def load(cls, lang: str) -> LanguageRules:
        data = read_extract_lexicon(lang)
        return cls(TermMatcher.from_lexicon(data), RateCues.from_lexicon(data.get("rates") or {}),
                   PolicyCues.from_lexicon(data.get("policies") or {}))


def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


class Extractor:
    """Holds the compiled rules of each language; `extract` is a pure function of a doc."""

    def __init__(self, cfg: ExtractConfig | None = None, languages: tuple[str, ...] = LANGUAGES):
        self.cfg = cfg or ExtractConfig()
        self.rules = {lang: LanguageRules.load(lang) for lang in languages}
        self.version = EXTRACTOR_VERSION

    def extract(self, doc: CleanDoc) -> list[Fact]:
        facts: list[Fact] = []
        for paragraph in doc.paragraphs:
            rules = self.rules.get(paragraph.lang)
            if rules is not None:
                facts.extend(self.extract_paragraph(doc, paragraph.start, paragraph.end,
                                                    paragraph.lang, rules))
        return consolidate_rates(fold_repeated_policies(facts), headline_span(doc),
                                 self.cfg.merge_headline_rates)

    def make_fact(self, doc: CleanDoc, fact_type: str, lang: str, start: int, end: int,
                  label: str, attrs: dict, confidence: float) -> Fact:
        return Fact(doc_id=doc.doc_id, type=fact_type, lang=lang, text=doc.text[start:end],
                    start=start, end=end, label=label, attrs=attrs, confidence=confidence,
                    source="rule", model_version=self.version)

    def extract_paragraph(self, doc: CleanDoc, start: int, end: int, lang: str,
                          rules: LanguageRules) -> list[Fact]:
        text, search = doc.text, doc.text_search
        terms = rules.terms.find(search, start, end)
        policies: list[PolicyMention] = []
        if self.cfg.policies:
            policies = fold_back_references(find_policies(search, start, end, lang,
                                                          rules.policies))
        policy_spans = [(p.start, p.end) for p in policies]
        facts: list[Fact] = []
        for m in terms:
            if inside(m.start, m.end, policy_spans):
                continue
            if (m.type == "actor" and self.cfg.actors) or (m.type == "stage" and self.cfg.stages):
                attrs = {"step": text[m.start:m.end]} if m.type == "stage" else {}
                facts.append(self.make_fact(doc, m.type, lang, m.start, m.end, m.label, attrs,
                                            0.9))
        sentences = sentence_spans(text, start, end)
        for p in policies:
            sent = next(((s, e) for s, e in sentences if s <= p.start < e), (start, end))
            attrs = describe_policy(text, search, sent, p, terms, lang, rules.policies, policies)
            facts.append(self.make_fact(doc, "policy", lang, p.start, p.end, "policy", attrs,
                                        0.85))
        if self.cfg.rates:
            for r in read_paragraph_rates(text, search, sentences, terms, rules.rates, lang):
                facts.append(self.make_fact(doc, "rate", lang, r.start, r.end, r.label, r.attrs,
                                            r.confidence))
        return facts
