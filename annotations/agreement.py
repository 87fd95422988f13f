"""Inter-annotator agreement on spans: F1 (exact and overlapping) and Cohen's kappa per label.

A is taken as the reference (recall = share of A's spans that B found), so F1 is symmetric and
P/R swap when A and B do. Kappa counts every non-space character of the compared documents as
one decision per label (covered by that label or not), and for `all` as one decision among all
labels and none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..corpus.records import sha256_hex
from .interchange.tasks import ALL_LABELS, Span, Task

NONE = "O"  # the kappa category of a character no span covers


@dataclass
class LabelAgreement:
    label: str
    a: int = 0
    b: int = 0
    exact: int = 0  # spans in both, same offsets and label
    exact_p: float = 0.0
    exact_r: float = 0.0
    exact_f1: float = 0.0
    overlap_p: float = 0.0
    overlap_r: float = 0.0
    overlap_f1: float = 0.0
    kappa: float | None = None  # None: undefined (chance agreement is total)


@dataclass
class Disagreement:
    doc: str
    kind: str  # label, boundary, overlap, only A, only B
    a: Span | None
    b: Span | None


@dataclass
class AgreementReport:
    documents: int
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    labels: list[LabelAgreement] = field(default_factory=list)
    overall: LabelAgreement | None = None
    disagreements: list[Disagreement] = field(default_factory=list)


Documents = dict[str, tuple[str, list[Span]]]  # document key -> (text, spans)


def documents_of(tasks: Iterable[Task]) -> Documents:
    """A file's documents by doc_id (else the hash of their text) with their labels.

    In a file where some tasks were annotated only those count; a file nobody annotated (an
    export) counts with cominer's pre-annotations, the model's labels.
    """
    tasks = list(tasks)
    if any(task.annotations is not None for task in tasks):
        tasks = [task for task in tasks if task.annotations is not None]
    docs: Documents = {}
    for task in tasks:
        key = str(task.doc_id) if task.doc_id else sha256_hex(task.text)
        docs[key] = (task.text, list({s.key: s for s in task.spans()}.values()))
    return docs


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' categories for the same items; None if undefined."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    cats = {c for pair in pairs for c in pair}
    expected = sum((sum(a == c for a, _ in pairs) / n) * (sum(b == c for _, b in pairs) / n)
                   for c in cats)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def char_labels(text: str, spans: Sequence[Span], label: str | None = None) -> list[str]:
    """Each character's category: the label covering it (the earliest, longest span), or O."""
    cats = [NONE] * len(text)
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.label), reverse=True):
        if label is None or span.label == label:
            cats[span.start:span.end] = [span.label] * (span.end - span.start)
    return cats


def units(text: str) -> list[int]:
    """The characters that count as decisions: everything but white space."""
    return [i for i, c in enumerate(text) if not c.isspace()]


def score_label(label: str | None, a_docs: Documents, b_docs: Documents,
                shared: Sequence[str]) -> LabelAgreement:
    """Agreement on one label (None: all labels, micro-averaged) over the shared documents."""
    result = LabelAgreement(label or "all")
    found_a = found_b = 0
    pairs: list[tuple[str, str]] = []
    for doc in shared:
        text = a_docs[doc][0]
        a = [s for s in a_docs[doc][1] if label is None or s.label == label]
        b = [s for s in b_docs[doc][1] if label is None or s.label == label]
        result.a += len(a)
        result.b += len(b)
        result.exact += len({s.key for s in a} & {s.key for s in b})
        found_a += sum(any(x.label == y.label and x.start < y.end and y.start < x.end
                           for y in b) for x in a)
        found_b += sum(any(x.label == y.label and x.start < y.end and y.start < x.end
                           for x in a) for y in b)
        cats_a, cats_b = char_labels(text, a, label), char_labels(text, b, label)
        pairs += [(cats_a[i], cats_b[i]) for i in units(text)]
    result.exact_p, result.exact_r = ratio(result.exact, result.b), ratio(result.exact, result.a)
    result.exact_f1 = harmonic(result.exact_p, result.exact_r)
    result.overlap_p, result.overlap_r = ratio(found_b, result.b), ratio(found_a, result.a)
    result.overlap_f1 = harmonic(result.overlap_p, result.overlap_r)
    result.kappa = cohen_kappa(pairs)
    return result


