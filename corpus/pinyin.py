"""Pinyin that spam sites inject after Han characters: 社區(qū) → 社區."""

from __future__ import annotations

import re

TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# A Han character, then a bracketed lower-case syllable that carries a tone mark. Real
# parenthesised text ("(PPP)", "（服务提供者）") has no tone marks and stays.
INJECTED_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]([a-z{TONE_MARKS}]{{1,7}})[)）]"
)


def pinyin_spans(line: str) -> list[tuple[int, int]]:
    """Spans of injected pinyin (the brackets included) in a line."""
    if "(" not in line and "（" not in line:
        return []
    return [m.span() for m in INJECTED_PINYIN.finditer(line)
            if any(ch in TONE_MARKS for ch in m.group(1))]


def strip_pinyin(text: str) -> str:
    """The text with injected pinyin removed (used to compare sentences)."""
    spans = pinyin_spans(text)
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text
