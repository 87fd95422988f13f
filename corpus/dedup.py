"""Duplicated and near-duplicated sentences, and paragraphs a content spinner shuffled."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .pinyin import strip_pinyin
from .sentences import ends_with_stop, sentence_spans

# Shorter sentences (a teaser line, "一、", a heading repeated in the text) legitimately repeat;
# lengths of the folded key (no spaces or punctuation), in characters.
MIN_KEY = {"cjk": 16, "alphabetic": 60}
NEAR_KEY = {"cjk": 24, "alphabetic": 80}  # near-duplicates are looked for in longer ones only
NEAR_JACCARD = 0.7
SHINGLE = 3
DIGITS = re.compile(r"\d+")
CJK = re.compile(r"[\u3400-\u9fff]")
QUESTION_MARKS = "?？"
QUESTION_CLOSERS = "”」』\"')）"  # what may follow the question mark
NOT_WORD = re.compile(r"[\W_]+")


# What NOT_WORD removes from ASCII text: everything but letters and digits.
ASCII_NOT_WORD = bytes(b for b in range(128) if not chr(b).isalnum())


def sentence_key(sentence: str) -> str:
    """What two copies of a sentence share: no pinyin, NFKC, no spaces or punctuation, folded."""
    text = strip_pinyin(sentence)
    if not unicodedata.is_normalized("NFKC", text):  # the check is much cheaper than normalize
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    if text.isascii():  # deleting bytes is cheaper than a regex over Unicode classes
        return text.encode().translate(None, ASCII_NOT_WORD).decode()
    return NOT_WORD.sub("", text)


def figures(key: str) -> tuple[str, ...]:
    """The numbers in a sentence key, in order ("居民参与率为40" → ("40",))."""
    return () if key.isalpha() else tuple(DIGITS.findall(key))  # letters only: no digits


@dataclass
class NearIndex:
    """Shingle sets of sentences that have the same figures, found by their
    `similarity_prefix`: two sets that similar always share a shingle of their prefixes, so
    the others are never looked up."""

    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    shingle_sets: list[frozenset[str]] = field(default_factory=list)

    @classmethod
    def of(cls, key: str) -> NearIndex:
        index = cls()
        shingles = key_shingles(key)
        index.add(shingles, similarity_prefix(shingles))
        return index

    def near_copy(self, shingles: frozenset[str], prefix: list[str]) -> bool:
        """Whether an earlier sentence shares NEAR_JACCARD of these shingles."""
        postings = self.postings
        candidates = {idx for s in prefix if s in postings for idx in postings[s]}
        for idx in candidates:
            other = self.shingle_sets[idx]
            n = len(shingles & other)
            if n / (len(shingles) + len(other) - n) >= NEAR_JACCARD:
                return True
        return False

    def add(self, shingles: frozenset[str], prefix: list[str]) -> None:
        idx = len(self.shingle_sets)
        self.shingle_sets.append(shingles)
        postings = self.postings
        for s in prefix:
            postings[s].append(idx)


@dataclass
class SentenceIndex:
    """Sentences seen so far in a document: exact keys, and for near copies the shingles of
    sentences grouped by their figures.

    A spinner's copy swaps a word or two but keeps the figures, so a near-duplicate must have
    the same numbers as the sentence it copies: "居民参与率为40%" and "…为45%" both stay.
    Most figures occur in one sentence only: a group's first sentence is kept as its key and
    shingled only when a second sentence with the same figures comes.
    """

    keys: set[str] = field(default_factory=set)
    by_figures: dict[tuple[str, ...], NearIndex | str] = field(default_factory=dict)

    def seen_or_add(self, key: str, near: bool = True) -> bool:
        """Whether `key` (or, with `near`, a near copy of it with the same numbers) was added
        before; when not, add it (to the near-copy index too with `near`)."""
        if key in self.keys:
            return True
        if near and self.near_copy_or_add(key):
            return True
        self.keys.add(key)
        return False

    def near_copy_or_add(self, key: str) -> bool:
        """Whether an earlier sentence with the same figures is a near copy of `key`; when
        not, `key` joins its figures' group."""
        numbers = figures(key)
        group = self.by_figures.get(numbers)
        if group is None:
            self.by_figures[numbers] = key  # alone so far: nothing to compare with
            return False
        if isinstance(group, str):
            group = self.by_figures[numbers] = NearIndex.of(group)
        shingles = key_shingles(key)
        prefix = similarity_prefix(shingles)
        if group.near_copy(shingles, prefix):
            return True
        group.add(shingles, prefix)
        return False


