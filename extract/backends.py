"""Tokenisation/NER backends: spaCy blank pipelines (default) or stanza (optional extra).

The stanza backend is for users who have stanza and its models locally: install
`cominer[stanza]`, put the models in a folder and point `STANZA_RESOURCES_DIR` at it. cominer
never downloads them (`download_method=None`). Its named organisations widen a lexicon actor
to the full name (湖南大学社会学系, "Hunan University") where the entity contains the term.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..corpus.records import CleanDoc
from .terms import TermMatch

BACKENDS = ("spacy", "stanza")
STANZA_LANGS = {"zh": "zh-hans", "ru": "ru", "vi": "vi", "en": "en"}
ORG_TYPES = {"ORG", "ORGANIZATION", "NORP_ORG"}

Scored = tuple[TermMatch, str, float]


class BackendError(RuntimeError):
    """A backend that cannot run here: package or models missing, or an unknown name."""


class SpacyBackend:
    """Lexicon spans stay as matched; tokenisation happens in the span model's pipelines."""

    name = "spacy"

    def widen(self, doc: CleanDoc, lang: str, spans: list[Scored], start: int,
              end: int) -> list[Scored]:
        return spans


def import_stanza() -> Any:
    try:
        import stanza
    except ImportError as exc:
        raise BackendError("--backend stanza needs the stanza package, which is not installed: "
                           "pip install 'cominer[stanza]' (it pulls in torch)") from exc
    return stanza


class StanzaBackend:
    """stanza tokenize+ner per language, loaded on first use from `resources_dir`."""

    name = "stanza"

    def __init__(self, resources_dir: str | Path | None = None):
        self.stanza = import_stanza()
        folder = resources_dir or os.environ.get("STANZA_RESOURCES_DIR")
        if not folder:
            raise BackendError("--backend stanza: set STANZA_RESOURCES_DIR to the folder holding "
                               "stanza's models (README: Stanza backend)")
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise BackendError(f"--backend stanza: STANZA_RESOURCES_DIR {self.folder} is not a "
                               "folder")
        self.pipelines: dict[str, Any] = {}

    def pipeline(self, lang: str) -> Any:
        if lang not in self.pipelines:
            code = STANZA_LANGS[lang]
            if not (self.folder / code).is_dir():
                raise BackendError(f"no stanza models for {lang} in {self.folder}: with internet, "
                                   f"run stanza.download('{code}', model_dir='{self.folder}')")
            self.pipelines[lang] = self.stanza.Pipeline(
                code, dir=str(self.folder), processors="tokenize,ner", download_method=None,
                verbose=False)
        return self.pipelines[lang]

    def organisations(self, text: str, lang: str) -> list[tuple[int, int]]:
        doc = self.pipeline(lang)(text)
        return [(e.start_char, e.end_char) for e in doc.ents if e.type in ORG_TYPES]

    def widen(self, doc: CleanDoc, lang: str, spans: list[Scored], start: int,
              end: int) -> list[Scored]:
        if lang not in STANZA_LANGS or not any(m.type == "actor" for m, _, _ in spans):
            return spans
        orgs = [(start + a, start + b) for a, b in self.organisations(doc.text[start:end], lang)]
        return widen_to_entities(doc.text_search, spans, orgs)


def widen_to_entities(search: str, spans: list[Scored],
                      entities: list[tuple[int, int]]) -> list[Scored]:
    """Each entity that contains actor terms becomes one actor span with the first term's
    label; other spans stay."""
    out: list[Scored] = []
    used: set[tuple[int, int]] = set()
    for m, source, confidence in spans:
        host = next(((a, b) for a, b in entities if a <= m.start and m.end <= b), None)
        if m.type != "actor" or host is None:
            out.append((m, source, confidence))
        elif host not in used:
            used.add(host)
            out.append((TermMatch(host[0], host[1], m.type, m.label, search[host[0]:host[1]]),
                        source, confidence))
    return out


def load_backend(name: str) -> SpacyBackend | StanzaBackend:
    if name == "spacy":
        return SpacyBackend()
    if name == "stanza":
        return StanzaBackend()
    raise BackendError(f"unknown backend {name!r} (known: {', '.join(BACKENDS)})")
