"""The pure per-document steps: decode → main text → clean → extract → search-index rows.

`process_raw` runs them on one raw document and never raises (a failure becomes a recorded
error); `to_write` turns the result into the `DocWrite` the store takes. Nothing here does I/O,
so the same functions run in-process, in a process pool or on Dask workers (cominer/runner.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings
from .corpus.clean import Cleaner
from .corpus.decode import DecodeError, decode_raw
from .corpus.maintext import main_text_of
from .corpus.records import CleanDoc, InputError, Paragraph, RawDoc
from .corpus.reprints import signature_bytes, text_signature
from .extract.extractor import Extractor
from .extract.records import Fact
from .store import (
    DocWrite,
    KnowledgeStore,
    SearchForms,
    document_index_row,
    fact_index_row,
)

# Steps timed in a run summary; "index" is the search segmentation (folding, Russian lemmas).
STEPS = ("decode", "main_text", "clean", "extract", "index", "store")


@dataclass
class Workers:
    """The loaded cleaner, extractor and search forms: built once per process, reused for
    every document."""

    cleaner: Cleaner
    extractor: Extractor
    forms: SearchForms = field(default_factory=SearchForms)

    @classmethod
    def build(cls, settings: Settings) -> Workers:
        return cls(Cleaner(settings.clean, **registry_of_cleaner(settings)),
                   Extractor(settings.extract))


def registry_of_cleaner(settings: Settings) -> dict[str, Any]:
    """Where the cleaner's spam-line model is chosen: the same registry folder and pins as the
    extractor's models ([extract] models_dir and model, pin `spam-lines=N`)."""
    from .models.registry import parse_pins
    from .models.spam_lines import NAME

    return {"models_dir": settings.extract.models_dir or None,
            "spam_pin": parse_pins(settings.extract.model).get(NAME)}


@dataclass
class Processed:
    raw_source: str
    doc_id: str
    clean: CleanDoc | None = None
    facts: list[Fact] = field(default_factory=list)
    error: tuple[str, str] | None = None  # (stage, reason)
    seconds: dict[str, float] = field(default_factory=dict)
    chars: dict[str, int] = field(default_factory=dict)  # input size of each step
    signature: bytes | None = None  # MinHash of the clean text, for near-duplicate reprints


