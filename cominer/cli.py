"""The `cominer` command line: a thin layer that reads options, builds steps, hands off.

Exit codes (DESIGN.md): 0 success, 1 some inputs failed (recorded), 2 usage error,
3 store error.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

import click

from . import __version__
from .annotate_cli import annotate
from .config import ConfigError, Settings, load_settings
from .corpus.inputs import iter_inputs
from .corpus.records import InputError
from .corpus.sources import iter_raw_docs
from .extract.records import FACT_TYPES
from .limits import call_with_time_limit
from .pipeline import Workers, process_raw
from .report import format_run_summary, format_search_table
from .runner import RunnerError, RunOptions, count_inputs, run_batch
from .store import ORDERS, STORE_ERRORS, KnowledgeStore, RunLock, StoreError

EXIT_INPUT_FAILED, EXIT_STORE = 1, 3
LOOPBACK_NAMES = ("127.0.0.1", "localhost")  # Host names `serve` answers on loopback
db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=Path("cominer.db"), show_default=True,
                         help="Knowledge-table SQLite file.")
config_option = click.option("--config", "config_path",
                             type=click.Path(exists=True, dir_okay=False, path_type=Path),
                             help="TOML config (default ./cominer.toml if present).")


def registry_options(f):
    """--models-dir and --model: which model versions clean (spam-lines) and extract (spans)."""
    f = click.option("--model", "model_pins", multiple=True,
                     help="Pin a model version, NAME=VERSION (spans=2, spam-lines=2); "
                          "VERSION 0 turns that model off. Default: newest version not worse "
                          "than shipped.")(f)
    return click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path),
                        help="Model registry folder (default ./cominer-models).")(f)


def model_options(f):
    """--backend plus the registry options: which tokeniser and which model versions run."""
    f = registry_options(f)
    return click.option("--backend", type=click.Choice(["spacy", "stanza"]),
                        help="Tokenisation/NER backend (stanza: optional extra, local "
                             "models under STANZA_RESOURCES_DIR).")(f)


def extract_overrides(backend: str | None, models_dir: Path | None,
                      model_pins: tuple[str, ...]) -> dict:
    """ExtractConfig fields set by the model options (`spans=0` means no span model)."""
    from .models.registry import RegistryError, parse_pins

    try:
        pins = parse_pins(model_pins)
    except RegistryError as exc:
        raise click.BadParameter(str(exc), param_hint="--model") from exc
    off = pins.get("spans") == 0
    if off:
        del pins["spans"]
    return {"backend": backend, "models_dir": str(models_dir) if models_dir else None,
            "model": ",".join(f"{k}={v}" for k, v in pins.items()) or None,
            "span_model": False if off else None}


def build_workers(settings: Settings) -> Workers:
    """Workers, with a backend or registry problem turned into a usage error (exit 2)."""
    from .extract.backends import BackendError
    from .models.registry import RegistryError

    try:
        return Workers.build(settings)
    except (BackendError, RegistryError) as exc:
        raise click.UsageError(str(exc)) from exc


def check_model_settings(settings: Settings) -> None:
    """A missing backend or a bad model pin is a usage error (exit 2) before any work, found
    without loading a model: pool and Dask workers load their own."""
    from .corpus.clean import spam_model_choice
    from .extract.backends import BackendError, load_backend
    from .extract.extractor import extractor_identity
    from .models.registry import RegistryError
    from .pipeline import registry_of_cleaner

    try:
        load_backend(settings.extract.backend)
        extractor_identity(settings.extract)
        spam_model_choice(settings.clean, **registry_of_cleaner(settings))
    except (BackendError, RegistryError) as exc:
        raise click.UsageError(str(exc)) from exc


def verbosity_options(f):
    f = click.option("-q", "--quiet", is_flag=True, help="Print only results and errors.")(f)
    return click.option("-v", "--verbose", is_flag=True, help="Print per-document details.")(f)


def settings_or_exit(config_path: Path | None) -> Settings:
    try:
        return load_settings(config_path)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


def open_store(db_path: Path) -> KnowledgeStore:
    try:
        return KnowledgeStore(db_path)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)


def sample_corpus(stack: ExitStack) -> Path:
    """The bundled sample corpus as a real folder (package data)."""
    return stack.enter_context(resources.as_file(
        resources.files("cominer.corpus").joinpath("samples")))


def split_langs(values: tuple[str, ...]) -> list[str]:
    """--lang values, repeated or comma-separated, checked against the four languages."""
    langs = [v.strip() for value in values for v in value.split(",") if v.strip()]
    for lang in langs:
        if lang not in ("zh", "ru", "vi", "en"):
            raise click.BadParameter(f"{lang!r} is not one of zh, ru, vi, en",
                                     param_hint="--lang")
    return langs


def format_document_hits(docs: list[dict]) -> str:
    """Document search hits: title, language, source and the match in its sentence."""
    if not docs:
        return "no documents found"
    lines = []
    for doc in docs:
        lines.append(f"{doc['lang'] or '?':<3} {doc['title'] or ''}  ({doc['facts']} facts)")
        lines.append(f"    {doc['doc_source'] or ''}")
        snippet = " ".join((doc.get("snippet") or "").split())
        if doc.get("snippet_match"):
            start, end = doc["snippet_match"]
            raw = doc["snippet"]
            snippet = " ".join(f"…{raw[:start]}[{raw[start:end]}]{raw[end:]}…".split())
        lines.append(f"    {snippet}")
    lines.append(f"{len(docs)} documents")
    return "\n".join(lines)


class CominerGroup(click.Group):
    """The command group; a damaged or busy database met anywhere is exit 3 with a message,
    never a traceback (a file can pass the open and fail on a later page)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except STORE_ERRORS as exc:
            detail = str(exc) if isinstance(exc, StoreError) else (
                f"the database could not be read or written ({exc}); if it is damaged, "
                "`cominer check` tells how, and a copy made by `cominer backup` restores it")
            click.echo(f"error: {detail}", err=True)
            sys.exit(EXIT_STORE)


