"""Frame-shifted GBK mojibake: GBK bytes read one byte off, the lost byte shown as '?'.

"。“社區" is a1a3 a1b0 c9e7 855e in GBK. Lose the first byte and the rest reads as "！吧鐓^"
(sites then fold ！ to !), so the page shows "?!吧鐓^". Re-encoding the run, putting a lead byte
back in front and decoding again gives candidates; a character-frequency model (from jieba's
dictionary) keeps the reading that is most like Chinese, and only when it is far more so.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import ftfy
import ftfy.badness
import jieba

from .language import ChineseForms
from .pinyin import INJECTED_PINYIN, TONE_MARKS

# ASCII punctuation that sites fold from full-width forms, and back.
UNFOLD = str.maketrans("!:;,?()", "！：；，？（）")
PUNCTUATION_PRIOR = "。，、“”：；！？（）《》—…"
MAX_RUN = 80
MIN_GAIN = 2.0  # nats per character the repaired reading must win by
PINYIN_AFTER = re.compile(rf"[(（][a-z{TONE_MARKS}]{{1,7}}[)）]")


@dataclass
class CharModel:
    """Unigram log-probabilities of Simplified Chinese characters."""

    logp: dict[str, float]
    floor: float
    words: frozenset[str] = frozenset()  # two- and three-character dictionary words

    @classmethod
    def from_jieba(cls) -> CharModel:
        """The model built from jieba's dictionary (about 0.3-0.7 s)."""
        return cls.from_counts(*count_jieba_chars())

    @classmethod
    def from_counts(cls, counts: dict[str, int], total: int, words: frozenset[str]
                    ) -> CharModel:
        return cls({ch: math.log(n / total) for ch, n in counts.items()}, math.log(0.5 / total),
                   words)

    @classmethod
    def load(cls) -> CharModel:
        """The model from the shipped table when it was made from this jieba dictionary
        (same model, a fraction of the start-up time), else from the dictionary itself."""
        table = read_char_table(CHAR_TABLE)
        if table is not None and table[0] == char_table_key():
            return cls.from_counts(*table[1:])
        return cls.from_jieba()

    def in_context(self, before: str, ch: str, after: str) -> bool:
        """Whether `ch` makes a dictionary word with its neighbours (孵+化, 原+则)."""
        return self.word_test(before, after)(ch)

    def word_test(self, before: str, after: str) -> Callable[[str], bool]:
        """`in_context` for many characters between the same neighbours."""
        words, b1, b2, a1, a2 = self.words, before[-1:], before[-2:], after[:1], after[:2]
        return lambda ch: not words.isdisjoint((b1 + ch, b2 + ch, ch + a1, ch + a2))

    def score(self, text: str) -> float:
        """Mean log-probability per character; ASCII counts as unlikely inside Chinese."""
        if not text:
            return self.floor
        return sum(self.logp.get(ch, self.floor) for ch in text) / len(text)


# The counts from_jieba makes, precomputed (scripts/make_char_table.py writes it).
CHAR_TABLE = resources.files(__package__).joinpath("data", "jieba_chars.txt.gz")


def count_jieba_chars() -> tuple[dict[str, int], int, frozenset[str]]:
    """(character counts, total, two- and three-character words) from jieba's dictionary,
    with punctuation ranked by how common it is in prose."""
    counts: dict[str, int] = {}
    words: set[str] = set()
    with open(jieba.get_dict_file().name, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            if 2 <= len(word) <= 3:
                words.add(word)
            for ch in word:
                counts[ch] = counts.get(ch, 0) + freq
    total = sum(counts.values())
    top = max(counts.values())
    # Punctuation is absent from the dictionary; rank it by how common it is in prose.
    for rank, ch in enumerate(PUNCTUATION_PRIOR):
        counts[ch] = top // (rank + 1)
        total += counts[ch]
    return counts, total, frozenset(words)


def char_table_key() -> str:
    """What the table is made from: jieba's dictionary (SHA-256) and the punctuation prior."""
    with open(jieba.get_dict_file().name, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    return f"{digest} {PUNCTUATION_PRIOR}"


def write_char_table(path: Path) -> None:
    """Write the table: its key, the total, `char<TAB>count` lines, a blank line, the words."""
    counts, total, words = count_jieba_chars()
    lines = [char_table_key(), str(total), *(f"{ch}\t{n}" for ch, n in counts.items()), "",
             *sorted(words)]
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), mtime=0))


