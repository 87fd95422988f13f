"""Training the span model (spaCy spancat, small tok2vec) for actors and stages.

Inputs: gold folders (facts-*.jsonl anchored by quote, plus their pages) and human
corrections from a knowledge store. The blind gold set is refused (`refuse_blind`). Each
document becomes sentences with their actor/stage spans (on `text_search`, the form the
extractor matches on); one pipeline per language is trained. Documents are split into a
training and a held-out part (every fifth document of a language): the held-out figures go
into meta.json, then the model is trained again on all documents and saved.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..annotations.gold import GoldFact, load_gold, resolve_anchor
from ..corpus.records import CleanDoc
from ..corpus.sentences import sentence_spans
from ..extract.span_model import MODEL_NAME, SPANS_KEY

SPAN_TYPES = ("actor", "stage")
LANGUAGES = ("zh", "ru", "vi", "en")
DEFAULT_CONFIG = {"width": 64, "rows": 1000, "depth": 2, "window": 1, "epochs": 30,
                  "dropout": 0.2, "seed": 13, "sizes": [1, 2, 3, 4], "holdout_every": 5}


class TrainingInputError(ValueError):
    """A training input that must not be used (the blind set) or cannot be read."""


@dataclass
class TrainingDoc:
    """One document's text (search form) and its actor/stage spans `(start, end, type:label)`."""

    name: str
    text: str
    paragraphs: list[tuple[int, int, str]]
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    clean: CleanDoc | None = None  # gold documents keep what evaluation needs
    golds: list[GoldFact] = field(default_factory=list)


@dataclass
class Example:
    lang: str
    text: str
    spans: list[tuple[int, int, str]]
    doc: str


def is_blind(folder: Path) -> bool:
    """The blind gold set: a folder named `blind` or whose README says it is never trained on."""
    readme = folder / "README.md"
    marked = readme.is_file() and "never a training input" in readme.read_text(encoding="utf-8")
    return folder.name == "blind" or marked


def refuse_blind(folder: Path) -> None:
    if is_blind(folder.resolve()):
        raise TrainingInputError(f"{folder}: the blind gold set is never a training input")


def doc_from_clean(name: str, doc: CleanDoc, golds: Iterable[GoldFact]) -> TrainingDoc:
    spans = []
    for g in golds:
        if g.type not in SPAN_TYPES:
            continue
        where = resolve_anchor(doc.text, g.text, g.prefix, g.suffix, g.start)
        if where:
            spans.append((where[0], where[1], f"{g.type}:{g.label}"))
    paragraphs = [(p.start, p.end, p.lang) for p in doc.paragraphs]
    return TrainingDoc(name, doc.text_search, paragraphs, spans, doc, list(golds))


def docs_from_gold(folder: Path, clean_page: Callable[[Path], CleanDoc | None],
                   pages: Path) -> list[TrainingDoc]:
    """Every document of a gold folder, cleaned from `pages`, with its gold spans."""
    refuse_blind(folder)
    gold = load_gold(folder)
    by_doc: dict[str, list[GoldFact]] = {}
    for g in gold.facts:
        by_doc.setdefault(g.document, []).append(g)
    out = []
    for name in sorted(by_doc):
        doc = clean_page(pages / name)
        if doc is not None and doc.text:
            out.append(doc_from_clean(f"{folder.name}/{name}", doc, by_doc[name]))
    return out


def docs_from_store(rows: list[dict]) -> list[TrainingDoc]:
    """Corrected documents: human facts, plus model/rule facts not rejected or overridden."""
    out = []
    for row in rows:
        text = row.get("text_search") or row["text"]
        rejected = {(r["type"], r["label"], r["start"], r["end"]) for r in row["rejections"]}
        human = [f for f in row["facts"] if f["source"] == "human" and f["type"] in SPAN_TYPES]
        spans = [(f["start"], f["end"], f"{f['type']}:{f['label']}") for f in human]
        for f in row["facts"]:
            if f["source"] == "human" or f["type"] not in SPAN_TYPES:
                continue
            if (f["type"], f["label"], f["start"], f["end"]) in rejected:
                continue
            if any(f["start"] < h["end"] and h["start"] < f["end"] for h in human):
                continue
            spans.append((f["start"], f["end"], f"{f['type']}:{f['label']}"))
        paragraphs = [(p["start"], p["end"], p["lang"]) for p in row["paragraphs"]]
        out.append(TrainingDoc(f"db/{row['doc_id'][:12]}", text, paragraphs,
                               spans))
    return out


