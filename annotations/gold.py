"""Gold facts and cleaning snippets, anchored by quote and context so they survive re-cleaning.

A gold fact is a fact record (DESIGN.md; `source` is "human") plus `document`, the page's file
name, and `prefix`/`suffix`, the characters just before and after the quote, like a W3C
TextQuoteSelector. `doc_id`/`start`/`end` are only hints: `resolve_anchor` finds the quote
again in the current clean text, and `write_offsets` refreshes the hints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

BUNDLED = "sample"


@dataclass
class GoldFact:
    document: str
    type: str
    label: str
    lang: str
    text: str
    prefix: str = ""
    suffix: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    start: int | None = None
    end: int | None = None
    doc_id: str | None = None


@dataclass
class CleaningGold:
    document: str
    lang: str
    keep: list[str]
    remove: list[str]
    title: str | None = None
    date: str | None = None


@dataclass
class GoldSet:
    facts: list[GoldFact]
    cleaning: list[CleaningGold]

    def sources(self) -> list[str]:
        return sorted({f.document for f in self.facts} | {c.document for c in self.cleaning})


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not valid JSON: {exc}") from exc
    return rows


def bundled_gold_dir() -> Path:
    return Path(str(resources.files("cominer.annotations").joinpath("gold", BUNDLED)))


def load_gold(folder: Path | None = None) -> GoldSet:
    """All `facts-*.jsonl` and `cleaning-*.jsonl` files of a gold folder."""
    folder = folder or bundled_gold_dir()
    facts, cleaning = [], []
    for path in sorted(folder.glob("facts*.jsonl")):
        for row in read_jsonl(path):
            facts.append(GoldFact(**{k: row.get(k) for k in (
                "document", "type", "label", "lang", "text")},
                prefix=row.get("prefix") or "", suffix=row.get("suffix") or "",
                attrs=row.get("attrs") or {}, start=row.get("start"), end=row.get("end"),
                doc_id=row.get("doc_id")))
    for path in sorted(folder.glob("cleaning*.jsonl")):
        for row in read_jsonl(path):
            cleaning.append(CleaningGold(row["document"], row.get("lang", ""), row.get("keep", []),
                                         row.get("remove", []), row.get("title"),
                                         row.get("date")))
    return GoldSet(facts, cleaning)


def context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of prefix (backwards) and suffix (forwards) agree at a spot."""
    score = 0
    for a, b in zip(reversed(text[max(0, start - len(prefix)):start]), reversed(prefix),
                    strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(text[end:end + len(suffix)], suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def resolve_anchor(text: str, quote: str, prefix: str = "", suffix: str = "",
                   hint: int | None = None) -> tuple[int, int] | None:
    """(start, end) of the quote in `text` that best matches its context, or None."""
    if not quote:
        return None
    best: tuple[int, int, int] | None = None  # (score, -distance, start)
    pos = text.find(quote)
    while pos != -1:
        score = context_score(text, pos, pos + len(quote), prefix, suffix)
        distance = abs(pos - hint) if hint is not None else 0
        key = (score, -distance, pos)
        if best is None or key[:2] > best[:2]:
            best = key
        pos = text.find(quote, pos + 1)
    if best is None:
        return None
    return best[2], best[2] + len(quote)


def write_offsets(folder: Path, place: Callable[[str], tuple[str, str] | None]) -> int:
    """Refresh the `doc_id`/`start`/`end` hints of every gold fact in `folder`.

    `place(document)` gives (doc_id, clean text) of a page, or None. Returns how many facts
    could not be placed (their hints become null, their quotes stay).
    """
    unplaced = 0
    texts: dict[str, tuple[str, str] | None] = {}
    for path in sorted(folder.glob("facts*.jsonl")):
        rows = read_jsonl(path)
        for row in rows:
            doc = row["document"]
            if doc not in texts:
                texts[doc] = place(doc)
            placed = texts[doc]
            span = None
            if placed is not None:
                span = resolve_anchor(placed[1], row["text"], row.get("prefix") or "",
                                      row.get("suffix") or "", row.get("start"))
            row["doc_id"] = placed[0] if placed else None
            row["start"], row["end"] = span if span else (None, None)
            unplaced += span is None
        tmp = path.with_suffix(".jsonl.tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                       encoding="utf-8")
        tmp.replace(path)
    return unplaced
