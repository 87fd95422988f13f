"""Clean document → facts: lexicon terms, rates and policies per paragraph language.

Matching runs on `text_search` (Simplified, NFKC, same length as `text`), so Traditional pages
match Simplified lexicons while every span still points into the original clean text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..corpus.records import CleanDoc
from ..corpus.sentences import sentence_spans
from ..models.registry import DEFAULT_MODELS_DIR, ModelVersion, parse_pins, select_version
from .backends import load_backend
from .policies import (
    PolicyCues,
    PolicyMention,
    describe_policy,
    find_policies,
    fold_back_references,
    fold_repeated_policies,
)
from .rate_roles import consolidate_rates, headline_span, read_paragraph_rates, trim_span
from .rates import RateCues
from .records import Fact
from .span_model import MODEL_NAME, SpanModel
from .terms import TermMatch, TermMatcher, read_extract_lexicon, term_regex

EXTRACTOR_VERSION = "rules-0.5.0"
LANGUAGES = ("zh", "ru", "vi", "en")


@dataclass(frozen=True, kw_only=True)
class ExtractConfig:
    """Which fact types are extracted. Every field is documented in cominer/default.toml."""

    actors: bool = True
    stages: bool = True
    rates: bool = True
    policies: bool = True
    backend: str = "spacy"
    span_model: bool = True
    span_threshold: float = 0.0
    models_dir: str = DEFAULT_MODELS_DIR
    model: str = ""
    merge_headline_rates: bool = True


@dataclass(frozen=True)
class LanguageRules:
    terms: TermMatcher
    rates: RateCues
    policies: PolicyCues
    canonical: dict[str, str]  # surface form (search form, lower case) → normalised name
    # bare head words (фонд) that are an actor only where the document names such a body
    back_references: re.Pattern[str] | None = None
    joins: ActorJoins | None = None

    @classmethod
    def load(cls, lang: str) -> LanguageRules:
        data = read_extract_lexicon(lang)
        canonical = {surface.lower(): name for name, forms in (data.get("canonical") or {}).items()
                     for surface in forms or []}
        heads = data.get("back_references") or []
        back = (re.compile("|".join(f"(?:{term_regex(t)})" for t in heads), re.IGNORECASE)
                if heads else None)
        return cls(TermMatcher.from_lexicon(data), RateCues.from_lexicon(data.get("rates") or {}),
                   PolicyCues.from_lexicon(data.get("policies") or {}), canonical, back,
                   ActorJoins.from_lexicon(data.get("actor_joins")))


REFERENCE_ENTRY = re.compile(r"\[(?:J|M|N|D|C|R|EB/OL|DB/OL)\]")  # a bibliography line
NAME_AFTER = re.compile(r"\s?[«「](?P<name>[^«»「」\n]{2,40})[»」]")
# «» also quote speech in Russian: only a short name-like quote (no clause punctuation) counts
TITLE_MARKS = re.compile(r"《[^《》\n]{1,80}》|〈[^〈〉\n]{1,80}〉|«[^«»\n,.!?:;—]{1,40}»")


def quoted_titles(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Insides of 《》, 〈〉 and «» (titles and names): a term inside one is part of a title or
    of a named body, not an actor or stage of its own."""
    return [(m.start() + 1, m.end() - 1) for m in TITLE_MARKS.finditer(text, start, end)]


ACTOR_JOINERS = ("", "的")


@dataclass(frozen=True)
class ActorJoins:
    """`actor_joins` of a lexicon: a member or part of a body written before the body
    (experts from the University of X, эксперты Тверского университета, chuyên gia của Đại
    học Y) is one actor with the body's label."""

    between: re.Pattern[str]  # what may stand between the two (from the, of, của …)
    members: re.Pattern[str]  # member words (experts, сотрудники …); other pairs join only
    # when both have the same label

    @classmethod
    def from_lexicon(cls, data: dict | None) -> ActorJoins | None:
        if not data or not data.get("between"):
            return None
        members = "|".join(f"(?:{term_regex(t)})" for t in data.get("members") or []) or "(?!)"
        return cls(re.compile(str(data["between"]), re.IGNORECASE),
                   re.compile(members, re.IGNORECASE))


