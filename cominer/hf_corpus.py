"""A raw corpus as a Hugging Face `datasets` Arrow folder, for handing batches between machines.

`write_corpus_hf` packs inputs (files, folders, WARC, URLs) into a `save_to_disk` folder with
columns source, data (the raw bytes), media_type and fetched_at, written in Arrow batches so
memory stays flat; `iter_hf_docs` reads such a folder (or any dataset with a url/source column
and an html/text/content column) back as RawDocs, lazily. The bytes travel unchanged, so a
document keeps its doc_id (sha256 of the bytes) on the other machine.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .corpus.records import InputError, RawDoc

SOURCE_COLUMNS = ("source", "url", "id", "sources")  # sources: a list (cominer export)
CONTENT_COLUMNS = ("data", "html", "content", "text")
WRITE_BATCH = 256  # rows per Arrow record batch
READ_BATCH = 64


class HfCorpusError(ValueError):
    """A folder that is not a usable datasets folder, or lacks the needed columns."""


def corpus_features() -> Any:
    import datasets

    return datasets.Features({"source": datasets.Value("string"),
                              "data": datasets.Value("binary"),
                              "media_type": datasets.Value("string"),
                              "fetched_at": datasets.Value("string")})


def write_corpus_hf(items: Iterable[RawDoc | InputError],
                    path: Path) -> tuple[int, list[InputError]]:
    """Pack raw documents into a datasets folder at `path`; returns (rows, inputs skipped)."""
    import datasets
    from datasets.arrow_writer import ArrowWriter

    skipped: list[InputError] = []
    rows = 0
    with tempfile.TemporaryDirectory(prefix="cominer-hf-") as tmp:
        arrow_path = str(Path(tmp) / "corpus.arrow")
        with ArrowWriter(features=corpus_features(), path=arrow_path,
                         writer_batch_size=WRITE_BATCH) as writer:
            for item in items:
                if isinstance(item, InputError):
                    skipped.append(item)
                    continue
                writer.write({"source": item.source, "data": item.data,
                              "media_type": item.media_type, "fetched_at": item.fetched_at})
                rows += 1
            writer.finalize()
        dataset = datasets.Dataset.from_file(arrow_path)  # memory-mapped, not loaded
        if path.exists():
            shutil.rmtree(path)
        with quiet_progress():
            dataset.save_to_disk(str(path))
        del dataset
    return rows, skipped


class quiet_progress:
    """No datasets progress bars in the middle of CLI output."""

    def __enter__(self) -> None:
        import datasets

        self.was_disabled = datasets.are_progress_bars_disabled()
        datasets.disable_progress_bars()

    def __exit__(self, *exc: object) -> None:
        import datasets

        if not self.was_disabled:
            datasets.enable_progress_bars()


def load_hf(folder: str | Path) -> Any:
    import datasets

    try:
        dataset = datasets.load_from_disk(str(folder))
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise HfCorpusError(f"{folder}: not a datasets folder (save_to_disk): {exc}") from exc
    if isinstance(dataset, datasets.DatasetDict):
        raise HfCorpusError(f"{folder}: a DatasetDict; give one split's folder")
    columns = set(dataset.column_names)
    source = next((c for c in SOURCE_COLUMNS if c in columns), None)
    content = next((c for c in CONTENT_COLUMNS if c in columns), None)
    if content is None:
        raise HfCorpusError(f"{folder}: no content column (one of {', '.join(CONTENT_COLUMNS)}; "
                            f"has {', '.join(sorted(columns))})")
    return dataset, source, content


def count_hf_docs(folder: str | Path) -> int:
    try:
        return len(load_hf(folder)[0])
    except HfCorpusError:
        return 0


def row_source(batch: dict[str, list], column: str | None, i: int) -> str | None:
    """The row's source: the column's value, or the first of a list of sources."""
    value = batch[column][i] if column else None
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value is not None else None


def iter_hf_docs(folder: str | Path, max_bytes: int) -> Iterator[RawDoc | InputError]:
    """The rows of a datasets folder as RawDocs, read a batch at a time (memory-mapped)."""
    try:
        dataset, source_col, content_col = load_hf(folder)
    except HfCorpusError as exc:
        yield InputError(str(folder), str(exc))
        return
    has_media = "media_type" in dataset.column_names
    has_date = "fetched_at" in dataset.column_names
    index = 0
    for batch in dataset.iter(batch_size=READ_BATCH):
        for i, content in enumerate(batch[content_col]):
            source = row_source(batch, source_col, i) or f"{folder}#{index}"
            index += 1
            if content is None:
                yield InputError(source, f"empty {content_col} cell")
                continue
            data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
            if len(data) > max_bytes:
                yield InputError(source, f"record is over the size cap of {max_bytes:,} bytes")
                continue
            media = (batch["media_type"][i] if has_media else None) or (
                "text" if content_col == "text" else "html")
            yield RawDoc(source=source, data=data, media_type=media,
                         fetched_at=(batch["fetched_at"][i] if has_date else None) or "")
