"""The damage chain real sites apply to Chinese text, to build mojibake fixtures.

GBK bytes read one byte off: the first byte is lost (shown as '?'), the rest decodes in the
wrong frame until an ASCII byte resynchronises it; the byte left dangling there shows as '?';
full-width punctuation inside the run is folded to ASCII; optionally pinyin is injected.
"""

from __future__ import annotations

FOLD = str.maketrans("！：；，？（）", "!:;,?()")


def gbk_shift(segment: str) -> str:
    """How `segment` (no ASCII inside) reads after losing its first GBK byte."""
    data = segment.encode("gbk")[1:]
    shifted = data.decode("gbk", errors="replace")
    # The decoder resynchronises at the first byte it cannot place; only the run before that
    # is in the wrong frame (and has its punctuation folded).
    cut = shifted.find("\ufffd") + 1 or len(shifted)
    return "?" + shifted[:cut].translate(FOLD).replace("\ufffd", "?") + shifted[cut:]


def damage_at(text: str, pos: int, pinyin_after: int | None = None, pinyin: str = "(qū)") -> str:
    """Shift-damage text from `pos` up to the next ASCII character."""
    end = pos
    while end < len(text) and not text[end].isascii():
        end += 1
    broken = gbk_shift(text[pos:end])
    if pinyin_after is not None:
        broken = broken[:pinyin_after] + pinyin + broken[pinyin_after:]
    return text[:pos] + broken + text[end:]
