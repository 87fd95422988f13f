"""Language and script per paragraph, the same-length search form, and translation pairs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import opencc
import py3langid

from .lexicon import parse_yaml
from .records import Paragraph

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
LATIN_LETTER = r"A-Za-z\u00c0-\u024f\u1e00-\u1eff"
LATIN_RUN = re.compile(rf"[{LATIN_LETTER}][{LATIN_LETTER}\s,.'’\-]*")
VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
                        "ĂÂĐÊÔƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ]")
# Runs of the same classes: counting characters run by run makes one match per word, not one
# per character.
HAN_RUN = re.compile(HAN.pattern + "+")
CYRILLIC_RUN = re.compile(CYRILLIC.pattern + "+")
LATIN_LETTER_RUN = re.compile(LATIN.pattern + "+")
VIETNAMESE_RUN = re.compile(VIETNAMESE.pattern + "+")


def count_chars(run: re.Pattern[str], text: str) -> int:
    """How many characters of `text` a character-class run pattern (`[…]+`) covers."""
    return sum(map(len, run.findall(text)))


def script_language(text: str) -> str:
    """'zh', 'ru' or 'vi' when the script says so, 'latin' for other Latin text, or 'und'."""
    if text.isascii():  # no Han, Cyrillic or Vietnamese letters to count
        return "latin" if count_chars(LATIN_LETTER_RUN, text) >= 2 else "und"
    han = count_chars(HAN_RUN, text)
    if han >= 2 and han >= 0.3 * len(text):
        return "zh"  # Han is 30% of the letters, which are at most all the characters
    cyr = count_chars(CYRILLIC_RUN, text)
    latin = count_chars(LATIN_LETTER_RUN, text)
    letters = han + cyr + latin
    if letters < 2:
        return "und"
    if han >= 0.3 * letters:
        return "zh"
    if cyr >= 0.5 * letters:
        return "ru"
    viet = count_chars(VIETNAMESE_RUN, text)
    if viet >= max(1, 0.03 * latin):
        return "vi"
    return "latin"


WORD_LETTERS = re.compile(r"[^\W\d_]+")
# surely_english: how long an opening must be, and which shares of its words decide
MIN_WORDS_SURELY_ENGLISH = 20
MIN_ENGLISH_SHARE = 0.15
MAX_FOREIGN_SHARE = 0.05
MIN_DISTINCT_ENGLISH = 4  # a list of names joined by "and" is not English prose


@dataclass(frozen=True)
class FunctionWords:
    """English function words, and those of the other Latin-script languages."""

    english: frozenset[str]
    foreign: frozenset[str]


@lru_cache(maxsize=1)
def function_words() -> FunctionWords:
    """The function-word lists (package data), read once per process."""
    path = resources.files("cominer.corpus").joinpath("lexicons", "function_words.yaml")
    lists = parse_yaml(path.read_text(encoding="utf-8"))
    foreign = [w for lang, words in lists.items() if lang != "en" for w in words]
    return FunctionWords(frozenset(lists["en"]), frozenset(foreign))


def surely_english(letters: str) -> bool:
    """Text py3langid calls English: 20+ words, at least 15% of them (and 4 distinct)
    English function words, at most 5% other languages' function words or accented words.

    Checked on 25,000 openings of bench pages and package docs: py3langid called all but a
    few Nigerian news openings so judged 'en' (those it calls Nigerian Pidgin, 'pcm').
    """
    words = WORD_LETTERS.findall(letters.lower())
    if len(words) < MIN_WORDS_SURELY_ENGLISH:
        return False
    lists = function_words()
    english = [w for w in words if w in lists.english]
    foreign = sum(1 for w in words if w in lists.foreign or not w.isascii())
    return (len(english) >= MIN_ENGLISH_SHARE * len(words)
            and len(set(english)) >= MIN_DISTINCT_ENGLISH
            and foreign <= MAX_FOREIGN_SHARE * len(words))


def latin_language(text: str) -> str:
    """en, de, fr … for Latin-script text that is not Vietnamese (py3langid, unless the
    function words make it surely English: its model takes half a second to load)."""
    letters = text if text.isascii() else "".join(LATIN_RUN.findall(text))
    if len(letters) < 12:
        return "en"
    opening = letters[:600]  # the opening says enough, and costs less
    if surely_english(opening):
        return "en"
    code, _ = py3langid.classify(opening)
    return "en" if code in ("vi", "zh", "ru") else code


def detect_language(text: str) -> str:
    """'zh', 'ru', 'vi', 'en', another ISO code for other Latin text, or 'und'."""
    lang = script_language(text)
    return latin_language(text) if lang == "latin" else lang


def assign_languages(paragraphs: list[Paragraph], text: str) -> None:
    """Language per paragraph: the script decides zh, ru and vi; the other Latin paragraphs
    share one py3langid answer for the page (one call per page, not per paragraph)."""
    for p in paragraphs:
        p.lang = script_language(text[p.start:p.end])
    latin = [text[p.start:p.end] for p in paragraphs if p.lang == "latin"]
    if latin:
        code = latin_language(" ".join(latin))
        for p in paragraphs:
            if p.lang == "latin":
                p.lang = code


class NfkcTable(dict):
    """A `str.translate` table: code point → its NFKC form when that is one character (else the
    character itself), worked out the first time a character is met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        self[code] = value = folded if len(folded) == 1 else ch
        return value