def joined_label(text: str, search: str, prev: Fact, f: Fact,
                 joins: ActorJoins | None) -> str | None:
    """The label of prev + f as one actor, or None when they are two."""
    gap = text[prev.end:f.start]
    if prev.end > f.start or "\n" in gap:
        return None
    if gap.strip() in ACTOR_JOINERS and f.label == prev.label:
        return f.label
    if joins is None or not joins.between.fullmatch(gap):
        return None
    if f.label == prev.label or joins.members.fullmatch(search, prev.start, prev.end):
        return f.label
    return None


def merge_adjacent_actors(text: str, facts: list[Fact], search: str | None = None,
                          joins: dict[str, ActorJoins] | None = None) -> list[Fact]:
    """Two actors of the same label with only white space (or 的) between them name one body:
    Управляющая компания ООО «ЖилСервис», 湖南大学的研究人员; with a language's `actor_joins`,
    a member word or a part joined to its body (experts from the University) is one actor."""
    out: list[Fact] = []
    for f in facts:
        prev = out[-1] if out else None
        label = None
        if prev is not None and f.type == prev.type == "actor" and prev.lang == f.lang:
            label = joined_label(text, search or text, prev, f, (joins or {}).get(f.lang))
        if prev is not None and label is not None:
            prev.end = f.end
            prev.text = text[prev.start:prev.end]
            prev.label = label
            continue
        out.append(f)
    return out


def drop_orphan_back_references(search: str, facts: list[Fact],
                                back: dict[str, re.Pattern[str]]) -> list[Fact]:
    """A bare head word (фонд) is an actor only as a back-reference to a body the document
    names (фонд «Тёплые руки», фонд местного сообщества …); alone it is a pot of money."""
    def bare(f: Fact) -> bool:
        pattern = back.get(f.lang)
        return (f.type == "actor" and pattern is not None
                and pattern.fullmatch(search, f.start, f.end) is not None)

    bares = [bare(f) for f in facts]  # asked once per fact, used twice below
    named = {(f.lang, f.label) for f, is_bare in zip(facts, bares, strict=True)
             if f.type == "actor" and not is_bare
             and f.lang in back and back[f.lang].search(search, f.start, f.end)}
    return [f for f, is_bare in zip(facts, bares, strict=True)
            if not is_bare or (f.lang, f.label) in named]


def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def span_model_choice(cfg: ExtractConfig) -> ModelVersion | None:
    """The registry's `spans` version for `cfg` (pinned, or newest not worse than shipped),
    read from its meta.json only; None when the model is off (`span_model = false`, spans=0)."""
    pin = parse_pins(cfg.model).get(MODEL_NAME)
    if not cfg.span_model or pin == 0:
        return None
    return select_version(MODEL_NAME, cfg.models_dir or None, pin)


def extractor_version(cfg: ExtractConfig, spans_tag: str | None) -> str:
    """What produced a fact: rules version, span-model version and a non-default backend."""
    return (EXTRACTOR_VERSION + (f"+{spans_tag}" if spans_tag else "")
            + ("" if cfg.backend == "spacy" else f"+{cfg.backend}"))


def extractor_identity(cfg: ExtractConfig) -> str:
    """The version an Extractor built from `cfg` would record, without loading any model."""
    chosen = span_model_choice(cfg)
    return extractor_version(cfg, chosen.tag if chosen else None)


def load_span_model(cfg: ExtractConfig) -> SpanModel | None:
    """The selected `spans` version, loaded (its pipelines load lazily per language)."""
    chosen = span_model_choice(cfg)
    if chosen is None:
        return None
    trained = float((chosen.meta.get("config") or {}).get("threshold", 0.5))
    threshold = cfg.span_threshold or trained
    return SpanModel(chosen.path, chosen.tag, threshold)


