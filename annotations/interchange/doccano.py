"""doccano: sequence-labelling JSON Lines (`text`, `label`: [[start, end, label], ...]).

doccano counts offsets in UTF-16 code units, as the browser does (doccano #2290; a project set
to count grapheme clusters is not supported): exported offsets are converted from code points
and imported ones back. Each line also carries `doc_id` and `cominer` (the exported facts), which
doccano keeps as metadata; a line without them is matched to its document by its text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .offsets import Utf16Offsets
from .tasks import TYPE_COLOURS, InterchangeError, Span, Task, check_label, label_type, read_offsets

UNITS = "utf16"


def labels_path(path: Path) -> Path:
    """Where the label definitions go: tasks.jsonl -> tasks.labels.json."""
    return path.with_name(f"{path.stem}.labels.json")


def task_line(task: Task, labels: Sequence[str]) -> dict[str, Any]:
    offsets = Utf16Offsets(task.text)
    spans = [[offsets.to_units(s.start), offsets.to_units(s.end), s.label]
             for s in task.predictions]
    return {"text": task.text, "label": spans, "doc_id": task.doc_id, "title": task.title,
            "lang": task.lang,
            "cominer": {"units": UNITS, "labels": list(labels),
                        "predictions": [[*span, s.fact_id, s.score, s.model_version]
                                        for span, s in zip(spans, task.predictions,
                                                           strict=True)]}}


def write_doccano(tasks: Sequence[Task], labels: Sequence[str], path: Path) -> list[Path]:
    """Write the JSON Lines file and the label definitions beside it; the paths written."""
    with path.open("w", encoding="utf-8") as fh:
        for task in tasks:
            fh.write(json.dumps(task_line(task, labels), ensure_ascii=False) + "\n")
    defs = labels_path(path)
    defs.write_text(json.dumps(
        [{"text": label, "background_color": TYPE_COLOURS.get(label_type(label) or "", "#777"),
          "text_color": "#ffffff"} for label in labels], ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    return [path, defs]


def line_spans(items: Any, task: Task, where: str, offsets: Utf16Offsets) -> list[Span]:
    """[[start, end, label], ...] or [{start_offset, end_offset, label}, ...] as code points."""
    if not isinstance(items, list):
        raise InterchangeError(f"{where}: labels must be a list")
    spans = []
    for n, item in enumerate(items, 1):
        at = f"{where}, label {n}"
        if isinstance(item, dict):
            start, end, label = item.get("start_offset"), item.get("end_offset"), item.get("label")
        elif isinstance(item, list) and len(item) >= 3:
            start, end, label = item[:3]
        else:
            raise InterchangeError(f"{at}: expected [start, end, label], not {item!r}")
        start, end = read_offsets(task.text, start, end, None, UNITS, at, offsets)
        spans.append(Span(start, end, check_label(label, task.labels, at),
                          task.text[start:end], record=at))
    return spans


def exported_facts(meta: Any, task: Task, where: str, offsets: Utf16Offsets) -> list[Span]:
    """The facts cominer exported on this line (its `cominer.predictions`), as code points."""
    rows = meta.get("predictions") if isinstance(meta, dict) else None
    if not isinstance(rows, list):
        return []
    spans = []
    for n, row in enumerate(rows, 1):
        at = f"{where}, cominer prediction {n}"
        if not isinstance(row, list) or len(row) < 3:
            raise InterchangeError(f"{at}: expected [start, end, label, fact_id, ...]")
        start, end = read_offsets(task.text, row[0], row[1], None, UNITS, at, offsets)
        fact_id = row[3] if len(row) > 3 and isinstance(row[3], int) else None
        score = row[4] if len(row) > 4 and isinstance(row[4], int | float) else None
        spans.append(Span(start, end, check_label(row[2], task.labels, at),
                          task.text[start:end], fact_id, score,
                          row[5] if len(row) > 5 else None, at))
    return spans


def read_line(item: Any, where: str) -> Task:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise InterchangeError(f"{where}: expected an object with `text`")
    meta = item.get("meta") if isinstance(item.get("meta"), dict) else {}
    field = {**meta, **item}.get  # doccano may nest the metadata under `meta`
    cominer = field("cominer")
    if isinstance(cominer, str):  # metadata values may come back as JSON strings
        try:
            cominer = json.loads(cominer)
        except json.JSONDecodeError:
            cominer = None
    labels = cominer.get("labels") if isinstance(cominer, dict) else None
    task = Task(doc_id=field("doc_id") or None, text=item["text"], title=field("title") or "",
                lang=field("lang") or "",
                labels=tuple(labels) if isinstance(labels, list) and labels else None,
                record=where)
    if task.doc_id:
        where = f"{where} (doc {str(task.doc_id)[:12]})"
    offsets = Utf16Offsets(task.text)
    task.predictions = exported_facts(cominer, task, where, offsets)
    key = next((k for k in ("label", "labels", "entities") if k in item), None)
    if key is not None:
        task.annotations = line_spans(item[key], task, where, offsets)
    return task


def read_doccano(path: Path) -> list[Task]:
    """Tasks from a doccano JSON Lines export; offsets converted to code points."""
    tasks = []
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InterchangeError(f"{path}: line {n}: not valid JSON: {exc}") from exc
                tasks.append(read_line(item, f"{path}: line {n}"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InterchangeError(f"{path}: cannot read: {exc}") from exc
    return tasks