@dataclass
class ChineseForms:
    """Traditional → Simplified conversion that keeps every character in place."""

    converter: opencc.OpenCC = field(default_factory=lambda: opencc.OpenCC("t2s"))
    _nfkc: NfkcTable = field(default_factory=NfkcTable)

    def simplified(self, text: str) -> str:
        converted = self.converter.convert(text)
        if len(converted) == len(text):
            return converted
        # A phrase rule changed the length: fall back to one character at a time.
        return "".join(c if len(s := self.converter.convert(c)) != 1 else s for c in text)

    def nfkc_char(self, ch: str) -> str:
        return self._nfkc[ord(ch)]

    def search_form(self, text: str) -> str:
        """Simplified, NFKC per character: exactly as long as `text` (DESIGN.md)."""
        if text.isascii():
            return text
        simple = self.simplified(text) if HAN.search(text) else text
        if unicodedata.is_normalized("NFKC", simple):
            return simple  # then each character is its own NFKC form: nothing to translate
        return simple.translate(self._nfkc)  # ASCII is its own NFKC form

    def script(self, text: str, simple: str | None = None) -> str | None:
        """'Hant' or 'Hans' for Chinese text, None when there are no Han characters."""
        han = count_chars(HAN_RUN, text)
        if not han:
            return None
        simple = self.simplified(text) if simple is None else simple
        traditional = sum(1 for a, b in zip(text, simple, strict=True) if a != b)
        return "Hant" if traditional >= max(2, 0.04 * han) else "Hans"


def document_language(paragraphs: list[Paragraph]) -> str:
    """The language with most characters across paragraphs."""
    sizes: dict[str, int] = {}
    for p in paragraphs:
        if p.lang != "und":
            sizes[p.lang] = sizes.get(p.lang, 0) + (p.end - p.start)
    return max(sizes, key=lambda k: sizes[k]) if sizes else "und"


def fill_undetermined(paragraphs: list[Paragraph]) -> None:
    """Give short undetermined paragraphs (dates, numbers) the language of the one before."""
    previous = next((p.lang for p in paragraphs if p.lang != "und"), "und")
    for p in paragraphs:
        if p.lang == "und":
            p.lang = previous
        else:
            previous = p.lang


ANCHOR = re.compile(r"\d+(?:[.,]\d+)*|\b[A-Z]{2,}\b")


def anchors(text: str) -> set[str]:
    """What a translation keeps unchanged: numbers and acronyms (PPP, NPM, 2021)."""
    return {a.replace(",", ".") for a in ANCHOR.findall(text)}


def language_runs(paragraphs: list[Paragraph]) -> list[list[int]]:
    """Indexes of consecutive paragraphs in one language."""
    runs: list[list[int]] = []
    for i, p in enumerate(paragraphs):
        if runs and paragraphs[runs[-1][-1]].lang == p.lang:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def align_runs(left: list[int], right: list[int], sizes: list[int]) -> list[tuple[int, int]]:
    """Pair the paragraphs of two runs in order: one to one when the counts agree, otherwise
    each paragraph of the shorter run with the one at the same relative position."""
    if len(left) == len(right):
        return list(zip(left, right, strict=True))
    short, long_ = (left, right) if len(left) < len(right) else (right, left)
    total_short = sum(sizes[i] for i in short) or 1
    total_long = sum(sizes[i] for i in long_) or 1
    mids, acc = [], 0
    for i in long_:
        mids.append((acc + sizes[i] / 2) / total_long)
        acc += sizes[i]
    pairs, acc = [], 0
    for i in short:
        mid = (acc + sizes[i] / 2) / total_short
        acc += sizes[i]
        j = long_[min(range(len(long_)), key=lambda k: abs(mids[k] - mid))]
        pairs.append((i, j) if short is left else (j, i))
    return pairs


def pair_translations(paragraphs: list[Paragraph], text: str) -> None:
    """Link the paragraphs of a language run to their translation in the next run (a
    Vietnamese section, then the same in English): lengths in proportion, same numbers."""
    runs = [r for r in language_runs(paragraphs) if paragraphs[r[0]].lang != "und"]
    if len(runs) < 2:
        return  # one language: nothing to pair
    sizes = [content_size(text[p.start:p.end]) for p in paragraphs]
    k = 0
    while k + 1 < len(runs):
        left, right = runs[k], runs[k + 1]
        run_ratio = (sum(sizes[i] for i in left) or 1) / (sum(sizes[i] for i in right) or 1)
        # A single paragraph on each side proves little by its length across scripts (zh/en):
        # it must then share numbers or acronyms. Between two Latin-script languages (vi/en)
        # lengths track each other closely enough.
        langs = {paragraphs[left[0]].lang, paragraphs[right[0]].lang}
        single = len(left) == 1 and len(right) == 1 and not langs <= {"vi", "en"}
        pairs = [(i, j) for i, j in align_runs(left, right, sizes)
                 if 0.5 <= sizes[i] / max(sizes[j], 1) <= 2.0
                 and compatible(text[paragraphs[i].start:paragraphs[i].end],
                                text[paragraphs[j].start:paragraphs[j].end], single)]
        if not 0.6 <= run_ratio <= 1.6:
            pairs = []
        if pairs and len(pairs) >= min(len(left), len(right)) / 2:
            for i, j in pairs:
                if paragraphs[i].pair is None and paragraphs[j].pair is None:
                    paragraphs[i].pair, paragraphs[j].pair = j, i
            k += 2
        else:
            k += 1


def content_size(text: str) -> float:
    """Length in Latin-letter equivalents: a Chinese character says about as much as three."""
    return len(text) + 2 * count_chars(HAN_RUN, text)


def compatible(a: str, b: str, need_anchor: bool = False) -> bool:
    """Two paragraphs that could translate each other: numbers and acronyms agree."""
    anchors_a, anchors_b = anchors(a), anchors(b)
    if not anchors_a and not anchors_b:
        return not need_anchor
    return len(anchors_a & anchors_b) * 2 >= max(len(anchors_a), len(anchors_b))