def disagreements_in(doc: str, a: Sequence[Span], b: Sequence[Span]) -> list[Disagreement]:
    """The spans the two do not share exactly, paired where they cover the same text."""
    keys_a, keys_b = {s.key for s in a}, {s.key for s in b}
    left = [s for s in a if s.key not in keys_b]
    right = [s for s in b if s.key not in keys_a]
    found = []
    for x in left:
        y = next((y for y in right if (y.start, y.end) == (x.start, x.end)), None) \
            or next((y for y in right if y.label == x.label and x.start < y.end
                     and y.start < x.end), None) \
            or next((y for y in right if x.start < y.end and y.start < x.end), None)
        if y is None:
            found.append(Disagreement(doc, "only A", x, None))
            continue
        right.remove(y)
        kind = ("label" if (y.start, y.end) == (x.start, x.end)
                else "boundary" if y.label == x.label else "overlap")
        found.append(Disagreement(doc, kind, x, y))
    found += [Disagreement(doc, "only B", None, y) for y in right]
    return sorted(found, key=lambda d: min(s.start for s in (d.a, d.b) if s))


def compare(a_docs: Documents, b_docs: Documents) -> AgreementReport:
    """Agreement between two annotators over the documents both have."""
    shared = [doc for doc in a_docs if doc in b_docs]
    report = AgreementReport(documents=len(shared),
                             only_a=[d for d in a_docs if d not in b_docs],
                             only_b=[d for d in b_docs if d not in a_docs])
    used = {s.label for doc in shared for s in a_docs[doc][1] + b_docs[doc][1]}
    report.labels = [score_label(label, a_docs, b_docs, shared)
                     for label in ALL_LABELS if label in used]
    report.overall = score_label(None, a_docs, b_docs, shared)
    for doc in shared:
        report.disagreements += disagreements_in(doc, a_docs[doc][1], b_docs[doc][1])
    return report


def annotator_documents(store: Any, name: str) -> Documents:
    """One annotator's labels as they left them, rebuilt from the audit log.

    Replaying the log keeps an annotator's judgement even where a colleague later changed the
    fact: each change by `name` adds the span it wrote and drops the one of theirs it replaced.
    """
    labelled: dict[str, dict[int, Span]] = {}
    for row in store.fact_history():
        if row["annotator"] != name:
            continue
        before = json.loads(row["before"]) if row["before"] else None
        after = json.loads(row["after"]) if row["after"] else None
        spans = labelled.setdefault(row["doc_id"], {})
        if before and before.get("fact_id") in spans:
            del spans[before["fact_id"]]
        if after:
            spans[after["fact_id"]] = Span(after["start"], after["end"], after["label"],
                                           after["text"], after["fact_id"])
    docs: Documents = {}
    for doc_id, spans in labelled.items():
        doc = store.document(doc_id)
        if doc is not None:
            docs[doc_id] = (doc["text"], list(spans.values()))
    return docs


def format_report(report: AgreementReport, name_a: str, name_b: str,
                  max_disagreements: int = 200) -> str:
    """The figures as a table, then the disagreements."""
    def num(x: float | None) -> str:
        return "  n/a" if x is None else f"{x:5.2f}"

    lines = [f"A = {name_a}", f"B = {name_b}",
             f"documents compared: {report.documents} (only in A: {len(report.only_a)}, "
             f"only in B: {len(report.only_b)})", "",
             f"{'label':<20} {'A':>4} {'B':>4} {'both':>4}   exact P     R    F1"
             f"   overlap P     R    F1   kappa"]
    for row in [*report.labels, *([report.overall] if report.overall else [])]:
        lines.append(f"{row.label:<20} {row.a:>4} {row.b:>4} {row.exact:>4}   "
                     f"{num(row.exact_p)} {num(row.exact_r)} {num(row.exact_f1)}   "
                     f"{num(row.overlap_p)} {num(row.overlap_r)} {num(row.overlap_f1)}   "
                     f"{num(row.kappa)}")
    lines += ["", f"disagreements: {len(report.disagreements)}"]
    for d in report.disagreements[:max_disagreements]:
        a = f"A {d.a.label} [{d.a.start},{d.a.end}) {d.a.text!r}" if d.a else "A -"
        b = f"B {d.b.label} [{d.b.start},{d.b.end}) {d.b.text!r}" if d.b else "B -"
        lines.append(f"  {d.doc[:12]}  {d.kind:<8}  {a}  |  {b}")
    if len(report.disagreements) > max_disagreements:
        lines.append(f"  … {len(report.disagreements) - max_disagreements} more")
    return "\n".join(lines)


def report_json(report: AgreementReport, name_a: str, name_b: str) -> dict[str, Any]:
    """The report as plain data (for --json)."""
    def span(s: Span | None) -> dict[str, Any] | None:
        return None if s is None else {"start": s.start, "end": s.end, "label": s.label,
                                       "text": s.text}
    rows = [*report.labels, *([report.overall] if report.overall else [])]
    return {"a": name_a, "b": name_b, "documents": report.documents,
            "only_a": report.only_a, "only_b": report.only_b,
            "labels": [vars(r) for r in rows],
            "disagreements": [{"doc": d.doc, "kind": d.kind, "a": span(d.a), "b": span(d.b)}
                              for d in report.disagreements]}