@click.group(cls=CominerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cominer")
def main() -> None:
    """Clean dirty zh/ru/vi/en web articles and mine co-production facts from them."""


main.add_command(annotate)


def run_progress(quiet: bool, total: int | None):
    """A progress bar on stderr (documents stored, docs/s, ETA when the total is known)."""
    if quiet:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="cominer run", unit="doc", file=sys.stderr,
                dynamic_ncols=True, smoothing=0.1)


def ingest(paths: list[str], db_path: Path, settings: Settings, quiet: bool, verbose: bool,
           args: dict, options: RunOptions | None = None, workers: Workers | None = None) -> int:
    from dataclasses import replace

    options = options or RunOptions()
    started = time.perf_counter()
    total = count_inputs(paths, options.from_hf)
    options = replace(options, workers=auto_workers(options.workers, total))
    bar = run_progress(quiet, total)
    try:
        # One run per database at a time: a second one refuses (exit 3) instead of racing.
        with RunLock(db_path), open_store(db_path) as store:
            report = run_batch(paths, store, settings, options, args=args, workers=workers,
                               progress=bar.update if bar is not None else None)
            summary = store.summary()
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_STORE
    except RunnerError as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        if bar is not None:
            bar.close()
    if verbose:
        for source, reason in report.errors:
            click.echo(f"failed: {source}: {reason}", err=True)
    if not quiet:
        click.echo(format_run_summary(report, summary, db_path, time.perf_counter() - started))
    return EXIT_INPUT_FAILED if report.failed else 0


SMALL_RUN = 100  # documents below which starting worker processes costs more than it saves


def auto_workers(workers: int | None, total: int | None) -> int:
    """--workers as given, else the CPU cores (1 for a run known to be small)."""
    if workers is not None:
        return workers
    if total is not None and total < SMALL_RUN:
        return 1
    return os.cpu_count() or 1


