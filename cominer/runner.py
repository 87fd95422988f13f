"""The batch runner: feeds the pure steps (cominer/pipeline.py) to an executor, writes results.

Three executors run the same `process_chunk`: in this process, a local process pool
(`--workers N`) or a Dask cluster (`--dask ADDRESS` or `--dask local`). Each worker process
loads its models once and does all the CPU work, search segmentation included; this process
only reads inputs, plans jobs and writes: one writer, one SQLite transaction per batch.

Results are written in input order whatever the workers' timing (a bounded queue of chunks is
drained from its head), so a parallel run stores exactly what a single-process run stores, and
a run killed at any point resumes by skipping the documents its committed batches hold.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .config import Settings
from .corpus.clean import cleaner_identity
from .corpus.inputs import iter_inputs
from .corpus.records import InputError, RawDoc
from .corpus.sources import iter_input_files, media_type_for
from .extract.extractor import extractor_identity
from .limits import call_with_time_limit
from .pipeline import (
    Processed,
    RunReport,
    Workers,
    process_raw,
    reextract_stored,
    registry_of_cleaner,
    to_write,
)
from .store import DocRows, KnowledgeStore, prepare_write

MAX_ERRORS_KEPT = 100  # errors listed in the report; all of them are in the errors table
CHUNKS_IN_FLIGHT_PER_WORKER = 2  # bounded queue: memory stays flat however long the input
DASK_CONNECT_TIMEOUT = "10s"


class RunnerError(RuntimeError):
    """The executor cannot start (a Dask scheduler that cannot be reached)."""


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """How a batch runs: where the CPU work goes and what is (re)done."""

    workers: int | None = 1  # processes; 1 runs everything in this process
    dask: str | None = None  # a scheduler address (tcp://host:8786) or "local"
    reextract: bool = False  # re-extract stored documents of another extractor version
    chunk_size: int | None = None  # documents per task (default: the executor's own)
    from_hf: tuple[str, ...] = ()  # Hugging Face datasets folders to read as inputs


@dataclass(frozen=True)
class Job:
    """One document's CPU work: a raw document to process, or a stored one to re-extract."""

    source: str
    raw: RawDoc | None = None
    stored: dict[str, Any] | None = None


class Outcome(NamedTuple):
    """A job's result as it travels back to the writer: the rows to store plus step timings.
    Tuples, lists and two small dicts, no dataclass tree: unpickling it in the writer (one
    process for all workers) costs little."""

    write: DocRows
    seconds: Mapping[str, float] = {}  # read only: a default is shared
    chars: Mapping[str, int] = {}
    cpu: float = 0.0  # CPU seconds the job took in its worker process


# -- worker side ---------------------------------------------------------------------------

# One loaded Workers per (process, thread): a pool or Dask worker builds its models on its
# first task and reuses them for every later one. Thread-local because the cleaner's caches
# are not meant to be shared between threads (a Dask worker may run several).
_LOADED = threading.local()


def process_workers(settings: Settings) -> Workers:
    """This process's (thread's) Workers for `settings`, built on first use."""
    key = repr(settings)
    if getattr(_LOADED, "key", None) != key:
        _LOADED.workers = Workers.build(settings)
        _LOADED.key = key
    return _LOADED.workers


def process_job(job: Job, workers: Workers, doc_timeout: float = 0.0) -> Outcome:
    """All the CPU work of one job; never raises (failures are recorded errors)."""
    cpu = time.process_time()
    if job.stored is not None:
        stored = job.stored
        processed = call_with_time_limit(
            doc_timeout, reextract_stored, stored, job.source, workers,
            on_timeout=lambda e: Processed(job.source, stored["doc_id"], error=("timeout", str(e))))
        write = to_write(processed, workers, kind="reextract")
    else:
        raw = job.raw
        assert raw is not None
        processed = call_with_time_limit(  # a hostile page cannot hang the batch
            doc_timeout, process_raw, raw, workers,
            on_timeout=lambda e: Processed(raw.source, raw.doc_id, error=("timeout", str(e))))
        write = to_write(processed, workers)
    # The rows are built here, not in the writer (it is one process for all workers); the
    # time counts as "store".
    started = time.perf_counter()
    rows = prepare_write(write, workers.forms)
    seconds = processed.seconds
    seconds["store"] = seconds.get("store", 0.0) + time.perf_counter() - started
    return Outcome(rows, seconds, processed.chars, time.process_time() - cpu)


def process_chunk(jobs: list[Job], settings: Settings) -> list[Outcome]:
    """What a pool or Dask task runs: a few jobs with this process's loaded models."""
    workers = process_workers(settings)
    return [process_job(job, workers, settings.input.doc_timeout) for job in jobs]


# -- executors -----------------------------------------------------------------------------

