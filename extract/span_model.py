"""The trained span model (spaCy spancat, small tok2vec) for actors and stages, one per language.

A version folder of the registry's `spans` model holds `meta.json` and one spaCy pipeline per
language (`<lang>/`). The model runs only on the sentences the extractor hands it (those with
a lexicon or trigger hit), and its spans are merged with the lexicon matches there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported only when a pipeline loads (about 0.5 s of start-up)
    from spacy.language import Language

SPANS_KEY = "sc"
MODEL_NAME = "spans"


@dataclass(frozen=True)
class SpanPrediction:
    start: int  # offsets into the text given to `predict`
    end: int
    type: str
    label: str
    score: float


def load_language_pipeline(folder: Path) -> Language:
    import spacy

    from . import nlp as _registers_tokenizers  # noqa: F401 - cominer.JiebaTokenizer.v1

    return spacy.load(folder)


class SpanModel:
    """Loaded lazily per language: a document in one language loads only that pipeline."""

    def __init__(self, folder: Path, version: str, threshold: float = 0.5):
        self.folder = folder
        self.version = version
        self.threshold = threshold
        self.pipelines: dict[str, Language | None] = {}

    @classmethod
    def from_pipelines(cls, pipelines: dict[str, Language], version: str,
                       threshold: float = 0.5) -> SpanModel:
        """A model from pipelines in memory (training evaluates before it saves)."""
        model = cls(Path("."), version, threshold)
        model.pipelines = dict(pipelines)
        return model

    def languages(self) -> list[str]:
        return sorted(p.name for p in self.folder.iterdir() if (p / "config.cfg").is_file())

    def pipeline(self, lang: str) -> Language | None:
        if lang not in self.pipelines:
            folder = self.folder / lang
            self.pipelines[lang] = (load_language_pipeline(folder)
                                    if (folder / "config.cfg").is_file() else None)
        return self.pipelines[lang]

    def predict(self, lang: str, texts: list[str]) -> list[list[SpanPrediction]]:
        """Spans scored at or above the threshold in each text, best label per span."""
        nlp = self.pipeline(lang)
        if nlp is None or not texts:
            return [[] for _ in texts]
        out = []
        for doc in nlp.pipe(texts, batch_size=64):
            spans = doc.spans.get(SPANS_KEY, [])
            scores = spans.attrs.get("scores") if hasattr(spans, "attrs") else None
            found = []
            for i, span in enumerate(spans):
                score = float(scores[i]) if scores is not None else 1.0
                if score < self.threshold:
                    continue
                fact_type, _, label = span.label_.partition(":")
                found.append(SpanPrediction(span.start_char, span.end_char, fact_type, label,
                                            score))
            out.append(best_non_overlapping(found))
        return out


def best_non_overlapping(spans: list[SpanPrediction]) -> list[SpanPrediction]:
    """Highest-scoring spans first; a span overlapping a kept one is dropped."""
    kept: list[SpanPrediction] = []
    for s in sorted(spans, key=lambda s: (-s.score, s.start - s.end)):
        if all(s.end <= k.start or k.end <= s.start for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: s.start)
