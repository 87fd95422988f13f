"""The spam-line classifier: character n-grams → logistic regression, for spam the lists miss.

Training data: `annotations/spam_lines/{train,test}.tsv` (label, lang, text). The model is kept
as plain arrays (weights.npz) plus meta.json, not a pickle, so it loads across library versions.
Rebuild the shipped artefact with `python -m cominer.models.spam_lines --output DIR`.

Scoring a line needs no scikit-learn: `ngram_features` hashes the n-grams exactly as the
HashingVectorizer the model was trained with, so `cominer run` starts without importing it
(about 0.9 s a process).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from murmurhash.mrmr import hash_unicode

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import HashingVectorizer

NAME = "spam-lines"
N_FEATURES = 2**20
NGRAMS = (1, 4)
SHIPPED_VERSION = "1"
WHITE_SPACE_RUN = re.compile(r"\s\s+")


def make_vectorizer() -> HashingVectorizer:
    """The training-time features; `ngram_features` computes the same ones for scoring."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char_wb", ngram_range=NGRAMS, n_features=N_FEATURES,
                             alternate_sign=False, norm="l2", lowercase=True)


def char_wb_ngrams(line: str) -> list[str]:
    """Character n-grams inside space-padded words, as scikit-learn's "char_wb" analyzer
    makes them (lower-cased; a word shorter than n gives itself once)."""
    ngrams = []
    for word in WHITE_SPACE_RUN.sub(" ", line.lower()).split():
        padded = f" {word} "
        for n in range(NGRAMS[0], NGRAMS[1] + 1):
            ngrams.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
            if len(padded) <= n:
                break
    return ngrams


def feature_index(ngram: str) -> int:
    """scikit-learn's FeatureHasher column of a string: signed MurmurHash3 (seed 0) of its
    UTF-8 bytes, absolute value modulo N_FEATURES."""
    h = hash_unicode(ngram)
    if h == -2**31:  # abs() would overflow in int32 there; scikit-learn maps it so
        return (2**31 - 1 - (N_FEATURES - 1)) % N_FEATURES
    return abs(h) % N_FEATURES


def ngram_features(line: str) -> tuple[list[int], list[float]]:
    """The line's L2-normalised hashed n-gram counts, by increasing column (sparse row)."""
    counts = Counter(map(feature_index, char_wb_ngrams(line)))
    columns = sorted(counts)
    values = [float(counts[c]) for c in columns]
    norm = 0.0
    for v in values:  # accumulated in column order, as scikit-learn's normalize does
        norm += v * v
    norm = math.sqrt(norm)
    return columns, [v / norm for v in values] if norm else values


@dataclass
class Example:
    label: str
    lang: str
    text: str


def read_examples(path: Path) -> list[Example]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Example(r["label"], r["lang"], r["text"]) for r in rows if r.get("text")]


def bundled_examples(split: str) -> list[Example]:
    """The training or test split shipped with cominer (annotations/spam_lines/)."""
    path = resources.files("cominer.annotations").joinpath("spam_lines", f"{split}.tsv")
    with resources.as_file(path) as real:
        return read_examples(real)


def data_hash(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.label}\t{e.lang}\t{e.text}\n".encode())
    return digest.hexdigest()[:16]


@dataclass
class SpamLineModel:
    """A linear model over hashed character n-grams; `probability` is P(spam) per line."""

    indices: np.ndarray
    weights: np.ndarray
    intercept: float
    meta: dict

    def __post_init__(self) -> None:
        self.coef = np.zeros(N_FEATURES, dtype=np.float64)
        self.coef[self.indices] = self.weights

    def probability(self, lines: list[str]) -> np.ndarray:
        if not lines:
            return np.zeros(0)
        scores = np.array([self.line_score(line) for line in lines]) + self.intercept
        return 1.0 / (1.0 + np.exp(-scores))

    def line_score(self, line: str) -> float:
        """The sparse row times the weights, summed in column order like a CSR product."""
        columns, values = ngram_features(line)
        weights = self.coef[columns].tolist()  # one gather, not one numpy scalar per n-gram
        total = 0.0
        for weight, value in zip(weights, values, strict=True):
            total += value * weight
        return total

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / "weights.npz", indices=self.indices, weights=self.weights,
                            intercept=np.array([self.intercept]))
        (folder / "meta.json").write_text(json.dumps(self.meta, indent=1, ensure_ascii=False),
                                          encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> SpamLineModel:
        with np.load(folder / "weights.npz") as data:
            indices, weights = data["indices"], data["weights"]
            intercept = float(data["intercept"][0])
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return cls(indices, weights, intercept, meta)

    @classmethod
    def load_selected(cls, models_dir: Path | str | None = None,
                      pin: int | None = None) -> SpamLineModel:
        """The registry's choice: the pinned version, else the newest not worse than shipped."""
        from .registry import select_version

        chosen = select_version(NAME, models_dir, pin)
        return cls.load(chosen.path) if chosen is not None else cls.load_shipped()

    @classmethod
    def load_shipped(cls) -> SpamLineModel:
        folder = resources.files("cominer.models").joinpath("artefacts", NAME, SHIPPED_VERSION)
        with resources.as_file(folder) as real:
            return cls.load(Path(real))


def train(examples: list[Example], *, c: float = 16.0, version: str = SHIPPED_VERSION
          ) -> SpamLineModel:
    """Fit on labelled lines; spam is the positive class."""
    from sklearn.linear_model import LogisticRegression

    x = make_vectorizer().transform([e.text for e in examples])
    y = np.array([e.label == "spam" for e in examples])
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    clf.fit(x, y)
    coef = clf.coef_[0]
    indices = np.flatnonzero(np.abs(coef) > 1e-9).astype(np.int32)
    meta = {"name": NAME, "version": version, "training_data_hash": data_hash(examples),
            "examples": len(examples), "config": {"c": c, "ngram_range": [1, 4],
                                                  "n_features": N_FEATURES}}
    return SpamLineModel(indices, coef[indices].astype(np.float32), float(clf.intercept_[0]),
                         meta)


def score(model: SpamLineModel, examples: list[Example], threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of the spam class at a threshold."""
    probs = model.probability([e.text for e in examples])
    predicted = probs >= threshold
    actual = np.array([e.label == "spam" for e in examples])
    tp = int((predicted & actual).sum())
    fp = int((predicted & ~actual).sum())
    fn = int((~predicted & actual).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    # `score` is the figure the model registry compares versions on
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": f1, "threshold": threshold,
            "score": f1}


def main() -> None:
    parser = argparse.ArgumentParser(description="Train the spam-line classifier.")
    parser.add_argument("--output", type=Path, required=True, help="artefact folder to write")
    parser.add_argument("--threshold", type=float, default=0.8)
    args = parser.parse_args()
    model = train(bundled_examples("train"))
    model.meta["evaluation"] = score(model, bundled_examples("test"), args.threshold)
    model.save(args.output)
    print(json.dumps(model.meta["evaluation"]))


if __name__ == "__main__":
    main()
