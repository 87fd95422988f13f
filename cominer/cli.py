"""The `cominer` command line: a thin layer that reads options, builds steps, hands off.

Exit codes (DESIGN.md): 0 success, 1 some inputs failed (recorded), 2 usage error,
3 store error.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

import click

from . import __version__
from .config import ConfigError, Settings, load_settings
from .corpus.inputs import iter_inputs
from .corpus.records import InputError
from .corpus.sources import iter_raw_docs
from .pipeline import Workers, process_raw, run_sources
from .report import format_run_summary, format_search_table
from .store import ORDERS, KnowledgeStore, StoreError

EXIT_INPUT_FAILED, EXIT_STORE = 1, 3
db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=Path("cominer.db"), show_default=True,
                         help="Knowledge-table SQLite file.")
config_option = click.option("--config", "config_path",
                             type=click.Path(exists=True, dir_okay=False, path_type=Path),
                             help="TOML config (default ./cominer.toml if present).")


def model_options(f):
    """--backend, --models-dir and --model: which tokeniser and which model versions extract."""
    f = click.option("--model", "model_pins", multiple=True,
                     help="Pin a model version, NAME=VERSION (spans=2); `spans=0` turns the "
                          "span model off. Default: newest version not worse than shipped.")(f)
    f = click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Model registry folder (default ./cominer-models).")(f)
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


def progress_bar(quiet: bool, desc: str):
    def wrap(items: Iterator) -> Iterator:
        if quiet:
            return items
        from tqdm import tqdm

        return iter(tqdm(items, desc=desc, unit="doc", file=sys.stderr, dynamic_ncols=True))
    return wrap


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cominer")
def main() -> None:
    """Clean dirty zh/ru/vi/en web articles and mine co-production facts from them."""


def ingest(paths: list[str], db_path: Path, settings: Settings, quiet: bool, verbose: bool,
           args: dict) -> int:
    store = open_store(db_path)
    started = time.perf_counter()
    try:
        with store:
            report = run_sources(paths, store, settings, args=args,
                                 progress=progress_bar(quiet, "cominer run"))
            summary = store.summary()
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_STORE
    if verbose:
        for source, reason in report.errors:
            click.echo(f"failed: {source}: {reason}", err=True)
    if not quiet:
        click.echo(format_run_summary(report, summary, db_path, time.perf_counter() - started))
    return EXIT_INPUT_FAILED if report.failed else 0


@main.command()
@db_option
@config_option
@verbosity_options
def demo(db_path: Path, config_path: Path | None, quiet: bool, verbose: bool) -> None:
    """Run the whole pipeline on the bundled sample corpus into ./cominer.db, then summarise."""
    settings = settings_or_exit(config_path)
    with ExitStack() as stack:
        folder = sample_corpus(stack)
        code = ingest([str(folder)], db_path, settings, quiet, verbose, {"command": "demo"})
    if not quiet:
        click.echo(f"\nNext: cominer search 企业 --db {db_path}   |   "
                   f"cominer search --label profit_share --min-rate 0.15 --db {db_path}")
    sys.exit(code)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@config_option
@click.option("--batch-size", type=click.IntRange(1), help="Documents per transaction.")
@click.option("--allow-private", is_flag=True, default=None,
              help="Let URLs reach private, loopback and link-local addresses.")
@model_options
@verbosity_options
def run(sources: tuple[str, ...], db_path: Path, config_path: Path | None,
        batch_size: int | None, allow_private: bool | None, backend: str | None,
        models_dir: Path | None, model_pins: tuple[str, ...], quiet: bool,
        verbose: bool) -> None:
    """Ingest files, folders (.html, .txt, .warc, .gz) and URLs (pages, sitemaps, RSS/Atom
    feeds) → clean → extract → store.

    Incremental: documents already in the store (same bytes) are skipped, new sources of a
    known document are recorded. A bad input is recorded in the errors table (exit 1).
    """
    from .config import with_overrides

    settings = with_overrides(settings_or_exit(config_path), store={"batch_size": batch_size},
                              fetch={"allow_private": allow_private},
                              extract=extract_overrides(backend, models_dir, model_pins))
    build_workers(settings)  # a missing backend or bad pin is a usage error before any work
    sys.exit(ingest(list(sources), db_path, settings, quiet, verbose,
                    {"command": "run", "sources": list(sources)}))


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
        item = raw if isinstance(raw, InputError) else process_raw(raw, workers)
        if report_failure(raw.source, item):
            failures.append(raw.source)
        else:
            yield item


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one clean document per line.")
@config_option
@verbosity_options
def clean(paths: tuple[str, ...], as_json: bool, config_path: Path | None, quiet: bool,
          verbose: bool) -> None:
    """Clean documents and print them (no database needed)."""
    settings = settings_or_exit(config_path)
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
@config_option
@model_options
@verbosity_options
def evaluate(gold: Path | None, corpus_dir: Path | None, write_offsets: bool,
             compare_pins: tuple[str, ...], config_path: Path | None, backend: str | None,
             models_dir: Path | None, model_pins: tuple[str, ...], quiet: bool,
             verbose: bool) -> None:
    """Precision / recall / F1 per fact type and language against a gold folder.

    GOLD defaults to the bundled sample gold (annotations/gold/sample).
    """
    from .annotations.gold import bundled_gold_dir, load_gold
    from .annotations.gold import write_offsets as refresh_offsets
    from .config import with_overrides
    from .models.evaluate import evaluate as run_evaluation
    from .models.evaluate import format_comparison, format_report

    base = settings_or_exit(config_path)
    settings = with_overrides(base, extract=extract_overrides(backend, models_dir, model_pins))
    gold_set = load_gold(gold)
    workers = build_workers(settings)
    cleaned: dict[str, object] = {}
    with ExitStack() as stack:
        folder = corpus_dir or sample_corpus(stack)

        def clean_one(source: str):
            if source not in cleaned:
                path = folder / source
                item = (next(iter(iter_raw_docs([path], settings.input)))
                        if path.exists() else None)
                processed = (process_raw(item, workers)
                             if item is not None and not isinstance(item, InputError) else None)
                cleaned[source] = processed.clean if processed and processed.clean else None
            return cleaned[source]

        def runner(extractor):
            def run_one(source: str):
                doc = clean_one(source)
                return (doc, extractor.extract(doc)) if doc is not None else None
            return run_one

        report = run_evaluation(gold_set, runner(workers.extractor))
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
            other_extractor = build_workers(other_settings).extractor
            other = run_evaluation(gold_set, runner(other_extractor))
    click.echo(f"# {workers.extractor.version}")
    click.echo(format_report(report))
    if other is not None:
        click.echo(f"\n# {other_extractor.version}")
        click.echo(format_report(other))
        click.echo(f"\n# F1 difference: {workers.extractor.version} minus "
                   f"{other_extractor.version}")
        click.echo(format_comparison(report, other))
    if verbose:
        for g in report.unresolved:
            click.echo(f"unplaced: {g.document}: {g.type}/{g.label} {g.text!r}", err=True)


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
            cleaner = Workers.build(settings).cleaner

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
@click.option("--annotate", is_flag=True, help="Allow corrections (not built yet).")
@db_option
@config_option
@verbosity_options
def serve(host: str, port: int, annotate: bool, db_path: Path, config_path: Path | None,
          quiet: bool, verbose: bool) -> None:
    """The web app: faceted search, documents with highlighted facts, charts, JSON API."""
    if annotate:
        raise click.UsageError("--annotate is not built yet; the app is read-only")
    settings = settings_or_exit(config_path)
    db_or_exit(db_path)
    import uvicorn

    from .web.app import create_app

    store = open_store_read_only(db_path)
    if not quiet:
        click.echo(f"cominer: serving {db_path} read-only on http://{host}:{port}/", err=True)
    try:
        uvicorn.run(create_app(settings, store), host=host, port=port,
                    log_level="info" if verbose else "warning")
    finally:
        store.close()


def open_store_read_only(db_path: Path) -> KnowledgeStore:
    try:
        return KnowledgeStore(db_path, read_only=True)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)
