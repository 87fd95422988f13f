"""Score extracted facts and clean text against a gold set, per fact type and language.

Matching (one-to-one, per document): rates on label and min/max with overlapping spans;
policies on normalised title; actors and stages on label with overlapping spans. A rate fact
with `attrs.mentions` (the same figure in the headline and the body) is scored once per
mention, and so is a gold rate with `attrs.mentions`: a gold set that lists each occurrence and
one that folds them score alike, whichever way the extractor folds them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..annotations.gold import CleaningGold, GoldFact, GoldSet, resolve_anchor
from ..corpus.records import CleanDoc
from ..extract.policies import normalise_title
from ..extract.records import FACT_TYPES, Fact


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)


@dataclass(frozen=True)
class Mismatch:
    """One scoring error: a gold fact nothing matched (`fn`) or a fact no gold matched (`fp`).
    `other` names the label of an overlapping fact of the same type on the other side, so a
    label confusion reads as one (`fn enterprise … (predicted social_org)`)."""

    document: str
    kind: str  # "fp" or "fn"
    type: str
    label: str
    lang: str
    text: str
    start: int | None  # None: the gold quote could not be placed
    end: int | None
    context: str
    other: str = ""


@dataclass
class Report:
    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)
    unresolved: list[GoldFact] = field(default_factory=list)
    rate_confusions: int = 0
    title_disagreements: int = 0  # a missed gold policy overlapped by a predicted one
    number_matches: int = 0  # policies matched on their document number, titles differing
    issuer_right: int = 0
    year_right: int = 0
    policies_matched: int = 0
    keep_found: int = 0
    keep_total: int = 0
    remove_gone: int = 0
    remove_total: int = 0
    missing_docs: list[str] = field(default_factory=list)
    errors: list[Mismatch] = field(default_factory=list)

    def cell(self, fact_type: str, lang: str) -> Counts:
        return self.counts.setdefault((fact_type, lang), Counts())

    def total(self, fact_type: str) -> Counts:
        out = Counts()
        for (t, _), c in self.counts.items():
            if t == fact_type:
                out.tp, out.fp, out.fn = out.tp + c.tp, out.fp + c.fp, out.fn + c.fn
        return out


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


# A gold figure written to four decimals (one third as 0.3333) is the figure.
VALUE_TOLERANCE = 5e-5


def same_value(a: object, b: object) -> bool:
    try:
        return abs(float(a) - float(b)) <= VALUE_TOLERANCE  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def fact_matches(gold: GoldFact, span: tuple[int, int], pred: Fact) -> bool:
    if gold.type != pred.type:
        return False
    if gold.type == "policy":
        return same_title(gold.attrs, gold.text, pred.attrs, pred.text) or same_number(
            gold.attrs, pred.attrs)
    if not overlaps(span[0], span[1], pred.start, pred.end) or gold.label != pred.label:
        return False
    if gold.type == "rate":
        return (same_value(gold.attrs.get("min"), pred.attrs.get("min"))
                and same_value(gold.attrs.get("max"), pred.attrs.get("max")))
    return True


def same_title(gold_attrs: dict, gold_text: str, pred_attrs: dict, pred_text: str) -> bool:
    return title_key(str(gold_attrs.get("title") or gold_text)) == title_key(
        str(pred_attrs.get("title") or pred_text))


def same_number(gold_attrs: dict, pred_attrs: dict) -> bool:
    """Both facts give the same document number: the same document, however far each
    annotator drew its title (Nghị định số 35/2021/NĐ-CP, or with its subject after it)."""
    gold_number, pred_number = gold_attrs.get("number"), pred_attrs.get("number")
    return bool(gold_number and pred_number) and number_key(str(gold_number)) == number_key(
        str(pred_number))


def number_key(number: str) -> str:
    """A document number without spacing, number signs or bracket style, in Simplified form
    (国发〔2014〕60号 = 國發[2014]60號, № 224-ФЗ = 224-ФЗ, số 35/2021/NĐ-CP = 35/2021/nd-cp)."""
    text = simplified(unicodedata.normalize("NFKC", number).casefold())
    text = re.sub(r"^(?:№|no\.?|n°|số|#)\s*", "", text.strip())
    # 93/2019/ND-CP in an English sentence is 93/2019/NĐ-CP.
    return re.sub(r"[\s〔〕\[\]()（）【】№]+", "", text).replace("đ", "d")


def title_key(title: str) -> str:
    """The form policy titles are matched in: normalised, with Russian words as lemmas, so a
    designation written in the sentence's case (приказу Минэкономразвития … № 773) and one
    written in the nominative (приказ Минэкономразвития … № 773) are the same title."""
    if not re.search("[а-яё]", title, re.I):
        return normalise_title(title)
    from ..extract.nlp import russian_lemma

    return normalise_title(re.sub(r"[а-яё]+", lambda m: russian_lemma(m.group()), title,
                                  flags=re.I))


def issuer_key(issuer: str) -> str:
    """The form issuers are compared in: a title key of the Simplified form without list
    separators, so 中共中央 国务院 / 中共中央、国务院, 國務院 / 国务院 and Правительства РФ /
    Правительство РФ name the same bodies whichever way an annotator wrote them."""
    return re.sub(r"[、，,;；/]", "", title_key(simplified(issuer)))


def simplified(text: str) -> str:
    """The search form (Simplified, NFKC per character) of text with Han characters."""
    return chinese_forms().search_form(text) if re.search(r"[\u4e00-\u9fff]", text) else text


@lru_cache(maxsize=1)
def chinese_forms():
    from ..corpus.language import ChineseForms

    return ChineseForms()


def rate_mentions(facts: Iterable[Fact]) -> list[Fact]:
    """Each rate fact once per span it was stated at: its own and each of `attrs.mentions`."""
    out = []
    for fact in facts:
        out.append(fact)
        if fact.type == "rate":
            for start, end in fact.attrs.get("mentions") or []:
                out.append(replace(fact, start=start, end=end, text=""))
    return out


CONTEXT_CHARS = 30


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The span in brackets with up to `width` characters either side, on one line."""
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


