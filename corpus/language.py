"""Language and script per paragraph, the same-length search form, and translation pairs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import opencc
import py3langid

from .records import Paragraph

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
LATIN_LETTER = r"A-Za-z\u00c0-\u024f\u1e00-\u1eff"
LATIN_RUN = re.compile(rf"[{LATIN_LETTER}][{LATIN_LETTER}\s,.'’\-]*")
VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
                        "ĂÂĐÊÔƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ]")


def script_language(text: str) -> str:
    """'zh', 'ru' or 'vi' when the script says so, 'latin' for other Latin text, or 'und'."""
    han = len(HAN.findall(text))
    cyr = len(CYRILLIC.findall(text))
    latin = LATIN.findall(text)
    letters = han + cyr + len(latin)
    if letters < 2:
        return "und"
    if han >= 0.3 * letters:
        return "zh"
    if cyr >= 0.5 * letters:
        return "ru"
    viet = len(VIETNAMESE.findall(text))
    if viet >= max(1, 0.03 * len(latin)):
        return "vi"
    return "latin"


def latin_language(text: str) -> str:
    """en, de, fr … for Latin-script text that is not Vietnamese (py3langid)."""
    letters = text if text.isascii() else "".join(LATIN_RUN.findall(text))
    if len(letters) < 12:
        return "en"
    code, _ = py3langid.classify(letters[:600])  # the opening says enough, and costs less
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


@dataclass
class ChineseForms:
    """Traditional → Simplified conversion that keeps every character in place."""

    converter: opencc.OpenCC = field(default_factory=lambda: opencc.OpenCC("t2s"))
    _nfkc: dict[str, str] = field(default_factory=dict)

    def simplified(self, text: str) -> str:
        converted = self.converter.convert(text)
        if len(converted) == len(text):
            return converted
        # A phrase rule changed the length: fall back to one character at a time.
        return "".join(c if len(s := self.converter.convert(c)) != 1 else s for c in text)

    def nfkc_char(self, ch: str) -> str:
        if ch not in self._nfkc:
            folded = unicodedata.normalize("NFKC", ch)
            self._nfkc[ch] = folded if len(folded) == 1 else ch
        return self._nfkc[ch]

    def search_form(self, text: str) -> str:
        """Simplified, NFKC per character: exactly as long as `text` (DESIGN.md)."""
        if text.isascii():
            return text
        simple = self.simplified(text) if HAN.search(text) else text
        table = {ord(c): self.nfkc_char(c) for c in set(simple) if not c.isascii()}
        return simple.translate(table)

    def script(self, text: str, simple: str | None = None) -> str | None:
        """'Hant' or 'Hans' for Chinese text, None when there are no Han characters."""
        han = HAN.findall(text)
        if not han:
            return None
        simple = self.simplified(text) if simple is None else simple
        traditional = sum(1 for a, b in zip(text, simple, strict=True) if a != b)
        return "Hant" if traditional >= max(2, 0.04 * len(han)) else "Hans"


def document_language(paragraphs: list[Paragraph], text: str) -> str:
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


def pair_translations(paragraphs: list[Paragraph]) -> None:
    """Link alternating paragraphs of two languages (a section, then its translation)."""
    counts: dict[str, int] = {}
    for p in paragraphs:
        counts[p.lang] = counts.get(p.lang, 0) + 1
    if sum(1 for n in counts.values() if n >= 2) < 2:
        return
    i = 0
    while i + 1 < len(paragraphs):
        a, b = paragraphs[i], paragraphs[i + 1]
        len_a, len_b = a.end - a.start, b.end - b.start
        if a.lang != b.lang and "und" not in (a.lang, b.lang) and 0.4 <= len_a / max(
                len_b, 1) <= 2.5:
            a.pair, b.pair = i + 1, i
            i += 2
        else:
            i += 1