workers_option = click.option(
    "--workers", type=click.IntRange(1),
    help="Processes doing the CPU work (1: all in this process). Default: the CPU cores, or 1 "
         f"for fewer than {SMALL_RUN} documents.")
dask_option = click.option(
    "--dask", "dask_address", metavar="ADDRESS|local",
    help="Run the CPU work on Dask: a scheduler address (tcp://host:8786), or `local` for a "
         "LocalCluster of --workers processes.")


@main.command()
@db_option
@config_option
@workers_option
@dask_option
@verbosity_options
def demo(db_path: Path, config_path: Path | None, workers: int | None, dask_address: str | None,
         quiet: bool, verbose: bool) -> None:
    """Run the whole pipeline on the bundled sample corpus into ./cominer.db, then summarise."""
    settings = settings_or_exit(config_path)
    with ExitStack() as stack:
        folder = sample_corpus(stack)
        code = ingest([str(folder)], db_path, settings, quiet, verbose, {"command": "demo"},
                      RunOptions(workers=workers, dask=dask_address))
    if not quiet:
        click.echo(f"\nNext: cominer search 企业 --db {db_path}   |   "
                   f"cominer search --label profit_share --min-rate 0.15 --db {db_path}")
    sys.exit(code)


@main.command()
@click.argument("sources", nargs=-1)
@db_option
@config_option
@click.option("--batch-size", type=click.IntRange(1), help="Documents per transaction.")
@workers_option
@dask_option
@click.option("--reextract", is_flag=True,
              help="Re-extract stored documents whose extractor version differs (their "
                   "machine facts are replaced; human facts are kept).")
@click.option("--from-hf", "from_hf", multiple=True,
              type=click.Path(exists=True, file_okay=False),
              help="Also read a Hugging Face datasets folder (source + data/html/text "
                   "columns, as `cominer pack` writes); repeatable.")
@click.option("--allow-private", is_flag=True, default=None,
              help="Let URLs reach private, loopback and link-local addresses.")
@model_options
@verbosity_options
def run(sources: tuple[str, ...], db_path: Path, config_path: Path | None,
        batch_size: int | None, workers: int | None, dask_address: str | None, reextract: bool,
        from_hf: tuple[str, ...], allow_private: bool | None, backend: str | None,
        models_dir: Path | None, model_pins: tuple[str, ...], quiet: bool,
        verbose: bool) -> None:
    """Ingest files, folders (.html, .txt, .warc, .gz) and URLs (pages, sitemaps, RSS/Atom
    feeds) → clean → extract → store.

    Incremental and resumable: documents already in the store (same bytes) are skipped, new
    sources of a known document are recorded, and after a crash the same command finishes
    the rest. A bad input is recorded in the errors table (exit 1).
    """
    from .config import with_overrides

    if not sources and not from_hf:
        raise click.UsageError("give at least one SOURCE or --from-hf DIR")
    settings = with_overrides(settings_or_exit(config_path), store={"batch_size": batch_size},
                              fetch={"allow_private": allow_private},
                              extract=extract_overrides(backend, models_dir, model_pins))
    check_model_settings(settings)
    options = RunOptions(workers=workers, dask=dask_address, reextract=reextract,
                         from_hf=from_hf)
    sys.exit(ingest(list(sources), db_path, settings, quiet, verbose,
                    {"command": "run", "sources": list(sources), "from_hf": list(from_hf),
                     "reextract": reextract}, options))


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The datasets folder to write (replaced if it exists).")
@config_option
@click.option("--allow-private", is_flag=True, default=None,
              help="Let URLs reach private, loopback and link-local addresses.")
