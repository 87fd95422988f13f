"""Label Studio: tasks as JSON (text, cominer's facts as `predictions`) and the labels config.

Offsets are code points, as Label Studio has counted them since its fix for astral characters
(label-studio-frontend #308); a region whose quote matches only as UTF-16 units (older
versions, label-studio #1347) is converted on import. Reads the full JSON export (one
annotation per task: the latest not cancelled) and JSON-MIN.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from .offsets import Utf16Offsets
from .tasks import TYPE_COLOURS, InterchangeError, Span, Task, check_label, label_type, read_offsets

FROM_NAME, TO_NAME = "label", "text"
REGION_ID = re.compile(r"^f(\d+)$")  # region ids of exported facts: f<fact_id>


def config_path(path: Path) -> Path:
    """Where the labels config goes: tasks.json -> tasks.label_config.xml."""
    return path.with_name(f"{path.stem}.label_config.xml")


def labels_config(labels: Sequence[str]) -> str:
    """The labelling interface: one `Labels` control over the `text` field."""
    rows = "\n".join(f"    <Label value={quoteattr(label)} "
                     f"background={quoteattr(TYPE_COLOURS.get(label_type(label) or '', '#777'))}/>"
                     for label in labels)
    return (f'<View>\n  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{rows}\n  </Labels>\n'
            f'  <Text name="{TO_NAME}" value="$text"/>\n</View>\n')


def region(span: Span) -> dict[str, Any]:
    """A prediction region for one fact."""
    result: dict[str, Any] = {
        "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
        "value": {"start": span.start, "end": span.end, "text": span.text,
                  "labels": [span.label]}}
    if span.fact_id is not None:
        result["id"] = f"f{span.fact_id}"
    if span.score is not None:
        result["score"] = span.score
    return result


def task_json(task: Task, labels: Sequence[str]) -> dict[str, Any]:
    """One task: the text with enough to re-anchor it, and one prediction per model version."""
    by_version: dict[str, list[Span]] = {}
    for span in task.predictions:
        by_version.setdefault(span.model_version or "cominer", []).append(span)
    predictions = []
    for version, spans in by_version.items():
        scores = [s.score for s in spans if s.score is not None]
        # Label Studio sorts tasks by prediction score: the least confident fact decides.
        predictions.append({"model_version": version, "score": min(scores) if scores else None,
                            "result": [region(s) for s in spans]})
    return {"data": {"text": task.text, "doc_id": task.doc_id, "title": task.title,
                     "lang": task.lang, "cominer_labels": list(labels)},
            "predictions": predictions}


def write_label_studio(tasks: Sequence[Task], labels: Sequence[str], path: Path) -> list[Path]:
    """Write the tasks file and the labels config beside it; the paths written."""
    path.write_text(json.dumps([task_json(t, labels) for t in tasks], ensure_ascii=False,
                               indent=1) + "\n", encoding="utf-8")
    config = config_path(path)
    config.write_text(labels_config(labels), encoding="utf-8")
    return [path, config]


def load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InterchangeError(f"{path}: not a readable JSON file: {exc}") from exc


def annotator_name(value: Any) -> str | None:
    """Who completed an annotation: an e-mail, a name, or a numeric user id."""
    if isinstance(value, dict):
        value = value.get("email") or value.get("username") or value.get("id")
    if isinstance(value, bool) or value is None or value == "":
        return None
    return f"label-studio-user-{value}" if isinstance(value, int) else str(value)


def read_regions(results: Any, task: Task, where: str, offsets: Utf16Offsets,
                 version: str | None = None) -> list[Span]:
    """The labelled regions of one annotation or prediction, in code points."""
    if not isinstance(results, list):
        raise InterchangeError(f"{where}: `result` must be a list")
    spans = []
    for n, item in enumerate(results, 1):
        at = f"{where}, result {n}"
        if not isinstance(item, dict):
            raise InterchangeError(f"{at}: not an object")
        value = item.get("value")
        if not isinstance(value, dict) or "labels" not in value:
            continue  # relations, choices, text areas: not span labels
        start, end = read_offsets(task.text, value.get("start"), value.get("end"),
                                  value.get("text"), "code points", at, offsets)
        labels = value.get("labels")
        if not isinstance(labels, list) or not labels:
            raise InterchangeError(f"{at}: `labels` must be a non-empty list")
        match = REGION_ID.match(str(item.get("id") or ""))
        score = item.get("score")
        for label in labels:
            spans.append(Span(start, end, check_label(label, task.labels, at),
                              task.text[start:end], int(match.group(1)) if match else None,
                              score if isinstance(score, int | float) else None, version, at))
    return spans


def latest_annotation(annotations: Any, where: str) -> dict[str, Any] | None:
    """The annotation to import: the latest one not cancelled (skipped) by its annotator."""
    if annotations is None:
        return None
    if not isinstance(annotations, list):
        raise InterchangeError(f"{where}: `annotations` must be a list")
    done = [(a.get("updated_at") or a.get("created_at") or "", n, a)
            for n, a in enumerate(annotations) if isinstance(a, dict)
            and not a.get("was_cancelled")]
    return max(done, key=lambda row: (str(row[0]), row[1]))[2] if done else None


def read_task(item: Any, where: str) -> Task:
    if not isinstance(item, dict):
        raise InterchangeError(f"{where}: not an object")
    data = item.get("data") if "data" in item else item  # JSON-MIN is flat
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InterchangeError(f"{where}: no `text` in the task data")
    labels = data.get("cominer_labels")
    task = Task(doc_id=data.get("doc_id") or None, text=data["text"],
                title=data.get("title") or "", lang=data.get("lang") or "",
                labels=tuple(labels) if isinstance(labels, list) and labels else None,
                record=where)
    if task.doc_id:
        where = f"{where} (doc {str(task.doc_id)[:12]})"
    offsets = Utf16Offsets(task.text)
    if "data" not in item:  # JSON-MIN: one annotation as `label`
        task.annotator = annotator_name(item.get("annotator"))
        if "label" in item:
            task.annotations = read_regions(
                [{"value": v} for v in item["label"] or []], task, f"{where}, label",
                offsets)
        return task
    for n, prediction in enumerate(item.get("predictions") or [], 1):
        if isinstance(prediction, dict):  # some exports list prediction ids only
            task.predictions += read_regions(prediction.get("result") or [], task,
                                             f"{where}, prediction {n}", offsets,
                                             prediction.get("model_version"))
    annotation = latest_annotation(item.get("annotations"), where)
    if annotation is not None:
        task.annotator = annotator_name(annotation.get("completed_by"))
        task.annotations = read_regions(annotation.get("result") or [], task,
                                        f"{where}, annotation {annotation.get('id', '')}".rstrip(),
                                        offsets)
    return task


def read_label_studio(path: Path) -> list[Task]:
    """Tasks from a Label Studio JSON (or JSON-MIN) export; offsets in code points."""
    data = load_json(path)
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InterchangeError(f"{path}: expected a list of tasks")
    return [read_task(item, f"{path}: task {n}") for n, item in enumerate(data, 1)]
