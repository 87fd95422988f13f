"""Annotation tasks from the knowledge store, and annotators' labels back into it.

Export picks documents by a search (query and filters) or by id and gives each its live facts
within the label set. Import compares, per document, the labels an annotator returned with the
facts they were shown and turns the difference into corrections (accept, relabel, resize,
reject, add), all in one transaction after the whole file has been validated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...corpus.records import sha256_hex
from ...corrections import CorrectionError, Corrections, CorrectionWriter
from ...store import HUMAN, KnowledgeStore
from .brat import read_brat, write_brat
from .doccano import read_doccano, write_doccano
from .label_studio import read_label_studio, write_label_studio
from .tasks import ALL_LABELS, InterchangeError, Span, Task, label_type

Writer = Callable[[Sequence[Task], Sequence[str], Path], list[Path]]
Reader = Callable[[Path], list[Task]]
FORMATS: dict[str, tuple[Writer, Reader]] = {
    "label-studio": (write_label_studio, read_label_studio),
    "doccano": (write_doccano, read_doccano),
    "brat": (write_brat, read_brat),
}


def read_tasks(path: Path, fmt: str) -> list[Task]:
    """The tasks of an exported or annotated file (a folder for brat)."""
    if fmt not in FORMATS:
        raise InterchangeError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if not path.exists():
        raise InterchangeError(f"{path}: no such file or folder")
    return FORMATS[fmt][1](path)


# -- export --------------------------------------------------------------------------------


def label_scope(types: Sequence[str] = (), labels: Sequence[str] = ()) -> tuple[str, ...]:
    """The label set of an export: the labels named and those of the types named, or all."""
    for label in labels:
        if label_type(label) is None:
            raise InterchangeError(f"label {label!r} is not in the label set")
    if not types and not labels:
        return ALL_LABELS
    return tuple(label for label in ALL_LABELS
                 if label in labels or label_type(label) in types)


def fact_span(fact: dict[str, Any]) -> Span:
    """A stored fact as an exported span; a human fact's version names its annotator."""
    version = fact.get("model_version") or fact.get("source") or "cominer"
    if fact.get("source") == HUMAN:
        version = f"human:{fact.get('annotator') or ''}"
    return Span(fact["start"], fact["end"], fact["label"], fact["text"], fact["fact_id"],
                fact.get("confidence"), version)


def select_documents(store: KnowledgeStore, query: str | None, doc_ids: Sequence[str],
                     filters: dict[str, Any]) -> list[str]:
    """Originals to export: those with a matching fact, or the ones named (all if neither)."""
    originals = []
    for doc_id in doc_ids:
        doc = store.document(doc_id)
        if doc is None:
            raise InterchangeError(f"document {doc_id!r} is not in the store")
        originals.append(doc["duplicate_of"] or doc_id)
    filters = {k: v for k, v in filters.items() if v not in (None, "", [], ())}
    if query or filters:
        return store.fact_doc_ids(query, doc_id=originals or None, **filters)
    return list(dict.fromkeys(originals)) or store.document_ids()


def build_tasks(store: KnowledgeStore, query: str | None = None, *, types: Sequence[str] = (),
                labels: Sequence[str] = (), doc_ids: Sequence[str] = (),
                **filters: Any) -> tuple[list[Task], tuple[str, ...]]:
    """The tasks to export and their label set."""
    scope = label_scope(types, labels)
    # Named documents are exported whatever their facts; otherwise the label set also picks
    # the documents (those with a fact to review).
    scoped = {} if doc_ids else {"type": list(types) or None, "label": list(labels) or None}
    selected = select_documents(store, query, doc_ids, {**filters, **scoped})
    tasks = []
    for doc_id in selected:
        doc = store.document(doc_id)
        spans = [fact_span(f) for f in store.facts_for(doc_id)
                 if f["label"] in scope and f.get("status") is None]
        tasks.append(Task(doc_id=doc_id, text=doc["text"], title=doc.get("title") or "",
                          lang=doc.get("lang") or "", predictions=spans, labels=scope,
                          record=doc_id))
    return tasks, scope


def export_tasks(store: KnowledgeStore, fmt: str, output: Path, query: str | None = None,
                 **selection: Any) -> tuple[list[Task], list[Path]]:
    """Write the selected documents as annotation tasks; (tasks, paths written)."""
    tasks, scope = build_tasks(store, query, **selection)
    return tasks, FORMATS[fmt][0](tasks, scope, output)


# -- import --------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did, per kind of correction."""

    tasks: int = 0
    annotated: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("accept", "relabel", "resize", "reject", "add", "unchanged"), 0))

    @property
    def changes(self) -> int:
        return sum(n for action, n in self.counts.items() if action != "unchanged")


def resolve_document(store: KnowledgeStore, task: Task) -> dict[str, Any]:
    """The stored original a task is about (by doc_id, else by its text), with the same text."""
    if task.doc_id:
        doc = store.document(str(task.doc_id))
        if doc is None:
            raise InterchangeError(f"{task.record}: document {task.doc_id} is not in the store")
    else:
        found = store.document_by_text_hash(sha256_hex(task.text))
        if found is None:
            raise InterchangeError(f"{task.record}: no stored document has this text (and the "
                                   "task names no doc_id)")
        doc = store.document(found)
    if doc["duplicate_of"]:
        doc = store.document(doc["duplicate_of"])
    if doc["text"] != task.text:
        raise InterchangeError(f"{task.record}: the text differs from stored document "
                               f"{doc['doc_id']} (re-cleaned since the export?); export again")
    return doc