@verbosity_options
def pack(sources: tuple[str, ...], output: Path, config_path: Path | None,
         allow_private: bool | None, quiet: bool, verbose: bool) -> None:
    """Pack raw inputs (files, folders, WARC, URLs) into a Hugging Face datasets folder, to
    hand a batch to another machine's `cominer run --from-hf DIR` (bytes and doc ids kept)."""
    from .config import with_overrides
    from .hf_corpus import write_corpus_hf

    settings = with_overrides(settings_or_exit(config_path),
                              fetch={"allow_private": allow_private})
    rows, skipped = write_corpus_hf(iter_inputs(sources, settings.input, settings.fetch), output)
    for error in skipped:
        click.echo(f"error: {error.source}: {error.reason}", err=True)
    if not quiet:
        click.echo(f"{rows} documents → {output} (datasets folder)", err=True)
    sys.exit(EXIT_INPUT_FAILED if skipped else 0)


def report_failure(source: str, item) -> bool:
    """Print why a document failed; True if it did."""
    if isinstance(item, InputError):
        click.echo(f"error: {source}: {item.reason}", err=True)
        return True
    if item.error:
        click.echo(f"error: {source}: {item.error[0]}: {item.error[1]}", err=True)
        return True
    return False


def successful_docs(paths: tuple[str, ...], settings: Settings, failures: list[str]):
    """The documents that cleaned (no database involved); each failure is printed and its
    source added to `failures`."""
    workers = build_workers(settings)
    for raw in iter_inputs(paths, settings.input, settings.fetch):
        item = raw if isinstance(raw, InputError) else call_with_time_limit(
            settings.input.doc_timeout, process_raw, raw, workers,
            on_timeout=lambda e, r=raw: InputError(r.source, str(e), stage="timeout"))
        if report_failure(raw.source, item):
            failures.append(raw.source)
        else:
            yield item


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one clean document per line.")
@config_option
@registry_options
@verbosity_options
def clean(paths: tuple[str, ...], as_json: bool, config_path: Path | None,
          models_dir: Path | None, model_pins: tuple[str, ...], quiet: bool,
          verbose: bool) -> None:
    """Clean documents and print them (no database needed)."""
    from .config import with_overrides

    settings = with_overrides(settings_or_exit(config_path),
                              extract=extract_overrides(None, models_dir, model_pins))
    failures: list[str] = []
    for item in successful_docs(paths, settings, failures):
        doc = item.clean
        if as_json:
            click.echo(json.dumps(doc.to_json(), ensure_ascii=False))
        else:
            click.echo(f"# {doc.source}  [{doc.lang}] {doc.title or ''}")
            click.echo(doc.text)
            if verbose:
                for cut in doc.removed:
                    click.echo(f"  - {cut.reason}: {cut.text[:80]}")
            click.echo()
    sys.exit(EXIT_INPUT_FAILED if failures else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--jsonl", is_flag=True, help="JSON Lines, one fact record per line.")
@config_option
@model_options
@verbosity_options
def extract(paths: tuple[str, ...], jsonl: bool, config_path: Path | None, backend: str | None,
            models_dir: Path | None, model_pins: tuple[str, ...], quiet: bool,
            verbose: bool) -> None:
    """Clean and extract facts, print them (no database needed)."""
    from .config import with_overrides

    settings = with_overrides(settings_or_exit(config_path),
                              extract=extract_overrides(backend, models_dir, model_pins))
    failures: list[str] = []
    for item in successful_docs(paths, settings, failures):
        for fact in item.facts:
            if jsonl:
                click.echo(json.dumps(fact.to_json(), ensure_ascii=False))
            else:
                click.echo(f"{fact.type:<7} {fact.label:<20} {fact.lang:<3} "
                           f"{fact.start:>6}-{fact.end:<6} {fact.text[:70]}")
    sys.exit(EXIT_INPUT_FAILED if failures else 0)


@main.command()
@click.argument("query", required=False, default="")
@click.option("--type", "fact_type", type=click.Choice(["actor", "stage", "rate", "policy"]))
@click.option("--label", help="Fact label, e.g. design, profit_share, government.")
@click.option("--lang", "langs", multiple=True, callback=lambda _c, _p, v: split_langs(v),
              help="zh, ru, vi or en; repeat or comma-separate for several (--lang ru,vi).")
@click.option("--min-rate", type=float, help="Rates whose range reaches this fraction (0.15).")
@click.option("--max-rate", type=float, help="Rates whose range starts at or below this.")
@click.option("--issuer", help="Policies whose issuer contains this (国务院, Chính phủ).")
@click.option("--year", type=int, help="Policies issued in this year.")
@click.option("--source", "fact_source", type=click.Choice(["rule", "model", "human"]))
@click.option("--doc", "doc_id", help="Only facts of this document id.")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True)
@click.option("--sort", "order", type=click.Choice(sorted(ORDERS)), default="fact_id",
              show_default=True, help="Order of the hits (year: policies by year of issue).")
