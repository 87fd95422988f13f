"""Human corrections of facts: accept, reject, relabel, resize, add, edit attributes.

A corrected fact becomes a human fact (source 'human', annotator, created_at, quote context);
the model fact it replaces leaves `facts` with its row kept in `fact_history`, the audit log.
The SQL is in store.py; this module decides what each correction writes.
A rejection also leaves a tombstone in `fact_rejections` so re-extraction does not bring the
fact back (`KnowledgeStore.replace_model_facts`). Every public method is one transaction.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .annotations.anchors import quote_context
from .extract.records import LABELS
from .store import (
    HUMAN,
    KnowledgeStore,
    decode_json,
    delete_fact,
    document_row,
    fact_row,
    find_fact,
    insert_fact,
    insert_tombstone,
    log_fact_change,
    now,
)

MAX_ANNOTATOR = 100  # characters of an annotator name
MAX_ATTRS_JSON = 8192  # bytes of a fact's attributes as JSON
HUMAN_CONFIDENCE = 1.0


class CorrectionError(ValueError):
    """A correction that cannot be applied: unknown fact or document, bad label, span or attrs."""


def type_of_label(label: str) -> str:
    """The fact type a label belongs to (labels are unique across types)."""
    for fact_type, labels in LABELS.items():
        if label in labels:
            return fact_type
    raise CorrectionError(f"label {label!r} is not in the label set "
                          f"({', '.join(lab for labs in LABELS.values() for lab in labs)})")


def check_annotator(annotator: str) -> str:
    name = (annotator or "").strip() if isinstance(annotator, str) else ""
    if not name or len(name) > MAX_ANNOTATOR or any(not c.isprintable() for c in name):
        raise CorrectionError(f"annotator must be a printable name of 1-{MAX_ANNOTATOR} "
                              f"characters, not {annotator!r}")
    return name


def check_attrs(fact_type: str, attrs: Any) -> dict[str, Any]:
    """Attributes as a JSON object of bounded size; rate bounds are fractions with min <= max."""
    if attrs is None:
        return {}
    if not isinstance(attrs, dict) or not all(isinstance(k, str) for k in attrs):
        raise CorrectionError("attrs must be an object with string keys")
    try:
        encoded = json.dumps(attrs, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise CorrectionError(f"attrs are not plain JSON: {exc}") from exc
    if len(encoded.encode()) > MAX_ATTRS_JSON:
        raise CorrectionError(f"attrs are larger than {MAX_ATTRS_JSON} bytes")
    if fact_type == "rate":
        bounds = [attrs.get(k) for k in ("min", "max") if attrs.get(k) is not None]
        for value in bounds:
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) or not 0 <= value <= 1:
                raise CorrectionError(f"rate min/max must be fractions in [0, 1], not {value!r}")
        if len(bounds) == 2 and bounds[0] > bounds[1]:
            raise CorrectionError(f"rate min {bounds[0]} is above max {bounds[1]}")
    return json.loads(encoded)


def check_span(text: str, start: Any, end: Any) -> tuple[int, int]:
    if isinstance(start, bool) or isinstance(end, bool) \
            or not isinstance(start, int) or not isinstance(end, int):
        raise CorrectionError(f"span offsets must be integers, not {start!r}, {end!r}")
    if not 0 <= start < end <= len(text):
        raise CorrectionError(f"span [{start}, {end}) is not inside the text "
                              f"(length {len(text)})")
    if not text[start:end].strip():
        raise CorrectionError(f"span [{start}, {end}) covers only white space")
    return start, end


class CorrectionWriter:
    """The corrections inside one open transaction (`Corrections.batch`)."""

    def __init__(self, store: KnowledgeStore, conn: Any) -> None:
        self.store = store
        self.conn = conn
        self.at = now()
        self._docs: dict[str, Any] = {}

    # -- reads -----------------------------------------------------------------------------

    def document(self, doc_id: str) -> Any:
        """The stored original document (doc_id, title, text, text_search, lang)."""
        if doc_id not in self._docs:
            row = document_row(self.conn, doc_id)
            if row is None:
                raise CorrectionError(f"document {doc_id!r} is not in the store")
            if row["duplicate_of"] is not None:
                raise CorrectionError(f"document {doc_id} is a duplicate of "
                                      f"{row['duplicate_of']}; correct the original")
            self._docs[doc_id] = row
        return self._docs[doc_id]

    def fact(self, fact_id: int) -> dict[str, Any]:
        if isinstance(fact_id, bool) or not isinstance(fact_id, int):
            raise CorrectionError(f"fact id must be an integer, not {fact_id!r}")
        fact = fact_row(self.conn, fact_id)
        if fact is None:
            raise CorrectionError(f"fact {fact_id} is not in the store")
        return fact

    def human_fact_like(self, doc_id: str, fact_type: str, label: str, start: int,
                        end: int) -> int | None:
        """The id of a live human fact with this exact label and span, if there is one."""
        return find_fact(self.conn, doc_id, fact_type, label, start, end, human=True)

    # -- writes ----------------------------------------------------------------------------

    def write_human(self, action: str, old: dict[str, Any] | None, doc_id: str,
                    fact_type: str, label: str, start: int, end: int,
                    attrs: dict[str, Any], annotator: str) -> int:
        """Replace `old` (if any) by a human fact; one audit row; the new fact's id."""
        doc = self.document(doc_id)
        text = doc["text"]
        prefix, suffix = quote_context(text, start, end)
        new = {"doc_id": doc_id, "type": fact_type, "label": label,
               "lang": (old or {}).get("lang") or doc["lang"], "text": text[start:end],
               "start": start, "end": end, "attrs": attrs, "confidence": HUMAN_CONFIDENCE,
               "source": HUMAN, "model_version": None, "created_at": self.at,
               "annotator": annotator, "prefix": prefix, "suffix": suffix, "status": None}
        if old is not None:
            delete_fact(self.conn, old["fact_id"])
        new_id = insert_fact(self.conn, self.store.forms, doc, new)
        log_fact_change(self.conn, action, doc_id=doc_id,
                        fact_id=old["fact_id"] if old else new_id, before=old,
                        after={"fact_id": new_id, **new}, annotator=annotator, at=self.at)
        return new_id

    def tombstone(self, fact: dict[str, Any], annotator: str) -> None:
        """Remember that this label on this anchored span is wrong (re-extraction skips it)."""
        text = self.document(fact["doc_id"])["text"]
        prefix, suffix = quote_context(text, fact["start"], fact["end"])
        insert_tombstone(self.conn, fact, prefix, suffix, annotator, self.at)

    def accept(self, fact_id: int, annotator: str) -> int:
        annotator = check_annotator(annotator)
        old = self.fact(fact_id)
        if old["source"] == HUMAN:
            # Already a human label: a second annotator's confirmation is logged (agreement
            # reads it), the fact stays as it is.
            if old["annotator"] != annotator:
                log_fact_change(self.conn, "accept", doc_id=old["doc_id"], fact_id=fact_id,
                                before=old, after=old, annotator=annotator, at=self.at)
            return fact_id
        return self.write_human("accept", old, old["doc_id"], old["type"], old["label"],
                                old["start"], old["end"], old["attrs"], annotator)

    def reject(self, fact_id: int, annotator: str) -> None:
        annotator = check_annotator(annotator)
        old = self.fact(fact_id)
        self.document(old["doc_id"])
        self.tombstone(old, annotator)
        delete_fact(self.conn, fact_id)
        log_fact_change(self.conn, "reject", doc_id=old["doc_id"], fact_id=fact_id, before=old,
                        after=None, annotator=annotator, at=self.at)

    def relabel(self, fact_id: int, label: str, annotator: str) -> int:
        annotator = check_annotator(annotator)
        old = self.fact(fact_id)
        fact_type = type_of_label(label)
        if label == old["label"]:
            return self.accept(fact_id, annotator)
        self.tombstone(old, annotator)  # the old label on this span was wrong
        attrs = old["attrs"] if fact_type == old["type"] else {}
        return self.write_human("relabel", old, old["doc_id"], fact_type, label, old["start"],
                                old["end"], attrs, annotator)

    def resize(self, fact_id: int, start: int, end: int, annotator: str) -> int:
        annotator = check_annotator(annotator)
        old = self.fact(fact_id)
        start, end = check_span(self.document(old["doc_id"])["text"], start, end)
        if (start, end) == (old["start"], old["end"]):
            return self.accept(fact_id, annotator)
        self.tombstone(old, annotator)  # the old span was wrong
        return self.write_human("resize", old, old["doc_id"], old["type"], old["label"], start,
                                end, old["attrs"], annotator)

    def add(self, doc_id: str, fact_type: str, label: str, start: int, end: int,
            attrs: dict[str, Any] | None, annotator: str) -> int:
        annotator = check_annotator(annotator)
        if fact_type not in LABELS:
            raise CorrectionError(f"type {fact_type!r} is not one of {', '.join(LABELS)}")
        if label not in LABELS[fact_type]:
            raise CorrectionError(f"label {label!r} is not a {fact_type} label "
                                  f"({', '.join(LABELS[fact_type])})")
        start, end = check_span(self.document(doc_id)["text"], start, end)
        attrs = check_attrs(fact_type, attrs)
        existing = self.human_fact_like(doc_id, fact_type, label, start, end)
        if existing is not None:
            raise CorrectionError(f"fact {existing} already labels [{start}, {end}) "
                                  f"as {label}")
        # A model fact with this label and span is confirmed, not duplicated.
        model = find_fact(self.conn, doc_id, fact_type, label, start, end, human=False)
        old = self.fact(model) if model is not None else None
        return self.write_human("add", old, doc_id, fact_type, label, start, end,
                                attrs or (old or {}).get("attrs") or {}, annotator)

    def edit_attrs(self, fact_id: int, attrs: dict[str, Any], annotator: str) -> int:
        annotator = check_annotator(annotator)
        old = self.fact(fact_id)
        attrs = check_attrs(old["type"], attrs)
        return self.write_human("edit_attrs", old, old["doc_id"], old["type"], old["label"],
                                old["start"], old["end"], attrs, annotator)


