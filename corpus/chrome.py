"""Site chrome: navigation, related-document lists, comment sections, bylines, footers."""

from __future__ import annotations

import re

from .lexicon import ChromeLexicon
from .spam import line_weight

SEPARATORS = re.compile(r"\s*(?:[|/·•»>›,，、]|\s{2,}|-{1,2}\s)\s*")
OPENING = "(（["
CLOSING = ")）]"
LONG_LINE = 120  # weight above which a line reads as an article paragraph, not a list item


def strip_counter(line: str) -> str:
    """'Комментарии (3)' → 'Комментарии'.

    From the end: closing brackets and spaces, digits, then opening brackets and spaces: what
    COUNTER in tests/unit/test_clean_speed.py removes (each run taken whole finds its leftmost
    match), without trying a pattern at every position."""
    text = line.strip().rstrip(":：")
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in CLOSING):
        end -= 1
    while end and text[end - 1].isdecimal():
        end -= 1
    while end and (text[end - 1].isspace() or text[end - 1] in OPENING):
        end -= 1
    return text[:end].strip()


def is_marker(line: str, markers: frozenset[str]) -> bool:
    """A short line that is exactly one of the markers (ignoring case and a count)."""
    return marker_form(line) in markers


def marker_form(line: str) -> str | None:
    """What a short line is compared with the markers as (folded, no count); None for a long
    line. Worked out once, it is looked up in each marker set."""
    return strip_counter(line).casefold() if line_weight(line) < 60 else None


def is_nav_line(line: str, lex: ChromeLexicon) -> bool:
    """A line made of navigation words and separators (menus, breadcrumbs)."""
    if line_weight(line) > 200:
        return False
    items = [i.strip().rstrip(":：") for i in SEPARATORS.split(line) if i.strip()]
    items = [i.split("：")[-1].split(":")[-1].strip() or i for i in items]
    if not items:
        return False
    known = sum(1 for i in items if i.casefold() in lex.nav_terms)
    if len(items) == 1:
        return known == 1
    return known >= 2 and known / len(items) >= 0.5


def is_byline(line: str, lex: ChromeLexicon) -> bool:
    return line_weight(line) < 200 and any(p.search(line) for p in lex.byline)


def is_footer(line: str, lex: ChromeLexicon) -> bool:
    return line_weight(line) < 300 and any(p.search(line) for p in lex.footer)


DATE = r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})"
COMMENT_META = re.compile(rf"^\S.{{0,40}}?\s*{DATE}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?$")


DIGIT = re.compile(r"\d")


def is_comment_meta(line: str) -> bool:
    """A commenter's name and the date of the comment: "momo 2018-07-19", "小王 2023-07-08"."""
    # a date needs digits: one quick scan spares most lines the backtracking pattern
    return (line_weight(line) < 70 and DIGIT.search(line) is not None
            and COMMENT_META.match(line.strip()) is not None)


NAMED_COMMENT = re.compile(r"^[^\s:：]{1,24}(?:\s[^\s:：]{1,24})?\s?[:：]\s*\S")


def is_named_comment(line: str) -> bool:
    """"Ольга К.: Спасибо!" — a commenter's name, a colon and a short remark."""
    return line_weight(line) < 240 and NAMED_COMMENT.match(line) is not None


SENTENCE_END = re.compile(r"[.!?。！？]\s*$")


def is_list_item(line: str, next_line: str | None) -> bool:
    """A short title-like line in a list; a short line followed by a paragraph is a heading,
    and a line ending like a sentence is text."""
    if line_weight(line) >= LONG_LINE or SENTENCE_END.search(line):
        return False
    return not (next_line is not None and line_weight(next_line) >= 2 * LONG_LINE)