@click.option("--desc", "descending", is_flag=True, help="Sort in descending order.")
@click.option("--documents", "in_documents", is_flag=True,
              help="Search the clean text of documents instead of facts (QUERY required).")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of fact records.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@db_option
@verbosity_options
def search(query: str, fact_type: str | None, label: str | None, langs: list[str],
           min_rate: float | None, max_rate: float | None, issuer: str | None,
           year: int | None, fact_source: str | None,
           doc_id: str | None, limit: int, order: str, descending: bool, in_documents: bool,
           as_json: bool, as_csv: bool, db_path: Path, quiet: bool, verbose: bool) -> None:
    """Search facts by free text (any of the four languages) and filters.

    QUERY is a phrase; `A OR B` finds either. Traditional and Simplified Chinese find each
    other and Russian words match in any inflected form.
    """
    lang = langs or None
    if in_documents and not query:
        raise click.UsageError("--documents needs a QUERY")
    filters = (fact_type, label, lang, min_rate, max_rate, issuer, year, fact_source, doc_id)
    if not query and not any(f is not None for f in filters):
        raise click.UsageError("give a QUERY or at least one filter")
    if not db_path.exists():
        click.echo(f"error: {db_path}: no such database (run `cominer run` or `cominer demo`)",
                   err=True)
        sys.exit(EXIT_STORE)
    with open_store(db_path) as store:
        if in_documents:
            docs = store.search_documents(query, lang=lang, limit=limit)
            click.echo(json.dumps(docs, ensure_ascii=False, indent=1) if as_json
                       else format_document_hits(docs))
            return
        hits = store.search_facts(query or None, type=fact_type, label=label, lang=lang,
                                  min_rate=min_rate, max_rate=max_rate, issuer=issuer,
                                  year=year, source=fact_source,
                                  doc_id=doc_id, order=order, descending=descending,
                                  limit=limit)
    if as_json:
        click.echo(json.dumps(hits, ensure_ascii=False, indent=1))
    elif as_csv:
        writer = csv.writer(sys.stdout)
        columns = ["doc_id", "type", "label", "lang", "text", "start", "end", "attrs",
                   "confidence", "source", "title", "doc_source", "context"]
        writer.writerow(columns)
        for hit in hits:
            writer.writerow([json.dumps(hit[c], ensure_ascii=False) if c == "attrs" else hit[c]
                             for c in columns])
    else:
        click.echo(format_search_table(hits))


@main.command()
@click.argument("gold", required=False, type=click.Path(exists=True, file_okay=False,
                                                          path_type=Path))
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False,
                                                        path_type=Path),
              help="Folder with the gold set's documents (default: the bundled samples).")
@click.option("--write-offsets", is_flag=True,
              help="Rewrite the gold files' doc_id/start/end hints from the current clean text.")
@click.option("--compare", "compare_pins", multiple=True,
              help="Also evaluate with these model versions (NAME=VERSION, spans=0 for none) "
                   "and print the F1 difference (--model minus --compare).")
