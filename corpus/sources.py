"""Read sources (files, folders, gzip, WARC) lazily into RawDocs, with a size cap.

Everything that can go wrong with one input becomes an `InputError`, so a batch never stops.
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from .records import InputError, RawDoc

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt",)
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True, kw_only=True)
class InputConfig:
    """How inputs are read. `max_bytes` caps a document after decompression; `doc_timeout`
    (seconds, 0 = none) bounds the clean and extract steps of one document."""

    max_bytes: int = 20_000_000
    doc_timeout: float = 120.0


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def media_type_for(name: str) -> str | None:
    """'html', 'text', 'warc' or None (not an input we read) from a file name."""
    lower = name.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    if lower.endswith(".gz"):
        lower = lower[:-3]
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def source_name(path: Path) -> str:
    """A path as stored: bytes of a file name that are not UTF-8 (kept by Python as lone
    surrogates, which SQLite and JSON refuse) are written as \\xNN escapes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; refuse devices, FIFOs and sockets (a `page.html`
    linked to /dev/zero or a named pipe would never end) without blocking on them."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ValueError("not a regular file (a device, pipe or socket)")
    return os.fdopen(fd, "rb")


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand folders recursively (sorted, symlinked folders not followed) into input files."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    if media_type_for(name):
                        yield Path(root) / name
        elif path.exists():
            yield path
        elif path.is_symlink():
            yield InputError(source_name(path), "broken or looping symbolic link")
        else:
            yield InputError(source_name(path), "no such file or folder")


def read_capped(path: Path, cap: int) -> bytes:
    """Read a file, gunzipping `.gz`; raise ValueError past `cap` bytes without reading it all."""
    if path.suffix.lower() == ".gz":
        return gunzip_capped(path, cap)
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > cap:
            raise ValueError(f"file is {size:,} bytes, over the size cap of {cap:,}")
        data = fh.read(cap + 1)  # never more than the cap, even if the file grew meanwhile
    if len(data) > cap:
        raise ValueError(f"file is over the size cap of {cap:,} bytes")
    return data


def gunzip_capped(path: Path, cap: int) -> bytes:
    """Decompress in chunks so a gzip bomb stops at the cap instead of filling memory."""
    out = bytearray()
    try:
        with open_regular(path) as raw, gzip.GzipFile(fileobj=raw, mode="rb") as fh:
            while chunk := fh.read(1 << 20):
                out += chunk
                if len(out) > cap:
                    raise ValueError(f"decompressed size is over the size cap of {cap:,} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"corrupt gzip data: {exc}") from exc
    return bytes(out)


def iter_warc(path: Path, cap: int) -> Iterator[RawDoc | InputError]:
    """Yield the HTML response records of a WARC file, one RawDoc per record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = 0
    try:
        with open_regular(path) as fh:
            for record in ArchiveIterator(fh):
                records += 1
                if record.rec_type != "response":
                    continue
                uri = (record.rec_headers.get_header("WARC-Target-URI")
                       or f"{source_name(path)}#record")
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers
                         else "") or ""
                if "html" not in ctype.lower() and "text" not in ctype.lower():
                    continue
                data = record.content_stream().read(cap + 1)
                if len(data) > cap:
                    yield InputError(uri, f"record is over the size cap of {cap:,} bytes")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:  # its block ended early
                    yield InputError(uri, "record is cut short: the WARC file is truncated")
                    continue
                date = record.rec_headers.get_header("WARC-Date") or now_iso()
                yield RawDoc(source=uri, data=data, fetched_at=date, media_type="html")
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        yield InputError(source_name(path), f"unreadable WARC: {str(exc)[:160]}")
        return
    if records == 0:
        # warcio reads a truncated or garbled file as an empty archive: say so.
        yield InputError(source_name(path), "unreadable WARC: no records found")
    elif path.name.lower().endswith(".gz") and not gzip_ends_cleanly(path):
        # warcio also stops quietly where a download was cut off: the records read so far
        # are kept, the loss is recorded.
        yield InputError(source_name(path), "truncated WARC: the file ends inside a record "
                                            "(the records before the cut were read)")


def gzip_ends_cleanly(path: Path) -> bool:
    """Whether a gzip file ends where one of its members ends (a cut-off one does not).

    Decompresses in bounded steps (memory stays small whatever the ratio); corrupt data
    counts as not clean.
    """
    step = 1 << 16
    inflater = zlib.decompressobj(wbits=31)
    pending = False  # inside a member that has not ended yet
    try:
        with open_regular(path) as fh:
            while block := fh.read(step):
                while block:
                    inflater.decompress(block, step)
                    pending = True
                    if inflater.eof:
                        block = inflater.unused_data
                        inflater, pending = zlib.decompressobj(wbits=31), False
                    else:
                        block = inflater.unconsumed_tail
        while pending and not inflater.eof and inflater.decompress(b"", step):
            pass  # output still buffered from the last block
    except (OSError, ValueError, zlib.error):
        return False
    return not pending or inflater.eof


def iter_raw_docs(paths: Iterable[str | Path], cfg: InputConfig) -> Iterator[RawDoc | InputError]:
    """Lazily turn paths (files or folders) into RawDocs or InputErrors."""
    for item in iter_input_files(paths):
        if isinstance(item, InputError):
            yield item
            continue
        kind = media_type_for(item.name)
        if kind is None:
            yield InputError(source_name(item),
                             "not an input type cominer reads (.html, .txt, .warc, .gz)")
            continue
        if kind == "warc":
            yield from iter_warc(item, cfg.max_bytes)
            continue
        try:
            data = read_capped(item, cfg.max_bytes)
        except (OSError, ValueError) as exc:
            yield InputError(source_name(item), str(exc))
            continue
        yield RawDoc(source=source_name(item.resolve()), data=data, fetched_at=now_iso(),
                     media_type=kind)
