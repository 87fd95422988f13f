"""The interchange records shared by every format: a task (one document) and its spans.

Readers return offsets in code points, already converted from the tool's units; writers
receive code points and convert. `record` names where a task or span sits in its file, so an
error can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...extract.records import LABELS
from .offsets import Utf16Offsets

ALL_LABELS: tuple[str, ...] = tuple(label for labels in LABELS.values() for label in labels)
# One colour per type, so a tool shows actors, stages, rates and policies apart.
TYPE_COLOURS = {"actor": "#1f77b4", "stage": "#2ca02c", "rate": "#d62728", "policy": "#9467bd"}


class InterchangeError(ValueError):
    """A file that cannot be read or imported; the message names the file and the record."""


@dataclass(frozen=True)
class Span:
    """A labelled span [start, end) in code points; `text` as the file quotes it."""

    start: int
    end: int
    label: str
    text: str | None = None
    fact_id: int | None = None
    score: float | None = None
    model_version: str | None = None
    record: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label


@dataclass
class Task:
    """One document to annotate: its clean text, cominer's facts, and (read back) the labels.

    `predictions` are the facts cominer exported (what the annotator saw); `annotations` the
    annotator's labels, or None when the document was not annotated.
    """

    doc_id: str | None
    text: str
    title: str = ""
    lang: str = ""
    predictions: list[Span] = field(default_factory=list)
    annotations: list[Span] | None = None
    annotator: str | None = None
    labels: tuple[str, ...] | None = None  # the label set of the export, when known
    record: str = ""

    def spans(self) -> list[Span]:
        """The labels to compare: the annotator's, or cominer's where there are none."""
        return self.predictions if self.annotations is None else self.annotations


def label_type(label: str) -> str | None:
    """The fact type of a label, or None for a label outside the label set."""
    return next((t for t, labels in LABELS.items() if label in labels), None)


def check_label(label: object, labels: tuple[str, ...] | None, where: str) -> str:
    """The label, if it is in the label set (the task's, else cominer's)."""
    allowed = labels or ALL_LABELS
    if not isinstance(label, str) or label not in allowed:
        raise InterchangeError(f"{where}: label {label!r} is not in the label set "
                               f"({', '.join(allowed)})")
    return label


def check_quote(text: str, start: int, end: int, quote: str | None, where: str) -> None:
    """The span lies inside the text and, when the file quotes it, the quote matches."""
    if not 0 <= start < end <= len(text):
        raise InterchangeError(f"{where}: span [{start}, {end}) is not inside the text "
                               f"(length {len(text)})")
    if quote is not None and not same_quote(text[start:end], quote):
        raise InterchangeError(f"{where}: span text {quote!r} does not match the document's "
                               f"{text[start:end]!r} at [{start}, {end})")


def same_quote(found: str, quote: str) -> bool:
    """Equal text, where a tool may have written a line break inside a span as a space."""
    return found == quote or " ".join(found.split()) == " ".join(quote.split())


def read_offsets(text: str, start: object, end: object, quote: str | None, units: str,
                 where: str, offsets: Utf16Offsets | None = None) -> tuple[int, int]:
    """A span's offsets from a file, as code points, checked against the text.

    `units` is "utf16" (doccano) or "code points" (Label Studio, brat). With code points and a
    quote, a span whose quote matches only when read as UTF-16 units is converted: Label
    Studio before its fix and brat's web client counted that way after an astral character.
    """
    if isinstance(start, bool) or isinstance(end, bool) \
            or not isinstance(start, int) or not isinstance(end, int):
        raise InterchangeError(f"{where}: offsets must be integers, not {start!r}, {end!r}")
    offsets = offsets or Utf16Offsets(text)
    if units == "utf16":
        cp_start, cp_end = offsets.to_code_points(start), offsets.to_code_points(end)
        if cp_start is None or cp_end is None:
            raise InterchangeError(f"{where}: UTF-16 span [{start}, {end}) is not inside the "
                                   f"text ({offsets.units} units) or splits a character")
        check_quote(text, cp_start, cp_end, quote, where)
        return cp_start, cp_end
    fits = 0 <= start < end <= len(text)
    if quote is not None and offsets.units != len(text) \
            and not (fits and same_quote(text[start:end], quote)):
        cp_start, cp_end = offsets.to_code_points(start), offsets.to_code_points(end)
        if cp_start is not None and cp_end is not None and cp_start < cp_end \
                and same_quote(text[cp_start:cp_end], quote):
            return cp_start, cp_end
    check_quote(text, start, end, quote, where)
    return start, end