@click.option("--errors", "error_types", is_flag=False, flag_value=",".join(FACT_TYPES),
              default=None, metavar="[TYPES]",
              help="List each document's false positives and false negatives with context; "
                   "TYPES (comma-separated, e.g. actor,stage) limits the list.")
@config_option
@model_options
@verbosity_options
def evaluate(gold: Path | None, corpus_dir: Path | None, write_offsets: bool,
             compare_pins: tuple[str, ...], error_types: str | None,
             config_path: Path | None, backend: str | None,
             models_dir: Path | None, model_pins: tuple[str, ...], quiet: bool,
             verbose: bool) -> None:
    """Precision / recall / F1 per fact type and language against a gold folder.

    GOLD defaults to the bundled sample gold (annotations/gold/sample).
    """
    from .annotations.gold import bundled_gold_dir, load_gold
    from .annotations.gold import write_offsets as refresh_offsets
    from .config import with_overrides
    from .models.evaluate import evaluate as run_evaluation
    from .models.evaluate import format_comparison, format_errors, format_report

    wanted = [t for t in (error_types or "").split(",") if t]
    if any(t not in FACT_TYPES for t in wanted):
        raise click.BadParameter(f"fact types are {', '.join(FACT_TYPES)}", param_hint="--errors")
    base = settings_or_exit(config_path)
    settings = with_overrides(base, extract=extract_overrides(backend, models_dir, model_pins))
    gold_set = load_gold(gold)
    workers = build_workers(settings)
    cleaned: dict[tuple[str, str], object] = {}
    with ExitStack() as stack:
        folder = corpus_dir or sample_corpus(stack)

        def clean_one(source: str, used: Workers = workers):
            # cached per cleaner version: --compare may pin another spam-lines version
            key = (used.cleaner.version, source)
            if key not in cleaned:
                path = folder / source
                item = (next(iter(iter_raw_docs([path], settings.input)))
                        if path.exists() else None)
                processed = (process_raw(item, used)
                             if item is not None and not isinstance(item, InputError) else None)
                cleaned[key] = processed.clean if processed and processed.clean else None
            return cleaned[key]

        def runner(used: Workers):
            def run_one(source: str):
                doc = clean_one(source, used)
                return (doc, used.extractor.extract(doc)) if doc is not None else None
            return run_one

        report = run_evaluation(gold_set, runner(workers))
        if write_offsets:
            def place(document: str) -> tuple[str, str] | None:
                doc = clean_one(document)
                return (doc.doc_id, doc.text) if doc is not None else None

            unplaced = refresh_offsets(gold or bundled_gold_dir(), place)
            click.echo(f"offsets rewritten ({unplaced} facts could not be placed)", err=True)
        other = None
        if compare_pins:
            other_settings = with_overrides(
                base, extract=extract_overrides(backend, models_dir, compare_pins))
            other_workers = build_workers(other_settings)
            other = run_evaluation(gold_set, runner(other_workers))
    click.echo(f"# {models_used(workers)}")
    click.echo(format_report(report))
    if wanted:
        click.echo("\n# errors (fp: extracted, not in gold; fn: in gold, not extracted)")
        click.echo(format_errors(report, wanted))
    if other is not None:
        click.echo(f"\n# {models_used(other_workers)}")
        click.echo(format_report(other))
        click.echo(f"\n# F1 difference: {models_used(workers)} minus "
                   f"{models_used(other_workers)}")
        click.echo(format_comparison(report, other))
    if verbose:
        for g in report.unresolved:
            click.echo(f"unplaced: {g.document}: {g.type}/{g.label} {g.text!r}", err=True)


def models_used(workers: Workers) -> str:
    """`rules-0.2.0+spans-2, cleaner 0.1.0+spam-lines-1`: what produced an evaluation."""
    return f"{workers.extractor.version}, cleaner {workers.cleaner.version}"


@main.command()
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("cominer-models"), show_default=True,
              help="Model registry folder the new versions are written to.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Knowledge store whose human corrections (and rejections) are training input.")
