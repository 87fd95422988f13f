"""`cominer train`: new versions of every trainable model into the registry (`--models-dir`).

Trainable models: `spans` (actors/stages, from gold folders plus human corrections) and
`spam-lines` (annotations/spam_lines/). The blind gold set is refused as an input.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..corpus.records import CleanDoc
from ..extract.extractor import ExtractConfig, Extractor
from ..extract.span_model import MODEL_NAME, SpanModel
from . import spam_lines
from .evaluate import Report, score_document
from .registry import next_version, write_meta
from .spans import (
    DEFAULT_CONFIG,
    TrainingDoc,
    base_meta,
    docs_from_gold,
    docs_from_store,
    refuse_blind,
    save_version,
    sentence_examples,
    split_heldout,
    train_all,
)

THRESHOLDS = (0.5, 0.7, 0.9)


@dataclass
class TrainInputs:
    """Gold folders with the folder holding their pages, and corrected store documents."""

    gold: list[tuple[Path, Path]] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)
    db: str | None = None


@dataclass
class Trained:
    name: str
    version: int
    path: Path
    evaluation: dict


def bundled_gold_folders() -> list[tuple[Path, Path]]:
    """The gold folders cominer ships that may be trained on (sample, dev and dev2 if present)."""
    root = Path(str(resources.files("cominer.annotations").joinpath("gold")))
    samples = Path(str(resources.files("cominer.corpus").joinpath("samples")))
    out = []
    for name in ("sample", "dev", "dev2"):
        folder = root / name
        if folder.is_dir() and any(folder.glob("facts*.jsonl")):
            out.append((folder, pages_of(folder, samples)))
    return out


def pages_of(folder: Path, default: Path) -> Path:
    """A gold folder's pages: its `pages/` subfolder, else the bundled sample corpus."""
    return folder / "pages" if (folder / "pages").is_dir() else default


def check_inputs(inputs: TrainInputs) -> None:
    for folder, pages in inputs.gold:
        refuse_blind(folder)
        refuse_blind(pages)


def actor_stage_f1(report: Report) -> float:
    tp = fp = fn = 0
    for fact_type in ("actor", "stage"):
        t = report.total(fact_type)
        tp, fp, fn = tp + t.tp, fp + t.fp, fn + t.fn
    return round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0


def score_heldout(docs: list[TrainingDoc], extractor: Extractor) -> Report:
    report = Report()
    for doc in docs:
        assert doc.clean is not None
        golds = [g for g in doc.golds if g.type in ("actor", "stage")]
        preds = [f for f in extractor.extract(doc.clean) if f.type in ("actor", "stage")]
        score_document(report, doc.clean, golds, preds)
    return report


def train_spans(inputs: TrainInputs, clean_page: Callable[[Path], CleanDoc | None],
                models_dir: Path, cfg: dict | None = None,
                log: Callable[[str], None] = print) -> Trained:
    """Held-out evaluation (with and without the model), then a model on all data, saved."""
    cfg = {**DEFAULT_CONFIG, **(cfg or {})}
    docs: list[TrainingDoc] = []
    for folder, pages in inputs.gold:
        docs += docs_from_gold(folder, clean_page, pages)
    docs += docs_from_store(inputs.corrections)
    examples = [ex for doc in docs for ex in sentence_examples(doc)]
    if not any(ex.spans for ex in examples):
        raise ValueError("no actor or stage spans in the training inputs")
    train_part, held = split_heldout(
        [ex for ex in examples if not ex.doc.startswith("db/")], cfg["holdout_every"])
    train_part += [ex for ex in examples if ex.doc.startswith("db/")]
    held_docs = [d for d in docs if d.name in held and d.clean is not None]
    log(f"spans: {len(docs)} documents, {len(examples)} sentences; "
        f"held out {len(held_docs)} documents")
    no_model = Extractor(ExtractConfig(rates=False, policies=True), span_model=None)
    baseline = actor_stage_f1(score_heldout(held_docs, no_model))
    probe = SpanModel.from_pipelines(train_all(train_part, cfg, log), "held-out")
    by_threshold = {}
    for threshold in THRESHOLDS:  # the threshold is chosen on the held-out documents too
        probe.threshold = threshold
        by_threshold[threshold] = actor_stage_f1(score_heldout(
            held_docs, Extractor(ExtractConfig(rates=False), span_model=probe)))
    cfg["threshold"] = max(by_threshold, key=lambda t: (by_threshold[t], t))
    with_model = by_threshold[cfg["threshold"]]
    log(f"spans held-out actor+stage F1: lexicon only {baseline}, with model {by_threshold}")
    models = train_all(examples, cfg, log)
    version = next_version(MODEL_NAME, models_dir)
    meta = base_meta(version, examples, [str(f) for f, _ in inputs.gold]
                     + ([f"db:{inputs.db}"] if inputs.db else []), cfg)
    meta["evaluation"] = {"score": with_model, "baseline_score": baseline,
                          "measure": "actor+stage micro F1 on held-out gold documents",
                          "heldout_documents": sorted(held)}
    folder = models_dir / MODEL_NAME / str(version)
    save_version(folder, models, meta)
    return Trained(MODEL_NAME, version, folder, meta["evaluation"])


def train_spam_lines(models_dir: Path, threshold: float = 0.8,
                     examples: tuple[list, list] | None = None) -> Trained:
    """A new spam-line classifier version from annotations/spam_lines/ (test split scored);
    `examples` (train, test) replaces the bundled splits."""
    train, test = examples or (spam_lines.bundled_examples("train"),
                               spam_lines.bundled_examples("test"))
    version = next_version(spam_lines.NAME, models_dir)
    model = spam_lines.train(train, version=str(version))
    evaluation = spam_lines.score(model, test, threshold)
    model.meta["evaluation"] = evaluation
    # the same provenance fields as a span-model version (when, from what)
    model.meta["created"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    model.meta["inputs"] = (["given examples"] if examples else
                            ["annotations/spam_lines/train.tsv", "annotations/spam_lines/test.tsv"])
    folder = models_dir / spam_lines.NAME / str(version)
    model.save(folder)
    write_meta(folder, model.meta)
    return Trained(spam_lines.NAME, version, folder, evaluation)