def overlaps(a: Span, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def judge(seen: Span, wanted: Sequence[Span], used: set[int]) -> tuple[str, int | None]:
    """What the annotator did to a fact they were shown, and which returned label says so.

    Kept (same span and label): accept; same span, another label: relabel; same label on an
    overlapping span: resize; nothing left that fits: reject. Returns (action, index).
    """
    free = [(n, a) for n, a in enumerate(wanted) if n not in used]
    for test, action in (
            (lambda a: a.key == seen.key, "accept"),
            (lambda a: (a.start, a.end) == (seen.start, seen.end), "relabel"),
            (lambda a: a.label == seen.label and overlaps(a, seen.start, seen.end), "resize")):
        found = next((n for n, a in free if test(a)), None)
        if found is not None:
            return action, found
    return "reject", None


class LiveFacts:
    """A document's live facts in the label set, each claimed by at most one returned label.

    Two facts may share span and label (one clause, two rates): they pair with two returned
    labels, so an unedited file changes nothing and a re-import finds its human facts again.
    """

    def __init__(self, facts: list[dict[str, Any]]) -> None:
        self.by_id = {f["fact_id"]: f for f in facts}
        self.by_key: dict[tuple[int, int, str], list[dict[str, Any]]] = {}
        # A human fact stands for its span before a model one.
        for fact in sorted(facts, key=lambda f: f["source"] != HUMAN):
            self.by_key.setdefault((fact["start"], fact["end"], fact["label"]), []).append(fact)
        self.claimed: set[int] = set()

    def claim(self, key: tuple[int, int, str], fact_id: int | None = None) -> dict | None:
        """The fact with this id (if it still has this key) or the first unclaimed one."""
        fact = self.by_id.get(fact_id) if fact_id is not None else None
        if fact is None or (fact["start"], fact["end"], fact["label"]) != key \
                or fact["fact_id"] in self.claimed:
            fact = next((f for f in self.by_key.get(key, [])
                         if f["fact_id"] not in self.claimed), None)
        if fact is not None:
            self.claimed.add(fact["fact_id"])
        return fact


def apply_task(writer: CorrectionWriter, store: KnowledgeStore, task: Task, doc_id: str,
               annotator: str, report: ImportReport) -> None:
    """Turn one document's returned labels into corrections (inside the open transaction)."""
    scope = task.labels or ALL_LABELS
    live = LiveFacts([f for f in store.facts_for(doc_id)
                      if f["status"] is None and f["label"] in scope])
    wanted = list(task.annotations or [])
    used: set[int] = set()
    # What the annotator was shown: the exported facts, or (a file without them) the store's.
    shown = task.predictions if task.labels is not None else [
        Span(f["start"], f["end"], f["label"], f["text"], f["fact_id"])
        for f in live.by_id.values()]
    for seen in shown:
        fact = live.claim(seen.key, seen.fact_id)
        if fact is None:
            continue  # corrected by an earlier import: nothing left to do
        action, n = judge(seen, wanted, used)
        if n is not None:
            used.add(n)
        fid = fact["fact_id"]
        if action == "accept" and fact["source"] == HUMAN:
            action = "unchanged"
        elif action == "accept":
            writer.accept(fid, annotator)
        elif action == "relabel":
            writer.relabel(fid, wanted[n].label, annotator)
        elif action == "resize":
            writer.resize(fid, wanted[n].start, wanted[n].end, annotator)
        else:
            writer.reject(fid, annotator)
        report.counts[action] += 1
    for n, span in enumerate(wanted):
        if n in used:
            continue
        fact = live.claim(span.key)
        fact_type = label_type(span.label) or ""
        if fact is not None and fact["source"] != HUMAN:
            writer.accept(fact["fact_id"], annotator)  # a fact the export did not show
            report.counts["accept"] += 1
        elif fact is not None or writer.human_fact_like(doc_id, fact_type, span.label,
                                                        span.start, span.end) is not None:
            report.counts["unchanged"] += 1
        else:
            writer.add(doc_id, fact_type, span.label, span.start, span.end, None, annotator)
            report.counts["add"] += 1


def import_tasks(store: KnowledgeStore, tasks: Sequence[Task],
                 annotator: str | None = None) -> ImportReport:
    """Apply every annotated task in one transaction, after checking them all.

    A bad record anywhere (unknown document, changed text, an offset or label the store
    refuses) raises InterchangeError naming it, and nothing is written.
    """
    report = ImportReport(tasks=len(tasks))
    plans = []
    for task in tasks:
        if task.annotations is None:
            continue  # not annotated: nothing to import
        who = annotator or task.annotator
        if not who:
            raise InterchangeError(f"{task.record}: the file names no annotator; give "
                                   "--annotator NAME")
        plans.append((task, resolve_document(store, task)["doc_id"], who))
    report.annotated = len(plans)
    with Corrections(store).batch() as writer:
        for task, doc_id, who in plans:
            try:
                apply_task(writer, store, task, doc_id, who, report)
            except CorrectionError as exc:
                raise InterchangeError(f"{task.record}: {exc}") from exc
    return report
