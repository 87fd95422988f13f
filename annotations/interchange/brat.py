"""brat standoff: a folder of <doc_id>.txt and .ann files, annotation.conf and a manifest.

Offsets are code points, as the format specifies character offsets and brat's server reads
them; brat's web client counts UTF-16 units after an astral character (brat #1115), so a span
whose quoted text matches only that way is converted on import. `cominer-tasks.json` records
each document's exported facts (the annotator's starting point) and the label set.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...extract.records import LABELS
from .offsets import Utf16Offsets
from .tasks import InterchangeError, Span, Task, check_label, read_offsets

MANIFEST = "cominer-tasks.json"
TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+) (\d+)\t(.*)$")
FRAGMENTED = re.compile(r"^(T\d+)\t(\S+) \d+ \d+(;\d+ \d+)+\t")
FACT_NOTE = re.compile(r"^#\d+\tAnnotatorNotes (T\d+)\tcominer fact (\d+)")


def annotation_conf(labels: Sequence[str]) -> str:
    """Entity types grouped under their fact type (`!type`: a heading, not selectable)."""
    lines = ["[entities]"]
    for fact_type, type_labels in LABELS.items():
        chosen = [label for label in type_labels if label in labels]
        if chosen:
            lines.append(f"!{fact_type}")
            lines.extend(f"\t{label}" for label in chosen)
    lines += ["", "[relations]", "", "[events]", "", "[attributes]", ""]
    return "\n".join(lines)


def ann_text(task: Task) -> str:
    """The .ann file of one task: a T line per fact, a note naming the fact it came from."""
    lines = []
    for n, span in enumerate(task.predictions, 1):
        quote = " ".join(task.text[span.start:span.end].split("\n"))
        lines.append(f"T{n}\t{span.label} {span.start} {span.end}\t{quote}")
        if span.fact_id is not None:
            lines.append(f"#{n}\tAnnotatorNotes T{n}\tcominer fact {span.fact_id}")
    return "".join(line + "\n" for line in lines)


def file_stem(task: Task, n: int) -> str:
    return task.doc_id if task.doc_id and re.fullmatch(r"[0-9a-zA-Z_-]+", task.doc_id) \
        else f"task-{n:05d}"


def write_brat(tasks: Sequence[Task], labels: Sequence[str], folder: Path) -> list[Path]:
    """Write the folder: texts, annotations, annotation.conf and the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    written, documents = [], {}
    for n, task in enumerate(tasks, 1):
        stem = file_stem(task, n)
        # newline="" keeps "\n" as written, so offsets in the file are offsets in the text.
        with (folder / f"{stem}.txt").open("w", encoding="utf-8", newline="") as fh:
            fh.write(task.text)
        with (folder / f"{stem}.ann").open("w", encoding="utf-8", newline="") as fh:
            fh.write(ann_text(task))
        written += [folder / f"{stem}.txt", folder / f"{stem}.ann"]
        documents[stem] = {"doc_id": task.doc_id, "title": task.title, "lang": task.lang,
                           "predictions": [[s.start, s.end, s.label, s.fact_id, s.score,
                                            s.model_version] for s in task.predictions]}
    (folder / "annotation.conf").write_text(annotation_conf(labels), encoding="utf-8")
    (folder / MANIFEST).write_text(json.dumps(
        {"format": "brat", "offsets": "code points", "labels": list(labels),
         "documents": documents}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [*written, folder / "annotation.conf", folder / MANIFEST]


def read_ann(path: Path, task: Task, offsets: Utf16Offsets) -> list[Span]:
    """The text-bound annotations of one .ann file (notes, relations and the rest ignored)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InterchangeError(f"{path}: cannot read: {exc}") from exc
    notes = {m.group(1): int(m.group(2)) for m in map(FACT_NOTE.match, lines) if m}
    spans = []
    for n, line in enumerate(lines, 1):
        where = f"{path}: line {n}"
        if FRAGMENTED.match(line):
            raise InterchangeError(f"{where}: discontinuous spans are not supported")
        if not line.startswith("T"):
            continue
        match = TEXT_BOUND.match(line)
        if match is None:
            raise InterchangeError(f"{where}: not a text-bound annotation "
                                   "(T<n><TAB><label> <start> <end><TAB><text>)")
        ident, label, start, end, quote = match.groups()
        start, end = read_offsets(task.text, int(start), int(end), quote, "code points",
                                  where, offsets)
        spans.append(Span(start, end, check_label(label, task.labels, where),
                          task.text[start:end], notes.get(ident), record=where))
    return spans


def manifest_predictions(rows: Any, task: Task, where: str, offsets: Utf16Offsets) -> list[Span]:
    spans = []
    for n, row in enumerate(rows if isinstance(rows, list) else [], 1):
        at = f"{where}, prediction {n}"
        if not isinstance(row, list) or len(row) < 3:
            raise InterchangeError(f"{at}: expected [start, end, label, fact_id, ...]")
        start, end = read_offsets(task.text, row[0], row[1], None, "code points", at, offsets)
        spans.append(Span(start, end, check_label(row[2], task.labels, at),
                          task.text[start:end],
                          row[3] if len(row) > 3 and isinstance(row[3], int) else None,
                          row[4] if len(row) > 4 and isinstance(row[4], int | float) else None,
                          row[5] if len(row) > 5 else None, at))
    return spans


def read_brat(folder: Path) -> list[Task]:
    """Tasks from a brat folder: every .txt with its .ann (absent = not annotated)."""
    if not folder.is_dir():
        raise InterchangeError(f"{folder}: a brat import is a folder of .txt and .ann files")
    manifest: dict[str, Any] = {}
    if (folder / MANIFEST).exists():
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InterchangeError(f"{folder / MANIFEST}: not a readable JSON file: "
                                   f"{exc}") from exc
    labels = manifest.get("labels") if isinstance(manifest, dict) else None
    documents = manifest.get("documents") if isinstance(manifest, dict) else None
    documents = documents if isinstance(documents, dict) else {}
    tasks = []
    for txt in sorted(folder.glob("*.txt")):
        try:
            with txt.open(encoding="utf-8", newline="") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise InterchangeError(f"{txt}: cannot read: {exc}") from exc
        entry = documents.get(txt.stem) if isinstance(documents.get(txt.stem), dict) else {}
        task = Task(doc_id=entry.get("doc_id") or None, text=text,
                    title=entry.get("title") or "", lang=entry.get("lang") or "",
                    labels=tuple(labels) if isinstance(labels, list) and labels else None,
                    record=str(txt))
        offsets = Utf16Offsets(text)
        task.predictions = manifest_predictions(entry.get("predictions"), task,
                                                f"{folder / MANIFEST}: {txt.stem}", offsets)
        ann = txt.with_suffix(".ann")
        if ann.exists():
            task.annotations = read_ann(ann, task, offsets)
        tasks.append(task)
    if not tasks:
        raise InterchangeError(f"{folder}: no .txt files")
    return tasks