class Corrections:
    """The correction API of the web app and of `cominer annotate import`."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store

    @contextmanager
    def batch(self) -> Iterator[CorrectionWriter]:
        """Several corrections in one transaction: all applied, or none on any error."""
        with self.store.transaction() as conn:
            yield CorrectionWriter(self.store, conn)

    def accept(self, fact_id: int, annotator: str) -> int:
        """Confirm a fact: it becomes a human fact; returns the human fact's id."""
        with self.batch() as w:
            return w.accept(fact_id, annotator)

    def reject(self, fact_id: int, annotator: str) -> None:
        """Remove a wrong fact and leave a tombstone so re-extraction does not restore it."""
        with self.batch() as w:
            w.reject(fact_id, annotator)

    def relabel(self, fact_id: int, label: str, annotator: str) -> int:
        """Give a fact another label (its type follows the label); the new fact's id."""
        with self.batch() as w:
            return w.relabel(fact_id, label, annotator)

    def resize(self, fact_id: int, start: int, end: int, annotator: str) -> int:
        """Move a fact's span to [start, end) of its document's text; the new fact's id."""
        with self.batch() as w:
            return w.resize(fact_id, start, end, annotator)

    def add(self, doc_id: str, type: str, label: str, start: int, end: int,
            attrs: dict | None, annotator: str) -> int:
        """Add a missing fact on [start, end) of a document's text; the new fact's id."""
        with self.batch() as w:
            return w.add(doc_id, type, label, start, end, attrs, annotator)

    def edit_attrs(self, fact_id: int, attrs: dict, annotator: str) -> int:
        """Replace a fact's attributes (rate bounds, policy issuer…); the new fact's id."""
        with self.batch() as w:
            return w.edit_attrs(fact_id, attrs, annotator)

    def history(self, *, doc_id: str | None = None, limit: int = 1000) -> list[dict]:
        """Audit rows, newest first: id, fact_id, doc_id, action, before, after, annotator, at."""
        return [audit_row(r) for r in self.store.fact_history(doc_id=doc_id, limit=limit,
                                                              newest_first=True)]

    def review_queue(self, *, limit: int = 50, **filters: Any) -> list[dict]:
        """Model facts to review, least confident first (search filters apply)."""
        filters.pop("source", None)
        return self.store.search_facts(filters.pop("query", None), source=["rule", "model"],
                                       order="confidence", limit=limit, **filters)


def audit_row(row: dict[str, Any]) -> dict[str, Any]:
    """An audit-log row with `before`/`after` decoded from JSON."""
    return {**row, "before": decode_json(row.get("before"), None),
            "after": decode_json(row.get("after"), None)}


def realign_human_facts(store: KnowledgeStore, doc_id: str, new_text: str) -> list[int]:
    """Re-place a document's human facts in its new clean text (one transaction).

    The write path calls `KnowledgeStore.realign_human_facts` inside its own transaction;
    this is the same for callers outside one. Returns the ids flagged 'needs_review'.
    """
    with store.transaction() as conn:
        return store.realign_human_facts(conn, doc_id, new_text)
