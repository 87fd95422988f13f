"""`cominer annotate`: export tasks, import corrections, agreement, audit log (a click group).

A thin layer over cominer.annotations.interchange (formats), cominer.annotations.agreement and
the store; add-user, revoke-user and users come from cominer/tokens_cli.py.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

from .annotations.interchange.exchange import FORMATS, export_tasks, import_tasks, read_tasks
from .annotations.interchange.tasks import ALL_LABELS, InterchangeError
from .extract.records import FACT_TYPES
from .store import KnowledgeStore, StoreError
from .tokens_cli import register_user_commands

EXIT_INPUT_FAILED, EXIT_STORE = 1, 3
LANGS = ("zh", "ru", "vi", "en")
AUDIT_COLUMNS = ("id", "at", "annotator", "action", "doc_id", "fact_id", "before", "after")


def db_option(required: bool = False, default: Path | None = Path("cominer.db")):
    return click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                        default=None if required else default, show_default=not required,
                        help="Knowledge-table SQLite file.")


def verbosity_options(f):
    f = click.option("-q", "--quiet", is_flag=True, help="Print only results and errors.")(f)
    return click.option("-v", "--verbose", is_flag=True, help="Print per-record details.")(f)


def split_langs(_ctx: Any, _param: Any, values: tuple[str, ...]) -> list[str]:
    """--lang values, repeated or comma-separated, checked against the four languages."""
    langs = [v.strip() for value in values for v in value.split(",") if v.strip()]
    for lang in langs:
        if lang not in LANGS:
            raise click.BadParameter(f"{lang!r} is not one of {', '.join(LANGS)}",
                                     param_hint="--lang")
    return langs


def open_existing_store(db_path: Path) -> KnowledgeStore:
    """The store at db_path, or exit 3 with the reason (missing file, not a database)."""
    if not db_path.exists():
        click.echo(f"error: {db_path}: no such database", err=True)
        sys.exit(EXIT_STORE)
    try:
        return KnowledgeStore(db_path)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE)


def fail(message: str, code: int = EXIT_INPUT_FAILED) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group()
def annotate() -> None:
    """Annotation loop: tasks for Label Studio, doccano or brat, corrections back, agreement."""


register_user_commands(annotate)


@annotate.command("export")
@click.argument("query", required=False, default="")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), required=True,
              help="label-studio: tasks JSON + labels config XML beside it; doccano: JSON "
                   "Lines (UTF-16 offsets) + label definitions; brat: a folder of .txt/.ann.")
@click.option("--output", type=click.Path(path_type=Path), required=True,
              help="The tasks file (a folder for brat).")
@click.option("--type", "types", multiple=True, type=click.Choice(FACT_TYPES),
              help="Annotate these fact types (repeatable); their labels form the label set.")
@click.option("--label", "labels", multiple=True, type=click.Choice(ALL_LABELS),
              help="Annotate these labels (repeatable).")
@click.option("--lang", "langs", multiple=True, callback=split_langs,
              help="Documents in zh, ru, vi or en; repeat or comma-separate.")
@click.option("--min-rate", type=float, help="Documents with a rate reaching this fraction.")
@click.option("--max-rate", type=float, help="Documents with a rate starting at or below this.")
@click.option("--issuer", help="Documents citing a policy whose issuer contains this.")
@click.option("--year", type=int, help="Documents citing a policy issued in this year.")
@click.option("--source", "fact_source", type=click.Choice(["rule", "model", "human"]),
              help="Documents with facts from this source.")
@click.option("--doc", "doc_ids", multiple=True, help="This document (repeatable).")
@db_option()
@verbosity_options
def export_command(query: str, fmt: str, output: Path, types: tuple[str, ...],
                   labels: tuple[str, ...], langs: list[str], min_rate: float | None,
                   max_rate: float | None, issuer: str | None, year: int | None,
                   fact_source: str | None, doc_ids: tuple[str, ...], db_path: Path,
                   quiet: bool, verbose: bool) -> None:
    """Write annotation tasks: documents with a fact matching QUERY and the filters.

    Each task is one clean document with its live facts in the label set as pre-annotations
    (with confidence and model version) and its doc_id, so corrections can come back.
    Without QUERY, filters or --doc every document is exported.
    """
    with open_existing_store(db_path) as store:
        try:
            tasks, paths = export_tasks(store, fmt, output, query or None, types=types,
                                        labels=labels, doc_ids=doc_ids, lang=langs or None,
                                        min_rate=min_rate, max_rate=max_rate, issuer=issuer,
                                        year=year, source=fact_source)
        except InterchangeError as exc:
            raise click.UsageError(str(exc)) from exc
        except OSError as exc:
            fail(f"{output}: cannot write: {exc}")
    if not quiet:
        spans = sum(len(t.predictions) for t in tasks)
        click.echo(f"{len(tasks)} tasks, {spans} pre-annotations → "
                   f"{', '.join(str(p) for p in paths[:2])}"
                   f"{f' (+{len(paths) - 2} files)' if len(paths) > 2 else ''} ({fmt})",
                   err=True)


@annotate.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), required=True)
@click.option("--annotator", help="Who made these corrections (default: as the file says, "
                                  "e.g. Label Studio's completed_by).")
@db_option()
@verbosity_options
def import_command(file: Path, fmt: str, annotator: str | None, db_path: Path, quiet: bool,
                   verbose: bool) -> None:
    """Import an annotator's corrections: all of FILE in one transaction, or none of it.

    Labels become human facts (annotator, time); a replaced model fact stays in the audit
    log; a deleted pre-annotation is rejected (and stays rejected on re-extraction).
    Importing the same file again changes nothing.
    """
    with open_existing_store(db_path) as store:
        try:
            report = import_tasks(store, read_tasks(file, fmt), annotator)
        except InterchangeError as exc:
            fail(f"{exc}; nothing imported")
        except StoreError as exc:
            fail(str(exc), EXIT_STORE)
    if not quiet:
        counts = ", ".join(f"{n} {action}" for action, n in report.counts.items())
        click.echo(f"{report.annotated} of {report.tasks} tasks annotated: {counts}")


@annotate.command("agreement")
@click.argument("a")
@click.argument("b")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)),
              help="Format of A and B (default: brat for folders, doccano for .jsonl, "
                   "label-studio for .json).")
@click.option("--format-b", "fmt_b", type=click.Choice(sorted(FORMATS)),
              help="Format of B when it differs from A's.")
@click.option("--json", "as_json", is_flag=True, help="The figures as JSON.")
@db_option(required=True)
@verbosity_options
def agreement_command(a: str, b: str, fmt: str | None, fmt_b: str | None, as_json: bool,
                      db_path: Path | None, quiet: bool, verbose: bool) -> None:
    """Span F1 (exact and overlap) and Cohen's kappa per label between annotators A and B.

    A and B are two annotated files (any format; an un-annotated export counts as the model's
    labels), or, with --db, two annotator names whose corrections are in the store.
    """
    from .annotations.agreement import (
        annotator_documents,
        compare,
        documents_of,
        format_report,
        report_json,
    )

    if db_path is not None:
        with open_existing_store(db_path) as store:
            docs_a, docs_b = annotator_documents(store, a), annotator_documents(store, b)
        for name, docs in ((a, docs_a), (b, docs_b)):
            if not docs:
                fail(f"{db_path}: annotator {name!r} has no corrections in the store")
    else:
        try:
            docs_a = documents_of(read_tasks(Path(a), fmt or guess_format(Path(a))))
            docs_b = documents_of(read_tasks(Path(b), fmt_b or fmt or guess_format(Path(b))))
        except InterchangeError as exc:
            fail(str(exc))
    report = compare(docs_a, docs_b)
    if not report.documents:
        fail("A and B have no document in common")
    click.echo(json.dumps(report_json(report, a, b), ensure_ascii=False, indent=1) if as_json
               else format_report(report, a, b))


def guess_format(path: Path) -> str:
    if path.is_dir():
        return "brat"
    if path.suffix == ".jsonl":
        return "doccano"
    if path.suffix == ".json":
        return "label-studio"
    raise InterchangeError(f"{path}: cannot tell the format; give --format")


@annotate.command("audit")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (stdout without it).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]),
              help="Default: csv for a .csv output, else jsonl.")
@click.option("--doc", "doc_id", help="Only the changes to this document.")
@db_option()
@verbosity_options
def audit_command(output: Path | None, fmt: str | None, doc_id: str | None, db_path: Path,
                  quiet: bool, verbose: bool) -> None:
    """Export the audit log: every correction with who, when, and the fact before and after."""
    fmt = fmt or ("csv" if output is not None and output.suffix == ".csv" else "jsonl")
    with open_existing_store(db_path) as store:
        rows = store.fact_history(doc_id=doc_id)
    text = audit_csv(rows) if fmt == "csv" else "".join(audit_jsonl(rows))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"{output}: cannot write: {exc}")
    if not quiet:
        click.echo(f"{len(rows)} audit rows → {output} ({fmt})", err=True)


def audit_jsonl(rows: list[dict[str, Any]]) -> list[str]:
    """One JSON object per change, with the fact before and after as objects."""
    lines = []
    for row in rows:
        record = {k: row[k] for k in AUDIT_COLUMNS}
        for key in ("before", "after"):
            record[key] = json.loads(row[key]) if row[key] else None
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return lines


def audit_csv(rows: list[dict[str, Any]]) -> str:
    """A header row, then one row per change (before/after as JSON text)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(AUDIT_COLUMNS)
    for row in rows:
        writer.writerow([row[k] for k in AUDIT_COLUMNS])
    return buffer.getvalue()
