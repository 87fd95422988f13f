"""Per-language spaCy pipelines built from blank languages (no hub models).

zh: jieba with a domain user dictionary (`lexicons/zh-userdict.txt` plus every zh lexicon term),
on a jieba instance of its own so the process-wide jieba used elsewhere stays unchanged;
vi: pyvi word segmentation (spaCy's Vietnamese tokenizer); ru, en: spaCy's rule tokenizers,
with pymorphy3 lemmas for Russian. The `cominer_lexicon` component marks lexicon terms as
`doc.spans["lexicon"]`: terms are matched on characters (a token-level pattern can't match
合伙 inside the jieba token 合伙人) and aligned with `doc.char_span(alignment_mode="expand")`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import get_words_and_spaces, registry
from spacy.vocab import Vocab

# russian_lemma lives in terms.py (no spaCy import), so the lexicon loads without spaCy.
from .terms import TermMatcher, read_extract_lexicon, russian_lemma

LEXICON_KEY = "lexicon"


def read_user_dict(lang: str) -> list[str]:
    """Domain words for the segmenter: the user dictionary file plus the lexicon's terms."""
    words: list[str] = []
    path = resources.files("cominer.extract").joinpath("lexicons", f"{lang}-userdict.txt")
    if path.is_file():
        words += [w.strip() for w in path.read_text(encoding="utf-8").splitlines()
                  if w.strip() and not w.startswith("#")]
    data = read_extract_lexicon(lang)
    for fact_type in ("actor", "stage"):
        for terms in (data.get(fact_type) or {}).values():
            words += [t for t in terms or [] if "*" not in t and " " not in t]
    return sorted(set(words))


class JiebaTokenizer:
    """Words from a private jieba instance that knows the domain words (社区合伙人, 居委会)."""

    def __init__(self, vocab: Vocab, user_words: Iterable[str] = ()):
        import jieba

        self.vocab = vocab
        self.user_words = list(user_words)
        self.jieba = jieba.Tokenizer()
        for word in self.user_words:
            self.jieba.add_word(word, freq=2000)

    def __call__(self, text: str) -> Doc:
        words = [w for w in self.jieba.cut(text, HMM=False) if not w.isspace()]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def to_bytes(self, **_kwargs) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kwargs) -> JiebaTokenizer:
        return self

    def to_disk(self, _path: Path, **_kwargs) -> None:
        """The user dictionary is package data: nothing to write."""

    def from_disk(self, _path: Path, **_kwargs) -> JiebaTokenizer:
        return self


@registry.tokenizers("cominer.JiebaTokenizer.v1")
def create_jieba_tokenizer() -> Callable[[Language], JiebaTokenizer]:
    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, read_user_dict("zh"))
    return make


@Language.component("cominer_ru_lemmas")
def set_russian_lemmas(doc: Doc) -> Doc:
    for token in doc:
        if token.is_alpha:
            token.lemma_ = russian_lemma(token.text)
    return doc


@Language.factory("cominer_lexicon", default_config={"lang": ""})
def make_lexicon(nlp: Language, name: str, lang: str) -> LexiconSpans:
    return LexiconSpans(lang or nlp.lang)


class LexiconSpans:
    """Lexicon terms (actor and stage) as `doc.spans["lexicon"]`, labelled `type:label`."""

    def __init__(self, lang: str):
        self.lang = lang
        self.matcher: TermMatcher | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None,
                   lexicon: dict | None = None) -> None:
        self.matcher = TermMatcher.from_lexicon(lexicon or read_extract_lexicon(self.lang))

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize()
        assert self.matcher is not None
        spans: list[Span] = []
        for m in self.matcher.find(doc.text, 0, len(doc.text)):
            span = doc.char_span(m.start, m.end, label=f"{m.type}:{m.label}",
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[LEXICON_KEY] = spans
        return doc

    def to_disk(self, _path: Path, **_kwargs) -> None:
        """The lexicon is package data, read again on load."""

    def from_disk(self, _path: Path, **_kwargs) -> LexiconSpans:
        return self


def make_tokenizer_nlp(lang: str) -> Language:
    """A blank pipeline with the language's tokenizer (and Russian lemmas), no components."""
    if lang == "zh":
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
            "@tokenizers": "cominer.JiebaTokenizer.v1"}}})
    else:
        nlp = spacy.blank(lang)
    if lang == "ru":
        nlp.add_pipe("cominer_ru_lemmas")
    return nlp


def make_lexicon_nlp(lang: str) -> Language:
    """Tokenizer plus the lexicon component: `doc.spans["lexicon"]` holds the terms."""
    nlp = make_tokenizer_nlp(lang)
    nlp.add_pipe("cominer_lexicon", config={"lang": lang})
    nlp.initialize()
    return nlp
