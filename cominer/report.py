"""Plain-text tables for the terminal: the run summary and search hits."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .extract.records import FACT_TYPES

LANGS = ("zh", "ru", "vi", "en")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clip(text: str, width: int) -> str:
    """Cut to at most `width` terminal columns, padding to exactly `width`."""
    text = " ".join(text.split())
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1 and used + w > width:
            break
        out.append(ch)
        used += w
    if "".join(out) != text:
        while out and used > width - 1:
            used -= display_width(out.pop())
        out.append("…")
        used += 1
    return "".join(out) + " " * max(0, width - used)


def tail_columns(text: str, width: int) -> str:
    """The end of `text` that fits in `width` terminal columns."""
    out, used = [], 0
    for ch in reversed(" ".join(text.split())):
        used += display_width(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(reversed(out))


def in_context(context: str, evidence: str, side: int = 30) -> str:
    """The evidence in brackets with some of its sentence on each side."""
    at = context.find(evidence)
    if at < 0:
        return clip(context, 2 * side + 20).rstrip()
    before, after = context[:at], context[at + len(evidence):]
    left = tail_columns(before, side) + (" " if before[-1:].isspace() else "")
    right = (" " if after[:1].isspace() else "") + clip(after, side).rstrip()
    return f"…{left}[{clip(evidence, 40).rstrip()}]{right}…"


def format_run_summary(report, summary: dict, db_path: Path, seconds: float) -> str:
    by_type = summary.get("facts_by_type_lang", {})
    lines = [
        f"{report.ok} documents stored, {report.skipped} already known, {report.failed} failed "
        f"→ {db_path} in {seconds:.1f} s (run {report.run_id})",
        f"store: {summary.get('documents', 0)} documents, {summary.get('duplicates', 0)} "
        f"duplicates, {summary.get('sources', 0)} sources, {summary.get('errors', 0)} errors",
        "",
        f"{'facts':<8}" + "".join(f"{lang:>7}" for lang in LANGS) + f"{'total':>8}",
    ]
    for fact_type in FACT_TYPES:
        row = by_type.get(fact_type, {})
        counts = [row.get(lang, 0) for lang in LANGS]
        lines.append(f"{fact_type:<8}" + "".join(f"{n:>7}" for n in counts)
                     + f"{sum(row.values()):>8}")
    lines.extend(format_step_times(report))
    if report.errors:
        lines.append("")
        lines.append("errors:")
        lines.extend(f"  {source}: {reason}" for source, reason in report.errors[:20])
        if len(report.errors) > 20:
            lines.append(f"  … and {len(report.errors) - 20} more (cominer check, errors table)")
    return "\n".join(lines)


def format_step_times(report) -> list[str]:
    """Per-step time (summed over workers), its share, and characters/s (slowest visible)."""
    seconds = {k: v for k, v in (getattr(report, "seconds", None) or {}).items() if v}
    if not seconds:
        return []
    chars = getattr(report, "chars", None) or {}
    total = sum(seconds.values())
    docs = report.ok + report.failed + getattr(report, "reextracted", 0)
    wall = getattr(report, "wall", 0.0)
    rate = f", {docs / wall:.1f} docs/s" if wall and docs else ""
    lines = ["", f"time per step ({getattr(report, 'mode', 'in-process')}{rate}):",
             f"{'step':<10}{'seconds':>9}{'share':>7}{'chars/s':>12}"]
    for step, secs in seconds.items():
        per_s = f"{chars.get(step, 0) / secs:,.0f}" if chars.get(step) else "-"
        lines.append(f"{step:<10}{secs:>9.2f}{secs / total:>7.0%}{per_s:>12}")
    return lines


def format_search_table(hits: list[dict]) -> str:
    if not hits:
        return "no facts found"
    lines = []
    for hit in hits:
        attrs = hit.get("attrs") or {}
        extra = ""
        if hit["type"] == "rate":
            extra = f" [{attrs.get('min')}–{attrs.get('max')}]"
        elif hit["type"] == "policy":
            extra = f" [{attrs.get('issuer') or '?'}, {attrs.get('year') or '?'}]"
        lines.append(f"{hit['type']:<7} {hit['label']:<20} {hit['lang']:<3} "
                     f"{clip(hit['text'], 40)}{extra}")
        lines.append(f"        in: {clip(hit.get('title') or hit.get('doc_source') or '', 70)}")
        lines.append(f"        {in_context(hit.get('context') or '', hit['text'])}")
    lines.append(f"{len(hits)} facts")
    return "\n".join(lines)
