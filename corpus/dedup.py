"""Duplicated sentences and paragraphs, as content spinners and scrapers leave them."""

from __future__ import annotations

import re
import unicodedata

from .pinyin import strip_pinyin
from .sentences import sentence_spans

MIN_SENTENCE_KEY = 12  # shorter sentences ("Yes.", "一、") legitimately repeat


def sentence_key(sentence: str) -> str:
    """What two copies of a sentence share: no pinyin, NFKC, no spaces or punctuation, folded."""
    text = unicodedata.normalize("NFKC", strip_pinyin(sentence)).casefold()
    return re.sub(r"[\W_]+", "", text)


def duplicate_sentence_spans(line: str, seen: set[str]) -> list[tuple[int, int]]:
    """Spans of sentences already in `seen`; adds this line's new sentences to `seen`."""
    spans = []
    for start, end in sentence_spans(line):
        key = sentence_key(line[start:end])
        if len(key) < MIN_SENTENCE_KEY:
            continue
        if key in seen:
            spans.append((start, end))
        else:
            seen.add(key)
    return spans