class InProcess:
    """Runs chunks right away in this process."""

    label = "in-process"
    chunk_size = 4

    def __init__(self, settings: Settings, workers: Workers | None = None) -> None:
        self.workers = workers or Workers.build(settings)
        self.doc_timeout = settings.input.doc_timeout
        self.capacity = 1

    def submit(self, jobs: list[Job]) -> Any:
        return [process_job(job, self.workers, self.doc_timeout) for job in jobs]

    def result(self, handle: Any) -> list[Outcome]:
        return handle

    def close(self) -> None:
        pass


class ProcessPool:
    """A local pool of N processes (spawned, so no lock or thread is inherited half-held)."""

    chunk_size = 4  # ~0.1 s of work per task: enough to hide the pickling

    def __init__(self, settings: Settings, processes: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.settings = settings
        self.label = f"{processes} worker processes"
        self.capacity = processes * CHUNKS_IN_FLIGHT_PER_WORKER
        self.pool = ProcessPoolExecutor(max_workers=processes,
                                        mp_context=multiprocessing.get_context("spawn"),
                                        initializer=process_workers, initargs=(settings,))

    def submit(self, jobs: list[Job]) -> Any:
        return self.pool.submit(process_chunk, jobs, self.settings)

    def result(self, handle: Any) -> list[Outcome]:
        return handle.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """A Dask client: to a running scheduler (`tcp://host:8786`) or to a LocalCluster of N
    single-threaded worker processes (`local`), closed again with the run."""

    # Each task costs the scheduler and client about a millisecond or more: ~0.3 s of work
    # per task keeps that small.
    chunk_size = 16

    def __init__(self, settings: Settings, address: str, processes: int) -> None:
        from distributed import Client, LocalCluster

        self.settings = settings
        self.cluster = None
        if address == "local":
            self.cluster = LocalCluster(n_workers=processes, threads_per_worker=1,
                                        processes=True, dashboard_address=None,
                                        silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
            self.label = f"Dask LocalCluster of {processes} workers"
        else:
            try:
                self.client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise RunnerError(f"cannot reach the Dask scheduler at {address}: "
                                  f"{exc}") from exc
            self.label = f"Dask cluster at {address}"
        threads = sum(w.get("nthreads", 1)
                      for w in self.client.scheduler_info().get("workers", {}).values())
        self.capacity = max(threads, processes, 1) * CHUNKS_IN_FLIGHT_PER_WORKER

    def submit(self, jobs: list[Job]) -> Any:
        return self.client.submit(process_chunk, jobs, self.settings, pure=False)

    def result(self, handle: Any) -> list[Outcome]:
        return handle.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(options: RunOptions, settings: Settings,
                  workers: Workers | None = None) -> InProcess | ProcessPool | DaskCluster:
    if options.dask:
        return DaskCluster(settings, options.dask, max(options.workers or 1, 1))
    if (options.workers or 1) > 1:
        return ProcessPool(settings, options.workers)
    return InProcess(settings, workers)


# -- planning and writing ------------------------------------------------------------------

def iter_run_inputs(paths: Iterable[str | Path], settings: Settings,
                    from_hf: Iterable[str] = ()) -> Iterator[RawDoc | InputError]:
    """Every input of a run, read lazily: paths and URLs, then Hugging Face datasets."""
    paths = list(paths)
    if paths:
        yield from iter_inputs(paths, settings.input, settings.fetch)
    for folder in from_hf:
        from .hf_corpus import iter_hf_docs

        yield from iter_hf_docs(folder, settings.input.max_bytes)


def count_inputs(paths: Iterable[str | Path], from_hf: Iterable[str] = ()) -> int | None:
    """How many documents a run will see (file names only, nothing read), or None when it
    cannot know before reading (URLs, WARC archives)."""
    from .corpus.fetch_config import is_url

    total = 0
    for item in iter_input_files([p for p in map(str, paths) if not is_url(p)]):
        if not isinstance(item, InputError) and media_type_for(item.name) == "warc":
            return None
        total += 1
    if any(is_url(str(p)) for p in paths):
        return None
    for folder in from_hf:
        from .hf_corpus import count_hf_docs

        total += count_hf_docs(folder)
    return total


def plan_jobs(items: Iterable[RawDoc | InputError], store: KnowledgeStore, version: str, *,
              reextract: bool, chunk_size: int) -> Iterator[list[Job] | Outcome]:
    """Chunks of CPU work and, in their place in the input order, results needing none
    (unreadable inputs, documents already stored)."""
    chunk: list[Job] = []
    # Documents already sent for re-extraction in this run (a second source of the same
    # bytes may come before the first result is written): only --reextract runs fill it.
    reextracting: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            ready = Outcome(prepare_write(to_write(item, version)))
        elif store.has_document(item.doc_id):
            if (reextract and item.doc_id not in reextracting
                    and store.needs_reextract(item.doc_id, version)):
                reextracting.add(item.doc_id)
                chunk.append(Job(item.source, stored=store.stored_clean(item.doc_id)))
                if len(chunk) >= chunk_size:
                    yield chunk
                    chunk = []
                continue
            ready = Outcome(DocRows(item.source, item.doc_id, "known", version))
        else:
            chunk.append(Job(item.source, raw=item))
            if len(chunk) >= chunk_size:
                yield chunk
                chunk = []
            continue
        if chunk:
            yield chunk
            chunk = []
        yield ready
    if chunk:
        yield chunk


class BatchWriter:
    """The one writer: counts outcomes and stores them `batch_size` at a time."""

    def __init__(self, store: KnowledgeStore, report: RunReport, batch_size: int,
                 progress: Callable[[int], None] | None) -> None:
        self.store = store
        self.report = report
        self.batch_size = batch_size
        self.progress = progress
        self.batch: list[DocRows] = []
        self.batch_chars = 0
        self.started = time.perf_counter()

    def add(self, outcomes: list[Outcome]) -> None:
        report = self.report
        for outcome in outcomes:
            write = outcome.write
            report.cpu_jobs += outcome.cpu
            for step, secs in outcome.seconds.items():
                report.seconds[step] = report.seconds.get(step, 0.0) + secs
            for step, chars in outcome.chars.items():
                report.chars[step] = report.chars.get(step, 0) + chars
            if write.kind == "known":
                report.skipped += 1
            elif write.error:
                report.failed += 1
                if len(report.errors) < MAX_ERRORS_KEPT:
                    report.errors.append((write.source, f"{write.error[0]}: {write.error[1]}"))
            else:
                report.reextracted += write.kind == "reextract"
                report.ok += write.kind == "new"
                report.facts += len(write.facts)
                self.batch_chars += write.text_chars
            self.batch.append(write)
            if len(self.batch) >= self.batch_size:
                self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        started = time.perf_counter()
        self.store.write_batch(self.batch, self.report.run_id, progress={
            "docs_ok": self.report.ok, "docs_failed": self.report.failed,
            "docs_skipped": self.report.skipped})
        done = time.perf_counter()
        self.report.seconds["store"] += done - started
        if self.report.first_write is None:
            self.report.first_write = (done - self.started, len(self.batch))
        self.report.chars["store"] += self.batch_chars
        if self.progress is not None:
            self.progress(len(self.batch))
        self.batch.clear()
        self.batch_chars = 0


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_dead_runs(store: KnowledgeStore) -> list[int]:
    """Runs of this machine still marked running whose process is gone: interrupted."""
    host = socket.gethostname()
    dead = [run_id for run_id, args in store.running_runs()
            if args.get("host") == host and isinstance(args.get("pid"), int)
            and not process_alive(args["pid"])]
    for run_id in dead:
        store.mark_interrupted(run_id)
    return dead


def run_batch(paths: Iterable[str | Path], store: KnowledgeStore, settings: Settings,
              options: RunOptions = RunOptions(), *, args: dict | None = None,
              workers: Workers | None = None,
              progress: Callable[[int], None] | None = None) -> RunReport:
    """Ingest sources: skip stored documents, process the rest on the chosen executor, write
    results in input order, one transaction per batch. Resumable: run it again after a crash."""
    started = time.perf_counter()
    version = workers.extractor.version if workers else extractor_identity(settings.extract)
    interrupted = mark_dead_runs(store)
    run_args = {**(args or {}), "pid": os.getpid(), "host": socket.gethostname()}
    if interrupted:
        run_args["resumes_after"] = interrupted
    executor = make_executor(options, settings, workers)
    cleaner_version, config_hash = cleaner_identity(settings.clean,
                                                    **registry_of_cleaner(settings))
    run_id = store.start_run(cleaner_version=cleaner_version, extractor_version=version,
                             config_hash=config_hash, args=run_args)
    report = RunReport(run_id, mode=executor.label)
    writer = BatchWriter(store, report, settings.store.batch_size, progress)
    writer.started = started
    status = "failed"
    cpu_started = time.process_time()
    try:
        pending: deque[Any] = deque()
        items = iter_run_inputs(paths, settings, options.from_hf)
        for entry in plan_jobs(items, store, version, reextract=options.reextract,
                               chunk_size=max(options.chunk_size or executor.chunk_size, 1)):
            pending.append(executor.submit(entry) if isinstance(entry, list) else [entry])
            while len(pending) > executor.capacity:
                writer.add(result_of(executor, pending.popleft()))
        while pending:
            writer.add(result_of(executor, pending.popleft()))
        writer.flush()
        status = "finished"
    finally:
        report.cpu_main = time.process_time() - cpu_started
        if isinstance(executor, InProcess):
            report.cpu_main -= report.cpu_jobs  # the jobs ran here: count them once
        executor.close()
        report.wall = time.perf_counter() - started
        store.finish_run(run_id, status=status, docs_ok=report.ok, docs_failed=report.failed,
                         docs_skipped=report.skipped)
    return report


def result_of(executor: Any, handle: Any) -> list[Outcome]:
    """A submitted chunk's outcomes, or a ready one's (planned without CPU work)."""
    if isinstance(handle, list) and all(isinstance(o, Outcome) for o in handle):
        return handle
    return executor.result(handle)