@click.option("--gold", "gold_dirs", multiple=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Gold folder to train on (pages in its pages/ subfolder, else the bundled "
                   "samples); repeatable. Default: the bundled sample (and dev) gold.")
@click.option("--only", type=click.Choice(["spans", "spam-lines"]),
              help="Train one model instead of all.")
@click.option("--epochs", type=click.IntRange(1), help="Span-model training passes.")
@config_option
@verbosity_options
def train(models_dir: Path, db_path: Path | None, gold_dirs: tuple[Path, ...], only: str | None,
          epochs: int | None, config_path: Path | None, quiet: bool, verbose: bool) -> None:
    """New versions of every trainable model (span model, spam-line classifier) from the gold
    sets plus human corrections. The blind gold set is refused."""
    from .corpus.clean import Cleaner
    from .models.registry import RegistryError, parse_pins
    from .models.spans import TrainingInputError
    from .models.training import (
        TrainInputs,
        bundled_gold_folders,
        check_inputs,
        pages_of,
        train_spam_lines,
        train_spans,
    )

    settings = settings_or_exit(config_path)
    with ExitStack() as stack:
        samples = sample_corpus(stack)
        inputs = TrainInputs(gold=[(g, pages_of(g, samples)) for g in gold_dirs]
                             or bundled_gold_folders())
        try:
            check_inputs(inputs)
        except TrainingInputError as exc:
            raise click.UsageError(str(exc)) from exc
        if db_path is not None:
            db_or_exit(db_path)
            with open_store(db_path) as store:
                inputs.corrections = store.corrected_documents()
            inputs.db = str(db_path)
        log = (lambda _m: None) if quiet else (lambda m: click.echo(m, err=True))
        trained = []
        if only in (None, "spam-lines"):
            trained.append(train_spam_lines(models_dir))
        if only in (None, "spans"):
            # Pages are cleaned as extraction will clean them after this training run: with
            # the spam-line model the registry in --models-dir selects.
            try:
                cleaner = Cleaner(settings.clean, models_dir=str(models_dir),
                                  spam_pin=parse_pins(settings.extract.model).get("spam-lines"))
            except RegistryError as exc:
                raise click.UsageError(str(exc)) from exc

            def clean_page(path: Path):
                item = next(iter(iter_raw_docs([path], settings.input)), None)
                if item is None or isinstance(item, InputError):
                    return None
                return cleaner.clean(item)

            trained.append(train_spans(inputs, clean_page, models_dir,
                                       {"epochs": epochs} if epochs else None, log))
    for t in trained:
        click.echo(f"{t.name} version {t.version} → {t.path}  "
                   f"{json.dumps(t.evaluation, ensure_ascii=False)[:300]}")


@main.command()
@db_option
@verbosity_options
def check(db_path: Path, quiet: bool, verbose: bool) -> None:
    """Check the store: SQLite integrity, orphan facts, offsets that no longer match."""
    if not db_path.exists():
        click.echo(f"error: {db_path}: no such database", err=True)
        sys.exit(EXIT_STORE)
    with open_store(db_path) as store:
        problems = store.check()
    for problem in problems:
        click.echo(f"problem: {problem}")
    if not problems and not quiet:
        click.echo(f"{db_path}: ok")
    sys.exit(EXIT_STORE if problems else 0)


def db_or_exit(db_path: Path) -> None:
    if not db_path.exists():
        click.echo(f"error: {db_path}: no such database", err=True)
        sys.exit(EXIT_STORE)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "hf"]),
              required=True, help="hf: a Hugging Face datasets folder (save_to_disk) with a "
                                  "data card README.md.")
@click.option("--what", type=click.Choice(["facts", "documents"]), default="facts",
              show_default=True, help="Facts, or the clean documents.")
@click.option("--output", type=click.Path(path_type=Path),
              help="File (a folder for hf); csv and jsonl go to stdout without it.")