# Below NEAR_JACCARD, so float rounding in the Jaccard test can never let a pair through that
# the prefix length (worked out from this bound) would have missed.
PREFIX_JACCARD = NEAR_JACCARD - 0.01


def similarity_prefix(shingles: frozenset[str]) -> list[str]:
    """The first |A| - ceil(t|A|) + 1 shingles in sorted order (prefix filtering): two sets
    with Jaccard >= t share at least ceil(t|A|) shingles, so the smallest shared one is in
    both prefixes."""
    ordered = sorted(shingles)
    return ordered[:len(ordered) - math.ceil(PREFIX_JACCARD * len(ordered)) + 1]


def key_shingles(key: str) -> frozenset[str]:
    """Character 3-grams of a CJK key; 6-grams taken every third character of an alphabetic
    one (as discriminating, a third of the work)."""
    if CJK.search(key):
        return frozenset([key[i:i + SHINGLE] for i in range(len(key) - SHINGLE + 1)])
    return frozenset([key[i:i + 6] for i in range(0, max(1, len(key) - 5), 3)])


def keyed_sentences(line: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence_key) of each sentence of the line."""
    return [(start, end, sentence_key(line[start:end])) for start, end in sentence_spans(line)]


def line_key(keyed: list[tuple[int, int, str]]) -> str:
    """The `sentence_key` of a whole line from its `keyed_sentences`: keys drop the white
    space between sentences, and no pinyin cut or NFKC composition reaches across a sentence
    end (a stop or closing mark, which nothing combines with)."""
    return "".join(key for _, _, key in keyed)


def duplicate_sentence_spans(line: str, index: SentenceIndex,
                             keyed: list[tuple[int, int, str]] | None = None
                             ) -> list[tuple[int, int]]:
    """Spans of sentences (near-)identical to earlier ones; adds the new ones to `index`.
    `keyed`: the line's `keyed_sentences`, if already worked out."""
    spans = []
    for start, end, key in keyed_sentences(line) if keyed is None else keyed:
        sentence = line[start:end]
        script = "cjk" if CJK.search(key) else "alphabetic"
        # Questions repeat in interviews and FAQs; a spinner copies statements.
        if len(key) < MIN_KEY[script] or ends_with_stop(sentence, QUESTION_MARKS,
                                                        QUESTION_CLOSERS):
            continue
        if index.seen_or_add(key, near=len(key) >= NEAR_KEY[script]):
            spans.append((start, end))
    return spans


def ordinal_rank(sentence: str, ordinals: dict[str, int]) -> int | None:
    """The rank of the ordinal marker a sentence opens with (Firstly=0, Secondly=1 …)."""
    folded = sentence.casefold()
    for marker, rank in ordinals.items():
        if folded.startswith(marker) and not folded[len(marker):len(marker) + 1].isalnum():
            return rank
    return None


FOOTNOTE = re.compile(r"[\[［](\d{1,3})[\]］]")


def footnote_disorder(paragraphs: list[str]) -> set[int]:
    """Paragraphs where a footnote is cited for the first time after a higher-numbered one.

    Notes are numbered in the order they are first cited, so new numbers only grow; a
    spinner that shuffles sentences and paragraphs breaks that order (re-citing an earlier
    note later is normal and does not count)."""
    seen: set[int] = set()
    highest = 0
    disordered = set()
    for idx, text in enumerate(paragraphs):
        for m in FOOTNOTE.finditer(text):
            number = int(m.group(1))
            if number not in seen:
                if number < highest:
                    disordered.add(idx)
                seen.add(number)
                highest = max(highest, number)
    return disordered


def looks_spun(paragraph: str, ordinals: dict[str, int]) -> bool:
    """Sentences whose ordinal markers run out of order (Finally … First …): shuffled."""
    folded = paragraph.casefold()
    if sum(1 for marker in ordinals if marker in folded) < 2:
        return False  # fewer than two ordinals: nothing can be out of order
    ranks = [r for s, e in sentence_spans(paragraph)
             if (r := ordinal_rank(paragraph[s:e], ordinals)) is not None]
    return any(later < earlier for earlier, later in zip(ranks, ranks[1:], strict=False))
