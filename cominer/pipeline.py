"""The end-to-end job: sources → clean → extract → store, one document at a time.

`process_raw` is the pure per-document step (no I/O); `run_sources` streams sources through it
and writes batches, each in one transaction, so a crash never leaves half a document.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .corpus.clean import CLEANER_VERSION, Cleaner
from .corpus.decode import DecodeError
from .corpus.inputs import iter_inputs
from .corpus.records import CleanDoc, InputError, RawDoc
from .corpus.reprints import signature_bytes, text_signature
from .extract.extractor import Extractor
from .extract.records import Fact
from .limits import call_with_time_limit
from .store import DocWrite, KnowledgeStore

STEPS = ("clean", "extract", "store")


@dataclass
class Workers:
    """The loaded cleaner and extractor: built once, reused for every document."""

    cleaner: Cleaner
    extractor: Extractor

    @classmethod
    def build(cls, settings: Settings) -> Workers:
        return cls(Cleaner(settings.clean), Extractor(settings.extract))


@dataclass
class Processed:
    raw_source: str
    doc_id: str
    clean: CleanDoc | None = None
    facts: list[Fact] = field(default_factory=list)
    error: tuple[str, str] | None = None  # (stage, reason)
    seconds: dict[str, float] = field(default_factory=dict)
    signature: bytes | None = None  # MinHash of the clean text, for near-duplicate reprints


def process_raw(raw: RawDoc, workers: Workers) -> Processed:
    """Clean and extract one document; any failure becomes a recorded error, never a raise."""
    result = Processed(raw.source, raw.doc_id)
    t0 = time.perf_counter()
    try:
        result.clean = workers.cleaner.clean(raw)
    except DecodeError as exc:
        result.error = ("decode", str(exc))
        return result
    except Exception as exc:  # a parser bug on one page must not stop the batch
        result.error = ("clean", f"{type(exc).__name__}: {exc}")
        return result
    t1 = time.perf_counter()
    result.seconds["clean"] = t1 - t0
    if not result.clean.text:
        result.error = ("clean", "no main text found")
        return result
    result.signature = signature_bytes(text_signature(result.clean.text_search))
    try:
        result.facts = workers.extractor.extract(result.clean)
    except Exception as exc:
        result.error = ("extract", f"{type(exc).__name__}: {exc}")
        result.facts = []
    result.seconds["extract"] = time.perf_counter() - t1
    return result


def to_write(item: Processed | InputError, extractor_version: str) -> DocWrite:
    if isinstance(item, InputError):
        return DocWrite(source=item.source, doc_id="", clean=None, facts=[],
                        extractor_version=extractor_version, error=(item.stage, item.reason))
    return DocWrite(source=item.raw_source, doc_id=item.doc_id,
                    clean=item.clean.to_json() if item.clean and not item.error else None,
                    facts=[f.to_json() for f in item.facts],
                    extractor_version=extractor_version, error=item.error,
                    signature=item.signature)


@dataclass
class RunReport:
    run_id: int
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    facts: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STEPS, 0.0))
    errors: list[tuple[str, str]] = field(default_factory=list)


def run_sources(paths: Iterable[str | Path], store: KnowledgeStore, settings: Settings,
                workers: Workers | None = None, *, args: dict | None = None,
                progress: Callable[[Iterator], Iterator] = iter) -> RunReport:
    """Ingest sources into the store: skip known documents, write batches atomically."""
    workers = workers or Workers.build(settings)
    run_id = store.start_run(cleaner_version=CLEANER_VERSION,
                             extractor_version=workers.extractor.version,
                             config_hash=workers.cleaner.config_hash, args=args or {})
    report = RunReport(run_id)
    batch: list[DocWrite] = []

    def flush() -> None:
        t = time.perf_counter()
        store.write_batch(batch, run_id)
        report.seconds["store"] += time.perf_counter() - t
        batch.clear()

    status = "failed"
    try:
        for item in progress(iter_inputs(paths, settings.input, settings.fetch)):
            if isinstance(item, RawDoc) and store.has_document(item.doc_id):
                store.add_source(item.source, item.doc_id, run_id)
                report.skipped += 1
                continue
            if isinstance(item, RawDoc):
                processed = call_with_time_limit(  # a hostile page cannot hang the batch
                    settings.input.doc_timeout, process_raw, item, workers,
                    on_timeout=lambda e, r=item: Processed(r.source, r.doc_id,
                                                           error=("timeout", str(e))))
                for step, secs in processed.seconds.items():
                    report.seconds[step] += secs
                write = to_write(processed, workers.extractor.version)
            else:
                write = to_write(item, workers.extractor.version)
            if write.error:
                report.failed += 1
                report.errors.append((write.source, f"{write.error[0]}: {write.error[1]}"))
            else:
                report.ok += 1
                report.facts += len(write.facts)
            batch.append(write)
            if len(batch) >= settings.store.batch_size:
                flush()
        if batch:
            flush()
        status = "finished"
    finally:
        store.finish_run(run_id, status=status, docs_ok=report.ok, docs_failed=report.failed,
                         docs_skipped=report.skipped)
    return report