class Extractor:
    """Holds the compiled rules of each language and the span model; `extract` is a pure
    function of a doc. `span_model` overrides the registry's choice (tests, evaluation)."""

    def __init__(self, cfg: ExtractConfig | None = None, languages: tuple[str, ...] = LANGUAGES,
                 *, span_model: SpanModel | None | bool = True):
        self.cfg = cfg or ExtractConfig()
        self.languages = languages
        # Compiled on the first paragraph of each language: a process that meets one language
        # compiles one lexicon.
        self.rules: dict[str, LanguageRules] = {}
        self.backend = load_backend(self.cfg.backend)
        self.spans = load_span_model(self.cfg) if span_model is True else (span_model or None)
        self.version = extractor_version(self.cfg, self.spans.version if self.spans else None)

    def rules_for(self, lang: str) -> LanguageRules | None:
        """The compiled rules of `lang`, loaded when first asked for; None for a language
        the extractor was not given."""
        rules = self.rules.get(lang)
        if rules is None and lang in self.languages:
            rules = self.rules[lang] = LanguageRules.load(lang)
        return rules

    def extract(self, doc: CleanDoc) -> list[Fact]:
        facts: list[Fact] = []
        for paragraph in doc.paragraphs:
            rules = self.rules_for(paragraph.lang)
            if rules is not None:
                facts.extend(self.extract_paragraph(doc, paragraph.start, paragraph.end,
                                                    paragraph.lang, rules))
        if self.cfg.actors:
            joins = {lang: r.joins for lang, r in self.rules.items() if r.joins is not None}
            facts = merge_adjacent_actors(doc.text, self.add_named_aliases(doc, facts),
                                          doc.text_search, joins)
            back = {lang: r.back_references for lang, r in self.rules.items()
                    if r.back_references is not None}
            if back:
                facts = drop_orphan_back_references(doc.text_search, facts, back)
        cues = {lang: r.policies for lang, r in self.rules.items()}
        return consolidate_rates(fold_repeated_policies(facts, cues, doc.text_search),
                                 headline_span(doc),
                                 self.cfg.merge_headline_rates)

    def add_named_aliases(self, doc: CleanDoc, facts: list[Fact]) -> list[Fact]:
        """ООО «Ромашка», 超市「好鄰居」: the quoted name after an actor becomes part of it, and
        the name alone elsewhere in the document is the same kind of actor."""
        text = doc.text
        names: dict[str, Fact] = {}
        for f in facts:
            m = NAME_AFTER.match(text, f.end) if f.type == "actor" else None
            if m:
                f.end = m.end()
                f.text = text[f.start:f.end]
                names.setdefault(m.group("name"), f)
        if not names:
            return facts
        taken = [(f.start, f.end) for f in facts if f.type in ("actor", "policy")]
        extra = []
        for name, first in names.items():
            for m in re.finditer(re.escape(name), text):
                a, b = m.span()
                if a > 0 and text[a - 1] in "«「" and not any(s < b and a < e for s, e in taken):
                    extra.append(self.make_fact(doc, "actor", first.lang, a - 1, b + 1,
                                                first.label, {}, 0.8))
                    taken.append((a - 1, b + 1))
        return sorted(facts + extra, key=lambda f: (f.start, f.end))

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
        sentences = sentence_spans(text, start, end)
        titled = (policy_spans + quoted_titles(search, start, end)
                  + [(s, e) for s, e in sentences if REFERENCE_ENTRY.search(search, s, e)])
        spans = [(m, "rule", 0.9) for m in terms
                 if not titled or not inside(m.start, m.end, titled)]
        spans = self.backend.widen(doc, lang, spans, start, end)
        if self.spans is not None and (self.cfg.actors or self.cfg.stages):
            spans += self.model_spans(search, lang, sentences, terms, policy_spans)
        for m, source, confidence in sorted(spans, key=lambda x: x[0].start):
            if (m.type == "actor" and self.cfg.actors) or (m.type == "stage" and self.cfg.stages):
                attrs = {"step": text[m.start:m.end]} if m.type == "stage" else {}
                canonical = rules.canonical.get(search[m.start:m.end].lower())
                if canonical:
                    attrs["canonical"] = canonical
                fact = self.make_fact(doc, m.type, lang, m.start, m.end, m.label, attrs,
                                      confidence)
                fact.source = source
                facts.append(fact)
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

    def model_spans(self, search: str, lang: str, sentences: list[tuple[int, int]],
                    terms: list[TermMatch], blocked: list[tuple[int, int]]
                    ) -> list[tuple[TermMatch, str, float]]:
        """Span-model actors/stages in sentences with a lexicon hit, where no term or policy
        title already lies (the lexicon wins where both speak)."""
        assert self.spans is not None
        candidates = [(s, e) for s, e in sentences
                      if any(s <= m.start < e for m in terms)]
        taken = [(m.start, m.end) for m in terms] + blocked
        out = []
        predictions = self.spans.predict(lang, [search[s:e] for s, e in candidates])
        for (s, _e), found in zip(candidates, predictions, strict=True):
            for p in found:
                a, b = trim_span(search, s + p.start, s + p.end)
                if b <= a or any(a < te and ts < b for ts, te in taken):
                    continue
                match = TermMatch(a, b, p.type, p.label, search[a:b])
                out.append((match, "model", round(p.score, 3)))
        return out
