"""Offsets between Python code points (the store's unit) and UTF-16 code units.

Tools written in JavaScript count a character outside the BMP (emoji, CJK Extension B such as
𠀀) as two units: doccano always, Label Studio before its fix, brat's web client. CJK in the
BMP is one unit either way.
"""

from __future__ import annotations

from bisect import bisect_left


class Utf16Offsets:
    """Convert offsets into one text between code points and UTF-16 units."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Where each astral character starts, in code points and in units.
        self._astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
        self._unit_starts = [i + n for n, i in enumerate(self._astral)]
        self.units = self.length + len(self._astral)

    def to_units(self, cp: int) -> int:
        """The UTF-16 offset of code-point offset `cp` (0..len(text))."""
        return cp + bisect_left(self._astral, cp)

    def to_code_points(self, unit: int) -> int | None:
        """The code-point offset of UTF-16 offset `unit`, or None when it splits a surrogate
        pair or lies outside the text."""
        if not 0 <= unit <= self.units:
            return None
        before = bisect_left(self._unit_starts, unit)  # astral characters starting before
        if before and self._unit_starts[before - 1] + 1 == unit:
            return None  # between the two halves of a surrogate pair
        return unit - before


def utf16_length(text: str) -> int:
    """How many UTF-16 units `text` takes (JavaScript's `text.length`)."""
    return len(text) + sum(ord(c) > 0xFFFF for c in text)
