"""Spam lines: gambling/adult/SEO keyword blocks and hotline/contact lines."""

from __future__ import annotations

import re

from .lexicon import ChromeLexicon

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def line_weight(line: str) -> int:
    """Length with CJK characters counted twice, so thresholds work across scripts."""
    return len(line) + len(CJK.findall(line))


def spam_category(line: str, lex: ChromeLexicon) -> str | None:
    """The spam category a keyword-dense line belongs to, or None for an ordinary line."""
    visible = len(re.sub(r"\s+", "", line)) or 1
    best: tuple[float, str] | None = None
    for category, pattern in lex.spam.items():
        hits = [m.group(0).casefold() for m in pattern.finditer(line)]
        if not hits:
            continue
        coverage = sum(len(h) for h in hits) / visible
        distinct = len(set(hits))
        dense = coverage >= 0.3 or (distinct >= 3 and coverage >= 0.1)
        short = line_weight(line) < 60
        if (dense or short) and (best is None or coverage > best[0]):
            best = (coverage, category)
    return f"spam:{best[1]}" if best else None


def contact_spans(line: str, lex: ChromeLexicon) -> list[tuple[int, int]]:
    """Spans of hotline/phone/messenger contacts inside a line."""
    spans: list[tuple[int, int]] = []
    for pattern in lex.contact:
        spans.extend(m.span() for m in pattern.finditer(line))
    return sorted(spans)


def is_contact_line(line: str, lex: ChromeLexicon) -> bool:
    """A short line whose point is a phone number or messenger handle."""
    return line_weight(line) < 160 and bool(contact_spans(line, lex))