@db_option
@verbosity_options
def export(fmt: str, what: str, output: Path | None, db_path: Path, quiet: bool,
           verbose: bool) -> None:
    """Export facts or clean documents as CSV, JSON Lines, Parquet or a datasets folder."""
    from .export import ExportError, export_table

    db_or_exit(db_path)
    try:
        with open_store(db_path) as store:
            report = export_table(store, what=what, format=fmt, output=output,
                                  stdout=sys.stdout)
    except ExportError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INPUT_FAILED)
    if not quiet and output is not None:
        click.echo(f"{report.rows} {what} → {report.output} ({fmt})", err=True)


@main.command()
@click.argument("source", required=False)
@click.option("--doc", "doc_id", help="Remove this document (all its sources) instead.")
@db_option
@verbosity_options
def purge(source: str | None, doc_id: str | None, db_path: Path, quiet: bool,
          verbose: bool) -> None:
    """Remove SOURCE (a path or URL as stored) and everything only it produced.

    In one transaction: the source, its recorded errors, and each document no other source
    names, with its facts, paragraphs, edits and search-index rows. Exit 1 if nothing matched.
    """
    if bool(source) == bool(doc_id):
        raise click.UsageError("give a SOURCE or --doc ID (one of them)")
    db_or_exit(db_path)
    try:
        with open_store(db_path) as store:
            report = store.purge_document(doc_id) if doc_id else store.purge_source(source)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)
    if not report.found:
        click.echo(f"error: {report.target}: no such {'document' if doc_id else 'source'} "
                   "in the store", err=True)
        sys.exit(EXIT_INPUT_FAILED)
    if not quiet:
        click.echo(f"purged {report.target}: {len(report.documents_removed)} documents and "
                   f"{report.facts_removed} facts removed, {len(report.documents_kept)} "
                   f"documents kept (other sources), {report.errors_removed} errors removed")
        for heir in report.promoted:
            click.echo(f"  {heir}: was a duplicate, now holds the facts")


@main.command()
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The copy (replaced if it exists).")
@db_option
@verbosity_options
def backup(output: Path, db_path: Path, quiet: bool, verbose: bool) -> None:
    """A consistent copy of the database (SQLite backup API), safe while the app runs."""
    db_or_exit(db_path)
    try:
        with open_store(db_path) as store:
            store.backup(output)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)
    if not quiet:
        click.echo(f"{db_path} → {output}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; the default is this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--annotate", is_flag=True,
              help="Allow corrections by annotators with a token (cominer annotate add-user); "
                   "without it the app is read-only.")
@db_option
@config_option
@verbosity_options
def serve(host: str, port: int, annotate: bool, db_path: Path, config_path: Path | None,
          quiet: bool, verbose: bool) -> None:
    """The web app: faceted search, documents with highlighted facts, charts, JSON API."""
    settings = settings_or_exit(config_path)
    db_or_exit(db_path)
    import uvicorn

    from .web.app import create_app

    store = open_store(db_path) if annotate else open_store_read_only(db_path)
    if not quiet:
        mode = "with corrections (--annotate)" if annotate else "read-only"
        click.echo(f"cominer: serving {db_path} {mode} on http://{host}:{port}/", err=True)
        if annotate and host not in (*LOOPBACK_NAMES, "::1"):
            click.echo("warning: tokens and session cookies cross the network unencrypted; "
                       "put a TLS proxy in front of a public --host", err=True)
    try:
        # On loopback, only requests naming this machine are answered (DNS rebinding).
        allowed = LOOPBACK_NAMES if host in LOOPBACK_NAMES else None
        uvicorn.run(create_app(settings, store, annotate=annotate, allowed_hosts=allowed),
                    host=host, port=port, log_level="info" if verbose else "warning")
    finally:
        store.close()


def open_store_read_only(db_path: Path) -> KnowledgeStore:
    try:
        return KnowledgeStore(db_path, read_only=True)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)