def overlapping_label(text: str, fact_type: str, start: int, end: int,
                      others: Iterable[tuple[str, str, int, int]]) -> str:
    """Label and text of the facts of the same type that overlap [start, end): a label
    confusion, or a span drawn wider or narrower than the gold's."""
    return "; ".join(sorted({f"{label} {text[s:e]!r}" for t, label, s, e in others
                             if t == fact_type and overlaps(start, end, s, e)}))


def gold_spans(text: str, golds: list[GoldFact]) -> list[tuple[GoldFact, tuple[int, int] | None]]:
    """Each gold fact with its placed span, and a gold rate once more per `attrs.mentions`
    span (offsets into the clean text) that lies inside the text."""
    out: list[tuple[GoldFact, tuple[int, int] | None]] = []
    for gold in golds:
        out.append((gold, resolve_anchor(text, gold.text, gold.prefix, gold.suffix, gold.start)))
        if gold.type == "rate":
            for start, end in gold.attrs.get("mentions") or []:
                if 0 <= start < end <= len(text):
                    out.append((replace(gold, text=text[start:end], start=start, end=end),
                                (start, end)))
    return out


def score_document(report: Report, doc: CleanDoc, golds: list[GoldFact],
                   preds: list[Fact], document: str = "") -> None:
    """Count matches of one document into `report`, and record its errors in `report.errors`."""
    unmatched = rate_mentions(preds)
    placed: list[tuple[str, str, int, int]] = []  # gold (type, label, start, end)
    misses: list[tuple[GoldFact, tuple[int, int] | None]] = []
    for gold, span in gold_spans(doc.text, golds):
        if span is None:
            report.unresolved.append(gold)
            report.cell(gold.type, gold.lang).fn += 1
            misses.append((gold, None))
            continue
        placed.append((gold.type, gold.label, span[0], span[1]))
        candidates = [p for p in unmatched if fact_matches(gold, span, p)]
        if not candidates:
            report.cell(gold.type, gold.lang).fn += 1
            misses.append((gold, span))
            if gold.type == "rate" and any(
                    p.type == "rate" and p.label != gold.label
                    and overlaps(span[0], span[1], p.start, p.end)
                    and same_value(gold.attrs.get("min"), p.attrs.get("min"))
                    for p in unmatched):
                report.rate_confusions += 1
            if gold.type == "policy" and any(
                    p.type == "policy" and overlaps(span[0], span[1], p.start, p.end)
                    for p in unmatched):
                report.title_disagreements += 1
            continue
        pred = min(candidates, key=lambda p: abs(p.start - span[0]))
        unmatched.remove(pred)
        report.cell(gold.type, gold.lang).tp += 1
        if gold.type == "policy":
            report.policies_matched += 1
            report.number_matches += not same_title(gold.attrs, gold.text, pred.attrs, pred.text)
            report.issuer_right += int(issuer_key(str(gold.attrs.get("issuer") or ""))
                                       == issuer_key(str(pred.attrs.get("issuer") or "")))
            report.year_right += int(gold.attrs.get("year") == pred.attrs.get("year"))
    for pred in unmatched:
        report.cell(pred.type, pred.lang).fp += 1
    record_errors(report, doc, document or doc.source, misses, unmatched, preds, placed)


def record_errors(report: Report, doc: CleanDoc, document: str,
                  misses: list[tuple[GoldFact, tuple[int, int] | None]], extra: list[Fact],
                  preds: list[Fact], placed: list[tuple[str, str, int, int]]) -> None:
    """The false negatives and false positives of one document, in text order."""
    predicted = [(p.type, p.label, p.start, p.end) for p in preds]
    found = []
    for gold, span in misses:
        if span is None:
            found.append(Mismatch(document, "fn", gold.type, gold.label, gold.lang, gold.text,
                                  None, None, "(quote not placed)"))
            continue
        found.append(Mismatch(document, "fn", gold.type, gold.label, gold.lang, gold.text,
                              span[0], span[1], context_of(doc.text, *span),
                              overlapping_label(doc.text, gold.type, *span, predicted)))
    for pred in extra:
        found.append(Mismatch(document, "fp", pred.type, pred.label, pred.lang,
                              doc.text[pred.start:pred.end], pred.start, pred.end,
                              context_of(doc.text, pred.start, pred.end),
                              overlapping_label(doc.text, pred.type, pred.start, pred.end,
                                                placed)))
    report.errors.extend(sorted(found, key=lambda m: (m.start is not None, m.start or 0)))


