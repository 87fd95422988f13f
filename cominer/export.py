"""Export the knowledge table: facts or clean documents as CSV, JSON Lines, Parquet or a
Hugging Face `datasets` dataset on disk with a data card.

Rows come from `KnowledgeStore.iter_fact_rows` / `iter_document_rows`; this module only shapes
and writes them. Nested values (`attrs`, `paragraphs`) are JSON text in CSV, Parquet and
`datasets` (one stable column type whatever the fact type); JSON Lines keeps them as objects.
`sources` is a list column (JSON text in CSV). Offsets are code points into `text`.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from . import __version__
from .extract.records import LABELS
from .store import KnowledgeStore

FORMATS = ("csv", "jsonl", "parquet", "hf")
WHATS = ("facts", "documents")
STREAM_FORMATS = ("csv", "jsonl")  # may go to stdout
ARROW_BATCH = 1000  # rows per Arrow record batch in parquet and hf exports


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # string, int, float, json, list
    doc: str


FACT_COLUMNS: tuple[Column, ...] = (
    Column("fact_id", "int", "row id of the fact in the knowledge table"),
    Column("doc_id", "string", "sha256 of the document's raw bytes"),
    Column("type", "string", "actor, stage, rate or policy"),
    Column("label", "string", "label from the shared label set (below)"),
    Column("lang", "string", "language of the paragraph: zh, ru, vi or en"),
    Column("text", "string", "the evidence: clean_text[start:end]"),
    Column("start", "int", "start offset in the document's clean text (code points)"),
    Column("end", "int", "end offset in the document's clean text (code points)"),
    Column("attrs", "json", "type-specific attributes as JSON: rates min/max (fractions), base, "
                            "period, payer, recipient; policies title, issuer, year, doc_type, "
                            "number; stages step"),
    Column("confidence", "float", "extractor confidence, 0-1"),
    Column("source", "string", "rule, model or human"),
    Column("model_version", "string", "version of the extractor or model"),
    Column("run_id", "int", "the cominer run that stored the fact"),
    Column("title", "string", "title of the document"),
    Column("doc_source", "string", "one source (path or URL) of the document"),
)
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    Column("doc_id", "string", "sha256 of the document's raw bytes"),
    Column("text_hash", "string", "sha256 of the clean text"),
    Column("duplicate_of", "string", "doc_id of the earlier document with the same clean text"),
    Column("near_dup_of", "string", "doc_id of a near-duplicate (reprint)"),
    Column("title", "string", "title"),
    Column("date", "string", "publication date (ISO) when known"),
    Column("author", "string", "author when known"),
    Column("site", "string", "site name when known"),
    Column("lang", "string", "main language: zh, ru, vi or en"),
    Column("sources", "list", "every source (path or URL) of these bytes"),
    Column("text", "string", "clean text, paragraphs joined by newlines"),
    Column("text_search", "string", "search form: Simplified Chinese, NFKC, same length as text"),
    Column("paragraphs", "json", "JSON list of {start, end, lang, script} into text"),
    Column("cleaner_version", "string", "cleaner version"),
    Column("extractor_version", "string", "extractor version"),
    Column("facts", "int", "number of facts stored for the document"),
)
COLUMNS = {"facts": FACT_COLUMNS, "documents": DOCUMENT_COLUMNS}


class ExportError(ValueError):
    """A format/what/output combination that cannot be written."""


@dataclass
class ExportReport:
    what: str
    format: str
    rows: int
    output: str


def iter_records(store: KnowledgeStore, what: str) -> Iterator[dict[str, Any]]:
    """The rows of `what` with exactly the export columns, nested values still objects."""
    if what not in WHATS:
        raise ExportError(f"what must be one of {', '.join(WHATS)}, not {what!r}")
    names = [c.name for c in COLUMNS[what]]
    rows = store.iter_fact_rows() if what == "facts" else store.iter_document_rows()
    for row in rows:
        yield {name: row.get(name) for name in names}


def flat_value(column: Column, value: Any, *, lists_as_json: bool) -> Any:
    """A value for a flat format: JSON text for nested values (and lists in CSV)."""
    if column.kind == "json" or (column.kind == "list" and lists_as_json):
        return json.dumps(value if value is not None else ([] if column.kind == "list" else {}),
                          ensure_ascii=False)
    return value


def write_csv(records: Iterable[dict[str, Any]], what: str, stream: IO[str]) -> int:
    """CSV with a header row; None is an empty cell; returns the row count."""
    columns = COLUMNS[what]
    writer = csv.writer(stream)
    writer.writerow([c.name for c in columns])
    count = 0
    for record in records:
        writer.writerow(["" if (v := flat_value(c, record[c.name], lists_as_json=True)) is None
                         else v for c in columns])
        count += 1
    return count


def write_jsonl(records: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def arrow_schema(what: str) -> Any:
    import pyarrow as pa

    kinds = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "json": pa.string(), "list": pa.list_(pa.string())}
    return pa.schema([pa.field(c.name, kinds[c.kind]) for c in COLUMNS[what]])


def flat_rows(records: Iterable[dict[str, Any]], what: str) -> Iterator[dict[str, Any]]:
    columns = COLUMNS[what]
    for r in records:
        yield {c.name: flat_value(c, r[c.name], lists_as_json=False) for c in columns}


def arrow_batches(records: Iterable[dict[str, Any]], what: str,
                  size: int = ARROW_BATCH) -> Iterator[Any]:
    """Arrow record batches of `size` rows: only one batch is in memory at a time."""
    import pyarrow as pa

    schema = arrow_schema(what)
    batch: list[dict[str, Any]] = []
    for row in flat_rows(records, what):
        batch.append(row)
        if len(batch) >= size:
            yield pa.RecordBatch.from_pylist(batch, schema=schema)
            batch = []
    if batch:
        yield pa.RecordBatch.from_pylist(batch, schema=schema)


def arrow_table(records: Iterable[dict[str, Any]], what: str) -> Any:
    import pyarrow as pa

    return pa.Table.from_batches(list(arrow_batches(records, what)), schema=arrow_schema(what))


def write_parquet(records: Iterable[dict[str, Any]], what: str, path: Path) -> int:
    """Parquet written a record batch at a time (memory stays flat)."""
    import pyarrow.parquet as pq

    rows = 0
    with pq.ParquetWriter(path, arrow_schema(what)) as writer:
        for batch in arrow_batches(records, what):
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def write_hf(records: Iterable[dict[str, Any]], what: str, path: Path) -> int:
    """A `datasets.Dataset` saved with `save_to_disk`, plus README.md (the data card).

    Streams: rows go to an Arrow file a batch at a time, the dataset is memory-mapped from it,
    and the card's counts are tallied on the way, so no list of all rows is ever built.
    """
    import tempfile

    import datasets
    from datasets.arrow_writer import ArrowWriter

    stats = CardStats()
    features = datasets.Features.from_arrow_schema(arrow_schema(what))
    with tempfile.TemporaryDirectory(prefix="cominer-export-") as tmp:
        arrow_path = str(Path(tmp) / f"{what}.arrow")
        with ArrowWriter(features=features, path=arrow_path) as writer:
            for batch in arrow_batches(stats.tally(records, what), what):
                writer.write_batch(batch.to_pydict())
            writer.finalize()
        dataset = datasets.Dataset.from_file(arrow_path)
        was_disabled = datasets.are_progress_bars_disabled()
        datasets.disable_progress_bars()  # no bars in the middle of CLI output
        try:
            dataset.save_to_disk(str(path))
        finally:
            if not was_disabled:
                datasets.enable_progress_bars()
        del dataset
    (path / "README.md").write_text(card_text(stats, what), encoding="utf-8")
    return stats.rows


@dataclass
class CardStats:
    """The counts a data card shows, tallied while the rows stream past."""

    rows: int = 0
    duplicates: int = 0
    facts: int = 0
    by_lang: Counter = field(default_factory=Counter)
    by_label: Counter = field(default_factory=Counter)
    by_type_lang: Counter = field(default_factory=Counter)

    def tally(self, records: Iterable[dict[str, Any]], what: str) -> Iterator[dict[str, Any]]:
        """Pass the records through, counting them."""
        for r in records:
            self.rows += 1
            if r.get("lang"):
                self.by_lang[r["lang"]] += 1
            if what == "facts":
                self.by_label[(r.get("type"), r.get("label"))] += 1
                self.by_type_lang[(r.get("type"), r.get("lang"))] += 1
            else:
                self.duplicates += bool(r.get("duplicate_of"))
                self.facts += r.get("facts") or 0
            yield r


def data_card(records: Iterable[dict[str, Any]], what: str) -> str:
    """A Markdown data card: schema, label set, counts, how to load."""
    stats = CardStats()
    for _ in stats.tally(records, what):
        pass
    return card_text(stats, what)


def card_text(stats: CardStats, what: str) -> str:
    """The data card from counts already tallied."""
    columns = COLUMNS[what]
    langs = sorted(stats.by_lang)
    lines = [
        "---",
        f"pretty_name: cominer {what}",
        "language:",
        *[f"- {lang}" for lang in langs],
        "---",
        "",
        f"# cominer {what}",
        "",
        f"Exported by cominer {__version__} on "
        f"{datetime.now(UTC).isoformat(timespec='seconds')}: {stats.rows} rows of "
        + ("facts (actors, stages of co-production, profit-share and other rates, policy "
           "references), each with its evidence span in the clean text of its document."
           if what == "facts" else
           "clean documents (spam, boilerplate and injected noise removed; mojibake repaired)."),
        "",
        "Load it with:",
        "",
        "```python",
        "import datasets",
        "ds = datasets.load_from_disk('PATH')",
        "```",
        "",
        "## Schema",
        "",
        "| column | type | meaning |",
        "| --- | --- | --- |",
        *[f"| `{c.name}` | {arrow_type_name(c.kind)} | {c.doc} |" for c in columns],
        "",
        "Offsets (`start`, `end`, paragraph ranges) count Unicode code points of `text`.",
        "",
    ]
    if what == "facts":
        lines += ["## Label set", "", "| type | label | rows |", "| --- | --- | --- |"]
        for fact_type, labels in LABELS.items():
            for label in labels:
                lines.append(f"| {fact_type} | `{label}` | {stats.by_label[(fact_type, label)]} |")
        lines += ["", "## Counts", "", "| type | " + " | ".join(langs) + " | total |",
                  "| --- |" + " --- |" * (len(langs) + 1)]
        for fact_type in LABELS:
            counts = [stats.by_type_lang[(fact_type, lang)] for lang in langs]
            lines.append(f"| {fact_type} | " + " | ".join(map(str, counts))
                         + f" | {sum(counts)} |")
    else:
        lines += ["## Counts", "", "| lang | documents |", "| --- | --- |",
                  *[f"| {lang} | {stats.by_lang[lang]} |" for lang in langs],
                  f"| all | {stats.rows} ({stats.duplicates} duplicates) |",
                  "", f"Facts in these documents: {stats.facts}.",
                  "", "## Label set", "", "Facts about these documents use these labels:", "",
                  *[f"- {t}: " + ", ".join(f"`{label}`" for label in labels)
                    for t, labels in LABELS.items()]]
    return "\n".join(lines).rstrip() + "\n"


def arrow_type_name(kind: str) -> str:
    return {"string": "string", "int": "int64", "float": "float64",
            "json": "string (JSON)", "list": "list<string>"}[kind]


def export_table(store: KnowledgeStore, *, what: str, format: str,
                 output: Path | None, stdout: IO[str] | None = None) -> ExportReport:
    """Write `what` in `format` to `output` (a file; a folder for hf; stdout for streams)."""
    if format not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if output is None and format not in STREAM_FORMATS:
        raise ExportError(f"--output is required for {format}")
    records = iter_records(store, what)
    if format in STREAM_FORMATS:
        if output is None:
            stream = stdout or io.StringIO()
            rows = (write_csv(records, what, stream) if format == "csv"
                    else write_jsonl(records, stream))
            return ExportReport(what, format, rows, "-")
        newline = "" if format == "csv" else "\n"
        with open(output, "w", encoding="utf-8", newline=newline) as stream:
            rows = (write_csv(records, what, stream) if format == "csv"
                    else write_jsonl(records, stream))
        return ExportReport(what, format, rows, str(output))
    assert output is not None
    if format == "parquet":
        return ExportReport(what, format, write_parquet(records, what, output), str(output))
    if output.exists() and not output.is_dir():
        raise ExportError(f"{output}: exists and is not a folder (hf writes a folder)")
    return ExportReport(what, format, write_hf(records, what, output), str(output))