def read_char_table(path: Traversable) -> tuple[str, dict[str, int], int, frozenset[str]] | None:
    """(key, counts, total, words) from a table `write_char_table` wrote; None if absent."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError):
        return None
    head, _, word_lines = text.partition("\n\n")
    key, total, *count_lines = head.split("\n")
    counts = {ch: int(n) for ch, n in (line.split("\t") for line in count_lines)}
    words = frozenset(word_lines.split("\n")) if word_lines else frozenset()
    return key, counts, int(total), words


def gbk_char(lead: int, trail: int) -> str | None:
    try:
        ch = bytes([lead, trail]).decode("gbk")
    except UnicodeDecodeError:
        return None
    return ch if len(ch) == 1 and not ch.isascii() else None


# A lost byte can take the 126 values 0x81–0xFE: the characters each choice gives depend only
# on the byte kept, so they are listed once per byte value (256 at most), in byte order.
@lru_cache(maxsize=256)
def chars_with_trail(trail: int) -> tuple[str, ...]:
    """The GBK characters whose second byte is `trail`, by lead byte 0x81–0xFE."""
    return tuple(ch for b in range(0x81, 0xFF) if (ch := gbk_char(b, trail)))


@lru_cache(maxsize=256)
def chars_with_lead(lead: int) -> tuple[str, ...]:
    """The GBK characters whose first byte is `lead`, by trail byte 0x81–0xFE."""
    return tuple(ch for b in range(0x81, 0xFF) if (ch := gbk_char(lead, b)))


@dataclass
class GbkShiftRepairer:
    model: CharModel
    chinese: ChineseForms
    # options → (option, its Simplified form), the most frequent first: one list per
    # lost-byte value
    ranked_options: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    # options → the best of them without neighbours: at most one per lost-byte value
    lone_best: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def load(cls, chinese: ChineseForms) -> GbkShiftRepairer:
        return cls(CharModel.load(), chinese)

    def score(self, text: str) -> float:
        return self.model.score(self.chinese.simplified(text))

    def best_char(self, options: tuple[str, ...], before: str = "",
                  after: str = "") -> str | None:
        """The likeliest character among those a lost byte could give (`chars_with_trail`,
        `chars_with_lead`): one that forms a word with its neighbours first, then the most
        frequent."""
        if not options:
            return None
        if not before and not after:  # the answer depends on the options alone
            if options not in self.lone_best:
                self.lone_best[options] = self.best_in_context(options, "", "")
            return self.lone_best[options]
        return self.best_in_context(options, before, after)

    def best_in_context(self, options: tuple[str, ...], before: str, after: str) -> str:
        """`best_char` worked out: the most frequent option that makes a word, else the most
        frequent (ties to the earlier option, as `max` picks)."""
        simple = self.chinese.simplified
        makes_word = self.model.word_test(simple(before), simple(after))
        ranked = self.ranked(options)
        return next((ch for ch, form in ranked if makes_word(form)), ranked[0][0])

    def ranked(self, options: tuple[str, ...]) -> list[tuple[str, str]]:
        """(option, Simplified form), the most frequent first and ties in option order."""
        if options not in self.ranked_options:
            simple = self.chinese.simplified
            scores = {ch: self.score(ch) for ch in options}
            self.ranked_options[options] = [
                (ch, simple(ch)) for ch in sorted(options, key=lambda ch: -scores[ch])]
        return self.ranked_options[options]

    def find_repairs(self, line: str) -> list[tuple[int, int, str]]:
        """(start, end, repaired text) for each shifted run that starts at a '?'."""
        repairs: list[tuple[int, int, str]] = []
        if "?" not in line:
            return repairs
        for match in re.finditer(r"\?", line):
            if repairs and match.start() < repairs[-1][1]:
                continue
            found = self.repair_at(line, match.start())
            if found:
                repairs.append(found)
        return repairs

    def scan_run(self, line: str, q: int) -> tuple[int, str, bool] | None:
        """Where the shifted run after line[q] ends, its characters, and whether its last
        byte was lost too (a '?' before ASCII) rather than resynchronised by an ASCII trail."""
        chars: list[str] = []
        i = q + 1
        while i < len(line) and i - q <= MAX_RUN:
            pinyin = INJECTED_PINYIN.match(line, i) if i > q + 1 else None
            if pinyin:
                i = pinyin.end()
                continue
            ch = line[i]
            if ch == "?" and chars:
                return i + 1, "".join(chars), True
            if ch.isascii() and ch not in "!:;,()":
                if 0x40 <= ord(ch) <= 0x7E and chars:
                    chars.append(ch)
                    return i + 1, "".join(chars), False
                return None
            chars.append(ch)
            i += 1
        return None

    def repair_at(self, line: str, q: int) -> tuple[int, int, str] | None:
        scanned = self.scan_run(line, q)
        if scanned is None:
            return None
        end, run, lost_tail = scanned
        body, last = (run, "") if lost_tail else (run[:-1], run[-1])
        try:
            data = body.translate(UNFOLD).encode("gbk") + last.encode("ascii")
        except UnicodeEncodeError:
            return None
        if not data or (len(data) % 2 == 0) == (not lost_tail):
            return None  # the byte count cannot come from a one-byte shift
        middle = data[1:-1] if lost_tail else data[1:]
        first = self.best_char(chars_with_trail(data[0]))
        if first is None:
            return None
        rest = []
        for k in range(0, len(middle) - (1 if lost_tail else 0), 2):
            ch = gbk_char(middle[k], middle[k + 1]) if k + 1 < len(middle) else None
            if ch is None:
                return None
            rest.append(ch)
        repaired = first + "".join(rest)
        if lost_tail:
            tail = self.best_char(chars_with_lead(data[-1]),
                                  before=first + "".join(rest), after=line[end:end + 2])
            if tail is None:
                return None
            repaired += tail
        # Judge the damaged run by its non-ASCII characters: a real question mark followed by
        # ordinary Chinese scores high there and is left alone.
        wide = re.sub(r"[\x00-\x7f]", "", re.sub(INJECTED_PINYIN, "", line[q:end]))
        if len(wide) < 2 or self.score(repaired) < self.score(wide) + MIN_GAIN:
            return None
        trailing = PINYIN_AFTER.match(line, end)
        if trailing and any(ch in TONE_MARKS for ch in trailing.group(0)):
            end = trailing.end()  # pinyin injected right after the run goes with it
        return q, end, repaired


# A UTF-8 lead byte read as Latin-1 (Â…ô) followed by a continuation byte read as Latin-1 or
# cp1252: every such mojibake has this pair; ordinary accented text almost never does.
UTF8_AS_LATIN1 = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6"
    "\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc"
    "\u2122\u0161\u203a\u0153\u017e\u0178]")


# Lines up to this long have their ftfy repair split into the runs that changed (difflib is
# quadratic at worst); longer ones keep one narrowed edit.
MAX_DIFFED_LINE = 4000


def utf8_latin1_repairs(line: str) -> list[tuple[int, int, str]]:
    """UTF-8 read as Latin-1/cp1252 ("Ã©", "Ð¾Ð"), repaired by ftfy: one edit per changed run.

    The cleaner joins the runs again except around text another step cuts (injected pinyin
    between two repairs): one edit over both would hide it until a second cleaning.
    """
    if line.isascii() or not UTF8_AS_LATIN1.search(line) or not ftfy.badness.is_bad(line):
        return []
    fixed = ftfy.fix_encoding(line)
    if fixed == line:
        return []
    head = 0
    while head < min(len(line), len(fixed)) and line[head] == fixed[head]:
        head += 1
    tail = 0
    while (tail < min(len(line), len(fixed)) - head
           and line[len(line) - 1 - tail] == fixed[len(fixed) - 1 - tail]):
        tail += 1
    if len(line) > MAX_DIFFED_LINE:
        return [(head, len(line) - tail, fixed[head:len(fixed) - tail])]
    return changed_runs(line, fixed)


def changed_runs(before: str, after: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each run of `before` that differs in `after`; runs one
    unchanged character apart are joined (a repair is not split inside a word)."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    runs: list[list] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if runs and i1 - runs[-1][1] <= 1:
            gap = before[runs[-1][1]:i1]
            runs[-1][1], runs[-1][2] = i2, runs[-1][2] + gap + after[j1:j2]
        else:
            runs.append([i1, i2, after[j1:j2]])
    return [(start, end, text) for start, end, text in runs]