def sentence_examples(doc: TrainingDoc) -> list[Example]:
    """Sentences of the four languages, with the spans that lie wholly inside each."""
    out = []
    for p_start, p_end, lang in doc.paragraphs:
        if lang not in LANGUAGES:
            continue
        for s, e in sentence_spans(doc.text, p_start, p_end):
            spans = [(a - s, b - s, label) for a, b, label in doc.spans if s <= a and b <= e]
            out.append(Example(lang, doc.text[s:e], spans, doc.name))
    return out


def data_hash(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for ex in sorted(examples, key=lambda x: (x.lang, x.doc, x.text)):
        digest.update(json.dumps([ex.lang, ex.text, sorted(ex.spans)],
                                 ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def spancat_config(cfg: dict) -> dict:
    return {
        "spans_key": SPANS_KEY,
        "threshold": 0.2,  # candidates; SpanModel applies the extraction threshold
        "suggester": {"@misc": "spacy.ngram_suggester.v1", "sizes": cfg["sizes"]},
        "model": {
            "@architectures": "spacy.SpanCategorizer.v1",
            "scorer": {"@layers": "spacy.LinearLogistic.v1"},
            "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": cfg["width"]},
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": cfg["width"],
                          "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                          "rows": [cfg["rows"], cfg["rows"] // 2, cfg["rows"] // 2,
                                   cfg["rows"] // 4],
                          "include_static_vectors": False},
                "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2",
                           "width": cfg["width"], "window_size": cfg["window"],
                           "maxout_pieces": 3, "depth": cfg["depth"]},
            },
        },
    }


def train_language(lang: str, examples: list[Example], cfg: dict):
    """A tokenizer + spancat pipeline trained on one language's sentences."""
    from spacy.training import Example as SpacyExample
    from spacy.util import minibatch

    from ..extract.nlp import make_tokenizer_nlp

    nlp = make_tokenizer_nlp(lang)
    spancat = nlp.add_pipe("spancat", config=spancat_config(cfg))
    labels = sorted({label for ex in examples for _, _, label in ex.spans})
    for label in labels:
        spancat.add_label(label)
    train = []
    for ex in examples:
        ref = nlp.make_doc(ex.text)
        spans = []
        for a, b, label in ex.spans:
            span = ref.char_span(a, b, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        ref.spans[SPANS_KEY] = spans
        train.append(SpacyExample(nlp.make_doc(ex.text), ref))
    rng = random.Random(cfg["seed"])
    optimizer = nlp.initialize(lambda: train[:200])
    for _ in range(cfg["epochs"]):
        rng.shuffle(train)
        for batch in minibatch(train, size=16):
            nlp.update(batch, drop=cfg["dropout"], sgd=optimizer)
    return nlp


def split_heldout(examples: list[Example], every: int) -> tuple[list[Example], set[str]]:
    """Training examples and the names of held-out documents (every n-th per language)."""
    held: set[str] = set()
    for lang in LANGUAGES:
        names = sorted({ex.doc for ex in examples if ex.lang == lang})
        held |= {n for i, n in enumerate(names) if i % every == every - 1}
    return [ex for ex in examples if ex.doc not in held], held


def train_all(examples: list[Example], cfg: dict, log: Callable[[str], None] = print) -> dict:
    """One trained pipeline per language that has spans to learn."""
    models = {}
    for lang in LANGUAGES:
        own = [ex for ex in examples if ex.lang == lang]
        if not any(ex.spans for ex in own):
            continue
        t = time.perf_counter()
        models[lang] = train_language(lang, own, cfg)
        log(f"spans {lang}: {len(own)} sentences, {sum(len(x.spans) for x in own)} spans, "
            f"{time.perf_counter() - t:.1f} s")
    return models


def save_version(folder: Path, models: dict, meta: dict) -> None:
    from .registry import write_meta

    folder.mkdir(parents=True, exist_ok=True)
    for lang, nlp in models.items():
        nlp.to_disk(folder / lang)
    write_meta(folder, meta)


def base_meta(version: int, examples: list[Example], inputs: list[str], cfg: dict) -> dict:
    return {"name": MODEL_NAME, "version": version,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "training_data_hash": data_hash(examples), "inputs": inputs,
            "sentences": len(examples), "spans": sum(len(x.spans) for x in examples),
            "config": cfg}
