"""Spam lines: gambling/adult/SEO keyword blocks and hotline/contact lines."""

from __future__ import annotations

import re
from functools import lru_cache

from .language import count_chars
from .lexicon import ChromeLexicon

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(CJK.pattern + "+")


# The cleaner asks the weight of the line it is judging about ten times (one per test): the
# last few answers are kept.
@lru_cache(maxsize=8)
def line_weight(line: str) -> int:
    """Length with CJK characters counted twice, so thresholds work across scripts."""
    if line.isascii():
        return len(line)
    return len(line) + count_chars(CJK_RUN, line)


def spam_category(line: str, lex: ChromeLexicon) -> str | None:
    """The spam category a keyword-dense line belongs to, or None for an ordinary line."""
    by_category: dict[str, list[str]] = {}
    for text, category in lex.spam.find(line):
        by_category.setdefault(category, []).append(text)
    if not by_category:
        return None
    visible = len(re.sub(r"\s+", "", line)) or 1
    best: tuple[float, str] | None = None
    for category, hits in by_category.items():
        coverage = sum(len(h) for h in hits) / visible
        distinct = len(set(hits))
        dense = coverage >= 0.3 or (distinct >= 3 and coverage >= 0.1)
        short = line_weight(line) < 60
        if (dense or short) and (best is None or coverage > best[0]):
            best = (coverage, category)
    return f"spam:{best[1]}" if best else None


LETTER_RUN = re.compile(r"[^\W\d_]+")
SENTENCE_END = re.compile(r"[。！？.!?][”」』\"')）]*\s*$")


def cjk_share(text: str) -> float:
    """Share of the letters in `text` that are CJK characters."""
    letters = count_chars(LETTER_RUN, text)
    return count_chars(CJK_RUN, text) / letters if letters else 0.0


def page_cjk_share(lines: list[str]) -> float:
    """CJK share of the page's paragraphs (long lines), so injected blocks do not count."""
    long_lines = [line for line in lines if line_weight(line) >= 120]
    return cjk_share("\n".join(long_lines or lines))


def is_foreign_cjk_line(line: str, page_cjk_share: float) -> bool:
    """A short Chinese line that is no sentence, on a page that is otherwise not Chinese: what
    keyword blocks and "相似文献" lists injected into other-language pages look like."""
    return (page_cjk_share < 0.05 and CJK.search(line) is not None and line_weight(line) < 200
            and cjk_share(line) >= 0.5 and not SENTENCE_END.search(line))


# Every contact pattern needs a run of digits or a messenger name: lines without either (most
# lines) skip the pattern list. Two patterns, each opening with a character class or with
# literals, so the engine skips ahead to where one may start (a lookahead would hide that).
DIGIT_RUN = re.compile(r"\d[\d\s\-–—().]{4,}\d")
MESSENGER = re.compile(
    r"微信|薇信|V信|QQ|qq|Whats[Aa]pp|whats[Aa]pp|Telegram|telegram|Zalo|zalo")


# The cleaner asks twice per line (the whole line a contact? hotlines inside it?): the last
# few answers are kept.
@lru_cache(maxsize=8)
def has_contact_hint(line: str) -> bool:
    """Whether a line has a run of digits or a messenger name, without which no contact
    pattern matches."""
    return DIGIT_RUN.search(line) is not None or MESSENGER.search(line) is not None


def contact_spans(line: str, patterns: tuple[re.Pattern[str], ...]) -> list[tuple[int, int]]:
    """Spans of contacts (phone numbers, messenger handles) inside a line."""
    if not has_contact_hint(line):
        return []
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        spans.extend(pattern_spans(line, pattern))
    return sorted(spans)


# The hotline patterns are among the contact patterns: the cleaner runs them on a line when it
# judges the whole line, then again when it cuts hotlines from it. One line's answers are kept
# (room for one answer per contact pattern).
@lru_cache(maxsize=16)
def pattern_spans(line: str, pattern: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
    """Spans of the pattern's matches in the line."""
    return tuple(m.span() for m in pattern.finditer(line))


def without_contacts(line: str, lex: ChromeLexicon,
                     spans: list[tuple[int, int]] | None = None) -> str:
    """The line with its contacts taken out."""
    rest, pos = [], 0
    for start, end in contact_spans(line, lex.contact) if spans is None else spans:
        rest.append(line[pos:start])
        pos = max(pos, end)
    rest.append(line[pos:])
    return "".join(rest)


def is_contact_line(line: str, lex: ChromeLexicon,
                    spans: list[tuple[int, int]] | None = None) -> bool:
    """A line whose point is a contact: little is left once the contacts are taken out, so a
    real sentence that mentions a phone number stays. `spans`: its `contact_spans`, if known."""
    if line_weight(line) >= 160:
        return False
    if spans is None:
        spans = contact_spans(line, lex.contact)
    if not spans:
        return False
    return line_weight(re.sub(r"[\W\d_]+", "", without_contacts(line, lex, spans))) < 24