class Timer:
    """Adds the seconds since the previous lap to a step's total in a dict."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds
        self.started = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.started
        self.started = now


def process_raw(raw: RawDoc, workers: Workers) -> Processed:
    """Decode, extract the main text, clean and extract one document; any failure becomes a
    recorded error, never a raise. The same result as `Cleaner.clean` then `Extractor`."""
    result = Processed(raw.source, raw.doc_id)
    timer = Timer(result.seconds)
    result.chars["decode"] = len(raw.data)
    stage = "decode"
    try:
        decoded = decode_raw(raw)
        timer.lap("decode")
        stage = "main_text"
        result.chars["main_text"] = len(decoded.text)
        main = main_text_of(raw, decoded)
        timer.lap("main_text")
        stage = "clean"
        result.chars["clean"] = len(main.text)
        result.clean = workers.cleaner.clean_main(main, doc_id=raw.doc_id, source=raw.source,
                                                  encoding=decoded.encoding)
        timer.lap("clean")
    except DecodeError as exc:
        result.error = ("decode", str(exc))
        return result
    except Exception as exc:  # a parser bug on one page must not stop the batch
        result.error = (stage, f"{type(exc).__name__}: {exc}")
        result.clean = None
        return result
    if not result.clean.text:
        result.error = ("clean", "no main text found")
        return result
    # The near-duplicate signature feeds the store's reprint index: timed with "index".
    result.signature = signature_bytes(text_signature(result.clean.text_search))
    timer.lap("index")
    extract_into(result, workers, timer)
    return result


def fact_row(fact: Fact) -> dict[str, Any]:
    """`Fact.to_json()` without its deep copy (the dict only travels to the store)."""
    return dict(vars(fact))


def extract_into(result: Processed, workers: Workers, timer: Timer) -> None:
    """Run the extractor on `result.clean`, recording a failure instead of raising."""
    assert result.clean is not None
    result.chars["extract"] = len(result.clean.text)
    try:
        result.facts = workers.extractor.extract(result.clean)
    except Exception as exc:
        result.error = ("extract", f"{type(exc).__name__}: {exc}")
        result.facts = []
    timer.lap("extract")


def clean_from_stored(stored: dict[str, Any], source: str) -> CleanDoc:
    """A stored document rebuilt as the CleanDoc the extractor reads (for --reextract)."""
    return CleanDoc(
        doc_id=stored["doc_id"], source=source, title=stored.get("title"),
        date=stored.get("date"), lang=stored.get("lang") or "und",
        cleaner_version=stored.get("cleaner_version") or "",
        config_hash=stored.get("config_hash") or "", main_text=stored.get("main_text") or "",
        text=stored["text"], text_search=stored.get("text_search") or stored["text"],
        paragraphs=[Paragraph(start=p["start"], end=p["end"], lang=p.get("lang") or "und",
                              script=p.get("script"), pair=p.get("pair"),
                              flags=list(p.get("flags") or []))
                    for p in stored.get("paragraphs") or []],
        removed=[], repaired=[], author=stored.get("author"), site=stored.get("site"),
        encoding=stored.get("encoding"))


def reextract_stored(stored: dict[str, Any], source: str, workers: Workers) -> Processed:
    """Extract again from a stored clean text (the cleaner is not re-run, so offsets hold)."""
    result = Processed(source, stored["doc_id"])
    result.clean = clean_from_stored(stored, source)
    extract_into(result, workers, Timer(result.seconds))
    return result


def index_rows(clean: CleanDoc, facts: list[Fact], forms: SearchForms
               ) -> tuple[list[tuple[str, str]], tuple[str, str, str, str]]:
    """The search-index rows of a document and its facts (folded forms, Russian lemmas)."""
    fact_rows = [fact_index_row(forms, f.text, clean.text_search[f.start:f.end]) for f in facts]
    doc_row = document_index_row(forms, clean.doc_id, clean.title, clean.text,
                                 clean.text_search)
    return fact_rows, doc_row


def to_write(item: Processed | InputError, workers: Workers | str, *,
             kind: str = "new") -> DocWrite:
    """What the store takes for one source; with `workers`, the search-index rows are
    computed here (in the worker), so the writer does no CPU work of its own."""
    version = workers if isinstance(workers, str) else workers.extractor.version
    if isinstance(item, InputError):
        return DocWrite(source=item.source, doc_id="", clean=None, facts=[],
                        extractor_version=version, error=(item.stage, item.reason))
    write = DocWrite(source=item.raw_source, doc_id=item.doc_id,
                     clean=item.clean.to_json() if item.clean and not item.error else None,
                     facts=[fact_row(f) for f in item.facts],
                     extractor_version=version, error=item.error,
                     signature=item.signature, kind=kind)
    if write.clean is not None and not isinstance(workers, str):
        started = time.perf_counter()
        write.fact_index, write.doc_index = index_rows(item.clean, item.facts, workers.forms)
        item.seconds["index"] = item.seconds.get("index", 0.0) + time.perf_counter() - started
        item.chars["index"] = len(item.clean.text)
    return write


@dataclass
class RunReport:
    run_id: int
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    reextracted: int = 0
    facts: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STEPS, 0.0))
    chars: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    errors: list[tuple[str, str]] = field(default_factory=list)  # the first MAX_ERRORS_KEPT
    wall: float = 0.0
    mode: str = "in-process"
    # When the first batch was written (seconds into the run) and how many documents it
    # held: the rate after it leaves out start-up (model loading, worker processes).
    first_write: tuple[float, int] | None = None
    # CPU seconds: of the jobs in their workers, and of this process's own work (reading,
    # planning, writing), start-up excluded; wall-clock figures move with other load, these
    # hardly do.
    cpu_jobs: float = 0.0
    cpu_main: float = 0.0


def run_sources(paths: Iterable[str | Path], store: KnowledgeStore, settings: Settings,
                workers: Workers | None = None, *, args: dict | None = None) -> RunReport:
    """Ingest sources into the store in this process (see cominer/runner.py for the others)."""
    from .runner import RunOptions, run_batch

    return run_batch(paths, store, settings, RunOptions(), args=args, workers=workers)
