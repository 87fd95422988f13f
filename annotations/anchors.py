"""Quote anchors for human facts and tombstones (W3C TextQuoteSelector: exact, prefix, suffix).

A human label must survive re-cleaning: its quote is found again in the new clean text by its
context, and placed only when that is unambiguous; otherwise the caller flags it for review.
"""

from __future__ import annotations

from .gold import context_score

ANCHOR_CHARS = 32  # characters of context kept either side of a quote


def quote_context(text: str, start: int, end: int,
                  size: int = ANCHOR_CHARS) -> tuple[str, str]:
    """(prefix, suffix): up to `size` characters just before `start` and just after `end`."""
    return text[max(0, start - size):start], text[end:end + size]


def quote_occurrences(text: str, quote: str) -> list[int]:
    """Every start of `quote` in `text`, overlapping occurrences included."""
    found, pos = [], text.find(quote) if quote else -1
    while pos != -1:
        found.append(pos)
        pos = text.find(quote, pos + 1)
    return found


def place_quote(text: str, quote: str, prefix: str = "",
                suffix: str = "") -> tuple[int, int] | None:
    """(start, end) of the one occurrence of `quote` its context points to, or None.

    None when the quote is gone, when two occurrences match the context equally well, or when
    less than a quarter of the recorded context still agrees (the quote survived but its
    sentence did not): a human label is never moved on a guess.
    """
    scored = sorted(((context_score(text, pos, pos + len(quote), prefix, suffix), pos)
                     for pos in quote_occurrences(text, quote)), reverse=True)
    if not scored:
        return None
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    score, pos = scored[0]
    context = len(prefix) + len(suffix)
    if context and score * 4 < context:
        return None
    return pos, pos + len(quote)