def score_cleaning(report: Report, doc: CleanDoc, gold: CleaningGold) -> None:
    squashed = " ".join(doc.text.split())
    for snippet in gold.keep:
        report.keep_total += 1
        report.keep_found += int(" ".join(snippet.split()) in squashed)
    for snippet in gold.remove:
        report.remove_total += 1
        report.remove_gone += int(" ".join(snippet.split()) not in squashed)


def evaluate(gold: GoldSet, run: Callable[[str], tuple[CleanDoc, list[Fact]] | None]) -> Report:
    """Score `run(source) -> (clean doc, facts)` on every document the gold set names."""
    report = Report()
    by_source: dict[str, list[GoldFact]] = {}
    for g in gold.facts:
        by_source.setdefault(g.document, []).append(g)
    cleaning = {c.document: c for c in gold.cleaning}
    for source in gold.sources():
        result = run(source)
        if result is None:
            report.missing_docs.append(source)
            for g in by_source.get(source, []):
                report.cell(g.type, g.lang).fn += 1
            continue
        doc, facts = result
        score_document(report, doc, by_source.get(source, []), facts, source)
        if source in cleaning:
            score_cleaning(report, doc, cleaning[source])
    return report


def report_rows(report: Report, languages: Iterable[str] = ("zh", "ru", "vi", "en")) -> list[
        tuple[str, str, int, int, int, float, float, float]]:
    rows = []
    for fact_type in FACT_TYPES:
        for lang in languages:
            c = report.counts.get((fact_type, lang))
            if c:
                rows.append((fact_type, lang, c.tp, c.fp, c.fn, c.precision, c.recall, c.f1))
        t = report.total(fact_type)
        rows.append((fact_type, "all", t.tp, t.fp, t.fn, t.precision, t.recall, t.f1))
    return rows


def format_report(report: Report) -> str:
    lines = [f"{'type':<7} {'lang':<4} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for t, lang, tp, fp, fn, p, r, f in report_rows(report):
        lines.append(f"{t:<7} {lang:<4} {tp:>4} {fp:>4} {fn:>4} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    if report.policies_matched:
        lines.append(f"policy issuer right: {report.issuer_right}/{report.policies_matched}, "
                     f"year right: {report.year_right}/{report.policies_matched}")
    lines.append(f"rate profit_share/other_rate confusions: {report.rate_confusions}")
    if report.number_matches:
        lines.append("policies matched on their document number, titles drawn differently: "
                     f"{report.number_matches}")
    if report.title_disagreements:
        lines.append("policy titles found but written differently from the gold "
                     f"(overlapping, not equal): {report.title_disagreements}")
    if report.keep_total or report.remove_total:
        lines.append(f"cleaning: kept {report.keep_found}/{report.keep_total} must-keep snippets, "
                     f"removed {report.remove_gone}/{report.remove_total} must-remove snippets")
    if report.unresolved:
        lines.append(f"gold facts whose quote could not be placed: {len(report.unresolved)}")
    if report.missing_docs:
        lines.append(f"documents not found: {', '.join(report.missing_docs)}")
    return "\n".join(lines)


def format_comparison(new: Report, old: Report) -> str:
    """F1 per type and language of two reports, and their difference (new minus old)."""
    old_f1 = {(t, lang): f for t, lang, *_, f in report_rows(old)}
    lines = [f"{'type':<7} {'lang':<4} {'F1 new':>7} {'F1 old':>7} {'diff':>7}"]
    for t, lang, *_, f in report_rows(new):
        before = old_f1.get((t, lang), 0.0)
        lines.append(f"{t:<7} {lang:<4} {f:>7.3f} {before:>7.3f} {f - before:>+7.3f}")
    return "\n".join(lines)


def format_errors(report: Report, types: Iterable[str] = FACT_TYPES) -> str:
    """Per document, the false positives and false negatives of the given fact types:
    kind, type/label, language, the text and its context (`[span]` marks it)."""
    wanted = set(types)
    lines: list[str] = []
    current = None
    for m in report.errors:
        if m.type not in wanted:
            continue
        if m.document != current:
            current = m.document
            lines.append(f"== {current}")
        other = f"  ({'gold' if m.kind == 'fp' else 'predicted'} {m.other})" if m.other else ""
        lines.append(f"{m.kind} {m.type}/{m.label} {m.lang} {m.text!r}{other}\n"
                     f"     {m.context}")
    return "\n".join(lines) if lines else "no errors"
