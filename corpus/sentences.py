"""Sentence spans in any of the four languages, as offsets into the text."""

from __future__ import annotations

import re

# A terminator (CJK or Latin), then any closing quotes/brackets. A full stop ends a sentence
# only before white space and a capital or non-Latin letter, so 13.07.2015 and "e.g. the" stay.
BOUNDARY = re.compile(
    r"(?:[。！？!?；;…]+|\.(?=\s+[^\sa-zа-яёđ\d(]|\s*$))[”’\"」』）)\]]*"
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end], white space trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in BOUNDARY.finditer(text, start, end):
        spans.append((cursor, match.end()))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    trimmed = []
    for s, e in spans:
        piece = text[s:e]
        kept = piece.strip()  # str.strip drops exactly the characters str.isspace accepts
        if kept:
            s += len(piece) - len(piece.lstrip())
            trimmed.append((s, s + len(kept)))
    return trimmed


def ends_with_stop(text: str, stops: str, closers: str) -> bool:
    r"""Whether `text` ends with one of `stops`, then only `closers` and white space: what the
    pattern `[stops][closers]*\s*$` finds, without trying it at every position. The two sets
    share no character, and white space is none of them."""
    tail = text.rstrip().rstrip(closers)
    return tail != "" and tail[-1] in stops
