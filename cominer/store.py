"""The knowledge table: the only module with SQL (schema, migrations, `KnowledgeStore`).

Documents, their sources, paragraphs, edits and facts live in one SQLite file. The schema is
versioned with `PRAGMA user_version`; `MIGRATIONS` upgrade any older file in place.
"""

from __future__ import annotations

import json
import os
import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .annotations.anchors import place_quote, quote_context
from .corpus.reprints import (
    NEAR_DUPLICATE,
    band_keys,
    signature_bytes,
    signature_from_bytes,
    text_signature,
)

try:  # a newer SQLite than many system Pythons ship (FTS5 trigram, json functions)
    from pysqlite3 import dbapi2 as sqlite3
except ImportError:  # pragma: no cover - depends on the platform
    import sqlite3

BUSY_TIMEOUT_S = 10.0
CONTEXT_CHARS = 60  # characters of document text shown either side of a fact

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    cleaner_version TEXT,
    extractor_version TEXT,
    config_hash TEXT,
    args TEXT,
    docs_ok INT,
    docs_failed INT,
    docs_skipped INT
);
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL,
    duplicate_of TEXT,
    title TEXT,
    date TEXT,
    author TEXT,
    site TEXT,
    lang TEXT,
    encoding TEXT,
    main_text TEXT,
    text TEXT NOT NULL,
    text_search TEXT,
    cleaner_version TEXT,
    config_hash TEXT,
    extractor_version TEXT,
    run_id INTEGER,
    created_at TEXT
);
CREATE INDEX documents_text_hash ON documents(text_hash);
CREATE TABLE sources (
    source TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents ON DELETE CASCADE,
    first_seen TEXT,
    run_id INTEGER,
    PRIMARY KEY (source, doc_id)
);
CREATE INDEX sources_doc_id ON sources(doc_id);
CREATE TABLE paragraphs (
    doc_id TEXT NOT NULL REFERENCES documents ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    lang TEXT,
    script TEXT,
    pair INTEGER,
    flags TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE edits (
    doc_id TEXT NOT NULL REFERENCES documents ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('removed', 'repaired')),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    at INTEGER,
    reason TEXT,
    before TEXT,
    after TEXT
);
CREATE INDEX edits_doc_id ON edits(doc_id);
CREATE TABLE facts (
    fact_id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents ON DELETE CASCADE,
    type TEXT NOT NULL,
    label TEXT,
    lang TEXT,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    attrs TEXT,
    confidence REAL,
    source TEXT,
    model_version TEXT,
    run_id INTEGER,
    created_at TEXT
);
CREATE INDEX facts_type_label ON facts(type, label);
CREATE INDEX facts_doc_id ON facts(doc_id);
CREATE INDEX facts_lang ON facts(lang);
CREATE TABLE errors (
    error_id INTEGER PRIMARY KEY,
    source TEXT,
    doc_id TEXT,
    stage TEXT,
    reason TEXT,
    run_id INTEGER,
    at TEXT
);
CREATE INDEX errors_run_id ON errors(run_id);
"""),
    # facts_fts is a standalone FTS5 table (rowid = fact_id) filled by the store's own
    # insert/delete code, not by triggers, so every write path is visible in this file.
    (2, """
CREATE VIRTUAL TABLE facts_fts USING fts5(text, doc_title, tokenize='trigram');
INSERT INTO facts_fts(rowid, text, doc_title)
    SELECT f.fact_id, f.text, d.title FROM facts f LEFT JOIN documents d USING (doc_id);
ALTER TABLE documents ADD COLUMN near_dup_of TEXT;
"""),
    # Search across scripts and inflections: facts_fts gains a `lemmas` column (Russian words
    # lemmatised by pymorphy3), and clean documents get their own trigram index over the search
    # form (Simplified, NFKC) with the same lemma column. Both are filled by `reindex_search`
    # (MIGRATION_STEPS) inside this migration's transaction.
    (3, """
DROP TABLE facts_fts;
CREATE VIRTUAL TABLE facts_fts USING fts5(text, doc_title, lemmas, tokenize='trigram');
CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, text, lemmas,
                                              tokenize='trigram');
"""),
    # Near-duplicate reprints: each original document keeps its MinHash signature and one row
    # per LSH band key, so a new document finds its candidates with an indexed lookup.
    (4, """
ALTER TABLE documents ADD COLUMN minhash BLOB;
CREATE TABLE doc_bands (
    band_key INTEGER NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents ON DELETE CASCADE
);
CREATE INDEX doc_bands_key ON doc_bands(band_key);
CREATE INDEX doc_bands_doc ON doc_bands(doc_id);
CREATE INDEX documents_near_dup_of ON documents(near_dup_of);
"""),
    # Annotation: annotator tokens (stored hashed), the audit log of every correction, tombstones
    # of rejected facts (re-extraction must not bring them back), and on facts the annotator,
    # the quote's context (prefix/suffix, to re-place a human fact after re-cleaning) and a
    # status ('needs_review' when a human fact could not be re-placed; NULL when live).
    (5, """
CREATE TABLE annotators (
    name TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    salt TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);
CREATE TABLE fact_history (
    id INTEGER PRIMARY KEY,
    fact_id INTEGER,
    doc_id TEXT,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT,
    annotator TEXT,
    at TEXT NOT NULL
);
CREATE INDEX fact_history_doc_id ON fact_history(doc_id);
CREATE INDEX fact_history_fact_id ON fact_history(fact_id);
CREATE TABLE fact_rejections (
    doc_id TEXT NOT NULL,
    type TEXT NOT NULL,
    label TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    annotator TEXT,
    at TEXT,
    UNIQUE (doc_id, type, label, text, prefix, suffix)
);
ALTER TABLE facts ADD COLUMN annotator TEXT;
ALTER TABLE facts ADD COLUMN prefix TEXT;
ALTER TABLE facts ADD COLUMN suffix TEXT;
ALTER TABLE facts ADD COLUMN status TEXT;
CREATE INDEX facts_source ON facts(source);
"""),
    # Resumable batches (issue 7): the writer looks up an earlier identical error of a source
    # before recording it again, so errors are indexed by source. (Numbered 6: 5 is taken by
    # the annotation work.)
    (6, """
CREATE INDEX errors_source ON errors(source);
"""),
    # Speed (issue 7): facts_fts no longer repeats the document title in every fact's row (it
    # was about half of that index). A query matches a fact by its own text and lemmas here,
    # or by its document's title in documents_fts (the same indexed title string).
    # MinHash signatures move to a narrow table: read from `documents`, SQLite walked through
    # the three text columns before them for every near-duplicate candidate.
    (7, """
CREATE VIRTUAL TABLE facts_fts_7 USING fts5(text, lemmas, tokenize='trigram');
INSERT INTO facts_fts_7 (rowid, text, lemmas) SELECT rowid, text, lemmas FROM facts_fts;
DROP TABLE facts_fts;
ALTER TABLE facts_fts_7 RENAME TO facts_fts;
CREATE TABLE doc_minhash (
    doc_id TEXT PRIMARY KEY REFERENCES documents ON DELETE CASCADE,
    minhash BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO doc_minhash (doc_id, minhash)
    SELECT doc_id, minhash FROM documents WHERE minhash IS NOT NULL;
ALTER TABLE documents DROP COLUMN minhash;
"""),
    # Speed (issue 7): MinHash signatures hash each character 5-gram from its code points in
    # numpy instead of one SHA-1 per 5-gram. Stored signatures and band keys are recomputed
    # from the documents' search text (`resign_documents`), so old and new documents compare.
    (8, ""),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

# Fact columns a search may be ordered by (`order=`), each a fixed SQL expression.
RATE_LOW = "coalesce(json_extract(f.attrs, '$.min'), json_extract(f.attrs, '$.max'))"
RATE_HIGH = "coalesce(json_extract(f.attrs, '$.max'), json_extract(f.attrs, '$.min'))"
ORDERS: dict[str, str] = {
    "fact_id": "f.fact_id", "type": "f.type", "label": "f.label", "lang": "f.lang",
    "text": "f.text", "confidence": "f.confidence", "source": "f.source", "title": "d.title",
    "year": "CAST(json_extract(f.attrs, '$.year') AS INTEGER)",
    "issuer": "json_extract(f.attrs, '$.issuer')", "rate": RATE_HIGH,
}
# Facets over facts: name -> SQL expression (fixed strings, never user input).
FACETS: dict[str, str] = {
    "type": "f.type", "label": "f.label", "lang": "f.lang", "source": "f.source",
    "year": "CAST(json_extract(f.attrs, '$.year') AS INTEGER)",
    "issuer": "json_extract(f.attrs, '$.issuer')",
}
# Rate buckets (fractions): a fact counts in every bucket its [min, max] range overlaps, which
# is exactly what `min_rate=lo, max_rate=hi` selects.
RATE_BUCKETS: tuple[tuple[float, float], ...] = (
    (0.0, 0.05), (0.05, 0.10), (0.10, 0.15), (0.15, 0.20), (0.20, 0.25), (0.25, 1.0))
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
WORD = re.compile(r"\w+")
LEMMA_CACHE_WORDS = 200_000  # distinct words whose lemma a SearchForms keeps

FACT_COLUMNS = ("fact_id", "doc_id", "type", "label", "lang", "text", "start", "end", "attrs",
                "confidence", "source", "model_version", "run_id", "created_at", "annotator",
                "prefix", "suffix", "status")
HUMAN = "human"  # facts.source of a label written or confirmed by an annotator
NEEDS_REVIEW = "needs_review"  # facts.status of a human fact re-cleaning could not re-place
DOCUMENT_COLUMNS = ("doc_id", "text_hash", "duplicate_of", "near_dup_of", "title", "date",
                    "author", "site", "lang", "encoding", "main_text", "text", "text_search",
                    "cleaner_version", "config_hash", "extractor_version", "run_id",
                    "created_at")


class StoreError(Exception):
    """The database file cannot be used: not SQLite, corrupt, too new, or a failed write."""


# What a command may meet when the file is damaged or busy: the CLI turns these into exit 3.
STORE_ERRORS: tuple[type[Exception], ...] = (StoreError, sqlite3.Error)
SQLITE_MAGIC = b"SQLite format 3\0"


def truncation_problem(path: str | Path) -> str | None:
    """Why an SQLite file is shorter than its header says, or None.

    The header counts the pages (offset 28) and is valid when its change counter (24) equals
    the version-valid-for number (92). A WAL file may hold pages not yet copied back, so the
    check is made only when there is no WAL content.
    """
    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return None
        with path.open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None  # not SQLite at all: sqlite3 says so when the file is opened
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] != header[92:96] or not pages:
        return None  # an old writer left the count stale: nothing to compare
    if size < pages * page_size:
        return (f"the file is truncated: its header counts {pages:,} pages of {page_size:,} "
                f"bytes ({pages * page_size:,} bytes) but it has {size:,} bytes")
    return None


class RunLock:
    """One writer run per database: an exclusive `flock` on `<db>.run-lock`, released by the
    kernel when the process ends however it ends (a killed run leaves no stale lock)."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self.path = self.db_path.with_name(self.db_path.name + ".run-lock")
        self._fh: Any = None

    def acquire(self) -> None:
        """Take the lock or raise StoreError naming the run that holds it."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: SQLite's own locking remains
            return
        if str(self.db_path) == ":memory:":
            return  # nobody else can open it
        try:
            fh = self.path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{self.db_path}: cannot create the run lock: {exc}") from exc
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise StoreError(f"{self.db_path}: another `cominer run` is writing to this "
                             f"database ({holder}); wait for it to finish, or use another "
                             "--db") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, started {now()}")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing the file releases the flock
            self._fh = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


@dataclass
class PurgeReport:
    """What a purge removed: documents, their facts and errors; what it kept or promoted."""

    target: str
    found: bool = False
    documents_removed: list[str] = field(default_factory=list)
    documents_kept: list[str] = field(default_factory=list)
    promoted: list[str] = field(default_factory=list)
    facts_removed: int = 0
    errors_removed: int = 0


@dataclass
class DocWrite:
    """What one source produced, ready to store: a clean document and its facts, or an error."""

    source: str
    doc_id: str
    clean: dict[str, Any] | None
    facts: list[dict[str, Any]] = field(default_factory=list)
    extractor_version: str = ""
    error: tuple[str, str] | None = None
    signature: bytes | None = None  # MinHash of the clean text (corpus/reprints.py)
    # "new": a document to store; "known": only a new source of a stored document;
    # "reextract": replace the non-human facts of a stored document.
    kind: str = "new"
    # Search-index rows computed by the worker (segmentation, lemmas): one (text, lemmas) per
    # fact and the document's (doc_id, title, text, lemmas). None: the store computes them.
    fact_index: list[tuple[str, str]] | None = None
    doc_index: tuple[str, str, str, str] | None = None


class DocRows(NamedTuple):
    """A `DocWrite` as the plain row tuples the store inserts (`prepare_write`): built in the
    worker, cheap to pickle, so the one writer only looks up duplicates and executes SQL."""

    source: str
    doc_id: str
    kind: str
    extractor_version: str
    error: tuple[str, str] | None = None
    document: tuple[Any, ...] | None = None  # the DOCUMENT_VALUES columns
    signature: bytes | None = None
    band_keys: tuple[int, ...] = ()
    paragraphs: Sequence[tuple[Any, ...]] = ()  # complete `paragraphs` rows
    edits: Sequence[tuple[Any, ...]] = ()  # complete `edits` rows
    facts: Sequence[tuple[Any, ...]] = ()  # the FACT_VALUES columns of each fact
    fact_index: Sequence[tuple[str, str]] = ()  # (text, lemmas) of each fact, for facts_fts
    doc_index: tuple[str, str, str, str] | None = None  # the documents_fts row

    @property
    def text_hash(self) -> str:
        assert self.document is not None
        return self.document[1]

    @property
    def text_chars(self) -> int:
        """Length of the clean text (0 without a document)."""
        return len(self.document[9]) if self.document is not None else 0


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# `json.dumps(value, ensure_ascii=False)` builds an encoder per call; the write path stores
# attrs and flags of every fact and paragraph, so it keeps one (same output).
json_text = json.JSONEncoder(ensure_ascii=False).encode

# The columns of a document row a worker prepares (DocRows.document); the writer adds
# duplicate_of, near_dup_of, run_id and created_at.
DOCUMENT_VALUES = ("doc_id", "text_hash", "title", "date", "author", "site", "lang", "encoding",
                   "main_text", "text", "text_search", "cleaner_version", "config_hash",
                   "extractor_version")
INSERT_DOCUMENT = (f"INSERT INTO documents ({', '.join(DOCUMENT_VALUES)}, duplicate_of, "
                   f"near_dup_of, run_id, created_at) VALUES ({', '.join('?' * 18)})")
# The columns of a fact row a worker prepares (DocRows.facts); the writer adds fact_id and
# run_id, and the batch's time where the fact has no created_at of its own.
FACT_VALUES = ("doc_id", "type", "label", "lang", "text", "start", "end", "attrs",
               "confidence", "source", "model_version", "annotator", "prefix", "suffix",
               "status", "created_at")
INSERT_PREPARED_FACT = (
    'INSERT INTO facts (fact_id, doc_id, type, label, lang, text, start, "end", attrs, '
    "confidence, source, model_version, annotator, prefix, suffix, status, created_at, "
    f"run_id) VALUES ({', '.join('?' * 16)}, coalesce(?, ?), ?)")
INSERT_SOURCE = ("INSERT OR IGNORE INTO sources (source, doc_id, first_seen, run_id) "
                 "VALUES (?, ?, ?, ?)")
INSERT_PARAGRAPH = ('INSERT INTO paragraphs (doc_id, idx, start, "end", lang, script, pair, '
                    "flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
INSERT_EDIT = ('INSERT INTO edits (doc_id, kind, start, "end", at, reason, before, after) '
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
INSERT_FACT_INDEX = "INSERT INTO facts_fts (rowid, text, lemmas) VALUES (?, ?, ?)"
INSERT_DOC_INDEX = "INSERT INTO documents_fts (doc_id, title, text, lemmas) VALUES (?, ?, ?, ?)"


def prepare_write(write: DocWrite, forms: SearchForms | None = None) -> DocRows:
    """The rows of a DocWrite, with its search-index rows (computed with `forms` where the
    write has none): everything the store needs that does not depend on what is stored."""
    clean = write.clean
    if write.kind == "known" or write.error is not None or clean is None:
        return DocRows(write.source, write.doc_id, write.kind, write.extractor_version,
                       write.error)
    doc_id = write.doc_id or clean["doc_id"]
    text = clean["text"]
    # Equal texts as one object: pickle sends an object once, so the worker sends one copy.
    main_text = text if clean.get("main_text") == text else clean.get("main_text")
    text_search = text if clean.get("text_search") == text else clean.get("text_search")
    document = (doc_id, clean["text_hash"], clean.get("title"), clean.get("date"),
                clean.get("author"), clean.get("site"), clean.get("lang"),
                clean.get("encoding"), main_text, text, text_search,
                clean.get("cleaner_version"), clean.get("config_hash"),
                write.extractor_version)
    forms = forms or SearchForms()
    fact_index = write.fact_index
    if fact_index is None:
        fact_index = [fact_index_row(forms, f.get("text") or "", span_of(text_search, f))
                      for f in write.facts]
    doc_index = write.doc_index or document_index_row(forms, doc_id, clean.get("title"),
                                                      text, text_search)
    if doc_index[2] == text_search:
        doc_index = (*doc_index[:2], text_search, doc_index[3])
    signature = write.signature
    return DocRows(
        write.source, doc_id, write.kind, write.extractor_version, None, document, signature,
        tuple(band_keys(signature_from_bytes(signature))) if signature is not None else (),
        paragraph_rows(doc_id, clean.get("paragraphs") or []),
        edit_rows(doc_id, clean.get("removed") or [], clean.get("repaired") or []),
        [prepared_fact(doc_id, f) for f in write.facts], list(fact_index), doc_index)


def paragraph_rows(doc_id: str, paragraphs: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(doc_id, i, p["start"], p["end"], p.get("lang"), p.get("script"), p.get("pair"),
             json_text(p.get("flags") or [])) for i, p in enumerate(paragraphs)]


def edit_rows(doc_id: str, removed: list[dict[str, Any]],
              repaired: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return ([(doc_id, "removed", e["start"], e["end"], e.get("at"), e.get("reason"),
              e.get("text"), None) for e in removed]
            + [(doc_id, "repaired", e["start"], e["end"], e.get("at"), e.get("reason"),
                e.get("before"), e.get("after")) for e in repaired])


def prepared_fact(doc_id: str, fact: dict[str, Any]) -> tuple[Any, ...]:
    """The FACT_VALUES of one fact (its attrs as JSON text); its own doc_id is ignored."""
    return (doc_id, fact.get("type"), fact.get("label"), fact.get("lang"), fact.get("text"),
            fact.get("start"), fact.get("end"), json_text(fact.get("attrs") or {}),
            fact.get("confidence"), fact.get("source"), fact.get("model_version"),
            fact.get("annotator"), fact.get("prefix"), fact.get("suffix"), fact.get("status"),
            fact.get("created_at") or None)


def fact_dicts(rows: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Prepared fact rows as the fact dicts `replace_model_facts` takes (attrs decoded)."""
    facts = [dict(zip(FACT_VALUES, row, strict=True)) for row in rows]
    for fact in facts:
        fact["attrs"] = decode_json(fact["attrs"], {})
    return facts


def span_of(text: str | None, fact: dict[str, Any]) -> str | None:
    """The fact's span in a text (the search form: same offsets as the clean text)."""
    if isinstance(fact.get("start"), int) and isinstance(fact.get("end"), int):
        return (text or "")[fact["start"]:fact["end"]]
    return None


def best_near_duplicate(signature: bytes, candidates: dict[str, bytes]) -> str | None:
    """The candidate most similar to `signature` (ties: the larger doc_id) when at least
    NEAR_DUPLICATE similar, else None. One numpy comparison for all candidates."""
    if not candidates:
        return None
    sig = signature_from_bytes(signature)
    names = list(candidates)
    stacked = np.frombuffer(b"".join(candidates.values()), dtype="<u4").reshape(len(names), -1)
    # the mean of each row of matches: the same floats as similarity() one pair at a time
    best = max(zip((stacked == sig).mean(axis=1).tolist(), names, strict=True))
    return best[1] if best[0] >= NEAR_DUPLICATE else None


def select_in(conn: Any, sql: str, values: Sequence[Any], chunk: int = 500) -> Iterator[Any]:
    """The rows of `sql`, whose `{marks}` is an IN list, for all `values`, a chunk of them
    per statement (SQLite caps the parameters of one statement)."""
    values = list(dict.fromkeys(values))
    for i in range(0, len(values), chunk):
        part = values[i:i + chunk]
        yield from conn.execute(sql.format(marks=", ".join("?" * len(part))), part)


class BatchRows:
    """What one batch finds stored and inserts: duplicates are looked up for the whole batch
    in a few statements, and the rows wait here, in input order, to be inserted one
    executemany per table (`flush`), at the end of the batch or before a document that
    needs the earlier ones stored (re-extraction, human facts, tombstones)."""

    def __init__(self, conn: Any, docs: list[DocRows]) -> None:
        self.conn = conn
        new = [d for d in docs if d.document is not None]
        self.stored = {r[0] for r in select_in(
            conn, "SELECT doc_id FROM documents WHERE doc_id IN ({marks})",
            [d.doc_id for d in docs if d.doc_id])}
        self.originals: dict[str, str] = {}  # text_hash -> the first original's doc_id
        for text_hash, doc_id in select_in(
                conn, "SELECT text_hash, doc_id FROM documents WHERE text_hash IN ({marks}) "
                "AND duplicate_of IS NULL ORDER BY rowid", [d.text_hash for d in new]):
            self.originals.setdefault(text_hash, doc_id)
        # Documents with facts or tombstones under their id already (a purged and re-added
        # document, a damaged store): stored one by one like a re-extraction.
        self.has_facts = {r[0] for table in ("facts", "fact_rejections") for r in select_in(
            conn, f"SELECT DISTINCT doc_id FROM {table} WHERE doc_id IN ({{marks}})",
            [d.doc_id for d in new])}
        self.band_docs: dict[int, set[str]] = {}  # band key -> originals with that key
        self.minhashes: dict[str, bytes] = {}
        for key, doc_id, minhash in select_in(
                conn, "SELECT b.band_key, m.doc_id, m.minhash FROM doc_bands b "
                "JOIN doc_minhash m USING (doc_id) WHERE b.band_key IN ({marks})",
                [k for d in new for k in d.band_keys]):
            self.band_docs.setdefault(key, set()).add(doc_id)
            self.minhashes[doc_id] = minhash
        self.next_fact_id: int | None = None
        self.rows: dict[str, list[tuple[Any, ...]]] = {sql: [] for sql in FLUSH_ORDER}

    def near_duplicate_of(self, doc: DocRows) -> str | None:
        """The earlier document `doc` reprints (stored, or earlier in the batch), or None."""
        names = {n for key in doc.band_keys for n in self.band_docs.get(key, ())}
        names.discard(doc.doc_id)
        assert doc.signature is not None
        return best_near_duplicate(doc.signature, {n: self.minhashes[n] for n in names})

    def add_source(self, source: str, doc_id: str, run_id: int, at: str) -> None:
        self.rows[INSERT_SOURCE].append((source, doc_id, at, run_id))

    def add_document(self, doc: DocRows, run_id: int, at: str) -> bool:
        """Queue a new document's rows; False when it duplicates an original's clean text
        (then it has only its document and source rows)."""
        assert doc.document is not None
        original = self.originals.get(doc.text_hash)
        # An original keeps its MinHash and band keys, and names the earlier document it
        # reprints (near_dup_of); a duplicate has neither.
        signature = doc.signature if original is None else None
        near_dup_of = (self.near_duplicate_of(doc)
                       if signature is not None and doc.band_keys else None)
        self.rows[INSERT_DOCUMENT].append((*doc.document, original, near_dup_of, run_id, at))
        self.add_source(doc.source, doc.doc_id, run_id, at)
        self.stored.add(doc.doc_id)
        if original is not None:
            return False
        self.originals[doc.text_hash] = doc.doc_id
        if signature is not None:
            self.rows[INSERT_MINHASH].append((doc.doc_id, signature))
            self.minhashes[doc.doc_id] = signature
            for key in doc.band_keys:
                self.rows[INSERT_BAND].append((key, doc.doc_id))
                self.band_docs.setdefault(key, set()).add(doc.doc_id)
        self.rows[INSERT_PARAGRAPH].extend(doc.paragraphs)
        self.rows[INSERT_EDIT].extend(doc.edits)
        return True

    def add_facts(self, doc: DocRows, run_id: int, at: str) -> None:
        """Queue the facts of a document that has no others, with the ids one by one
        inserts would give (max(fact_id) + 1, + 2, ...: SQLite's choice for a rowid not
        given), and each its search-index row."""
        if self.next_fact_id is None:
            self.next_fact_id = self.conn.execute(
                "SELECT coalesce(max(fact_id), 0) + 1 FROM facts").fetchone()[0]
        first = self.next_fact_id
        self.next_fact_id += len(doc.facts)
        self.rows[INSERT_PREPARED_FACT].extend(
            (fact_id, *row, at, run_id) for fact_id, row in enumerate(doc.facts, first))
        self.rows[INSERT_FACT_INDEX].extend(
            (fact_id, *row) for fact_id, row in enumerate(doc.fact_index, first))

    def facts_stored_elsewhere(self) -> None:
        """Facts were inserted around this collector: read the next fact id again."""
        self.next_fact_id = None

    def flush(self) -> None:
        """Insert the queued rows, one executemany per table, parents first."""
        index = self.rows[INSERT_FACT_INDEX]
        # Index rows a damaged store may hold under these ids go first. Checked before
        # deleting: a DELETE on facts_fts costs most of a millisecond even when it finds
        # nothing.
        if index and self.conn.execute("SELECT 1 FROM facts_fts WHERE rowid >= ? LIMIT 1",
                                       (index[0][0],)).fetchone():
            self.conn.execute("DELETE FROM facts_fts WHERE rowid BETWEEN ? AND ?",
                              (index[0][0], index[-1][0]))
        for sql, rows in self.rows.items():
            if rows:
                self.conn.executemany(sql, rows)
                rows.clear()


INSERT_MINHASH = "INSERT INTO doc_minhash (doc_id, minhash) VALUES (?, ?)"
INSERT_BAND = "INSERT INTO doc_bands (band_key, doc_id) VALUES (?, ?)"
# Parents before children (foreign keys are checked on insert).
FLUSH_ORDER = (INSERT_DOCUMENT, INSERT_SOURCE, INSERT_MINHASH, INSERT_BAND, INSERT_PARAGRAPH,
               INSERT_EDIT, INSERT_PREPARED_FACT, INSERT_FACT_INDEX, INSERT_DOC_INDEX)


def connect(path: str | Path) -> Any:
    """Open a connection: WAL, foreign keys, 10 s busy timeout, autocommit (explicit BEGIN)."""
    # isolation_level=None: the store issues BEGIN/COMMIT itself, so a batch is exactly one
    # transaction and executescript() never commits behind our back.
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA journal_mode = WAL")  # first read: fails here on a non-database
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def schema_version(conn: Any) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def split_statements(script: str) -> list[str]:
    """An SQL script as single statements (sqlite3.complete_statement decides the ends)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements


def migrate(conn: Any, name: str, forms: SearchForms | None = None) -> None:
    """Apply the missing migrations, each in its own transaction with its version number.

    A migration is its SQL script plus, where `MIGRATION_STEPS` has one, a Python step run in
    the same transaction (filling a new index needs the lemmatiser, not only SQL).
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(f"{name}: schema version {current} is newer than this cominer "
                         f"supports ({SCHEMA_VERSION}); upgrade cominer")
    for version, script in MIGRATIONS:
        if version <= current:
            continue
        try:
            # user_version lives in the file header and is transactional: the version moves
            # only if the whole script (and its Python step) succeeded.
            conn.execute("BEGIN IMMEDIATE")
            for statement in split_statements(script):
                conn.execute(statement)
            step = MIGRATION_STEPS.get(version)
            if step is not None:
                step(conn, forms or SearchForms())
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"{name}: migration to schema version {version} failed: "
                             f"{exc}") from exc


class SearchForms:
    """How text is indexed and queried: Simplified NFKC (OpenCC t2s) and Russian lemmas.

    Built per store and loaded on first use (no module-level state): OpenCC's tables for the
    search form, pymorphy3's dictionary (shipped in the `pymorphy3-dicts-ru` wheel) for lemmas.
    """

    def __init__(self) -> None:
        self._chinese: Any = None
        self._morph: Any = None
        self._lemma_cache: dict[str, str] = {}

    def fold(self, text: str) -> str:
        """The search form of `text`: Simplified, NFKC, exactly as long as `text`."""
        if self._chinese is None:
            from .corpus.language import ChineseForms

            self._chinese = ChineseForms()
        return self._chinese.search_form(text)

    def lemma(self, word: str) -> str:
        """A word's dictionary form: pymorphy3 for Cyrillic words, lower case otherwise."""
        # Cached per word as written: a word repeats across a document and its facts, and
        # the cache of a worker's SearchForms serves every document it indexes.
        lemma = self._lemma_cache.get(word)
        if lemma is None:
            if len(self._lemma_cache) >= LEMMA_CACHE_WORDS:  # memory stays flat on any corpus
                self._lemma_cache.clear()
            lemma = self._lemma_cache[word] = self._lemma_of(word)
        return lemma

    def _lemma_of(self, word: str) -> str:
        word = word.lower().replace("ё", "е")
        if not CYRILLIC.search(word):
            return word
        if self._morph is None:
            import pymorphy3

            self._morph = pymorphy3.MorphAnalyzer(lang="ru")
        return self._morph.parse(word)[0].normal_form.replace("ё", "е")

    def lemma_tokens(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, lemma) for every word of `text`."""
        return [(m.start(), m.end(), self.lemma(m.group())) for m in WORD.finditer(text)]

    def lemmas(self, text: str) -> str:
        """The lemmas of a text's words, space-separated, or "" when it has no Cyrillic word."""
        if not CYRILLIC.search(text):
            return ""
        return " ".join(map(self.lemma, WORD.findall(text)))

    def find(self, text: str, folded: str, query: str) -> tuple[int, int] | None:
        """Where `query` (one alternative) occurs in a text: (start, end) or None.

        Tries the query as written and in search form against `folded` (same offsets as
        `text`), then the sequence of its lemmas against the text's words.
        """
        low = folded.lower()
        if len(low) != len(folded):  # a rare case mapping that changes length: stay exact
            low = folded
        for needle in dict.fromkeys((self.fold(query).lower(), query.lower())):
            at = low.find(needle) if needle else -1
            if at >= 0:
                return at, at + len(needle)
        wanted = [lemma for _, _, lemma in self.lemma_tokens(query)]
        if not wanted or not CYRILLIC.search(query):
            return None
        tokens = self.lemma_tokens(text)
        for i in range(len(tokens) - len(wanted) + 1):
            if [t[2] for t in tokens[i:i + len(wanted)]] == wanted:
                return tokens[i][0], tokens[i + len(wanted) - 1][1]
        return None


def split_alternatives(query: str) -> list[str]:
    """A free-text query as its alternatives: `A OR B` finds either phrase.

    NFC first, so a query typed with combining marks (Vietnamese) matches composed text.
    """
    query = unicodedata.normalize("NFC", query).strip()
    return [part.strip() for part in re.split(r"\s+OR\s+", query) if part.strip()]


def indexed_title(forms: SearchForms, title: str | None) -> str:
    """A title as indexed: as written plus, when it differs, its search form."""
    title = title or ""
    folded_title = forms.fold(title) if title else ""
    if folded_title != title:
        title = f"{title}\n{folded_title}"
    return title


def fact_index_row(forms: SearchForms, text: str, folded: str | None) -> tuple[str, str]:
    """(text, lemmas) for facts_fts: the text as written plus its search form, and lemmas.
    (The document's title is matched in documents_fts, not repeated per fact.)"""
    indexed = text or ""
    if folded and folded != indexed:
        indexed = f"{indexed}\n{folded}"
    return indexed, forms.lemmas(text or "")


def document_index_row(forms: SearchForms, doc_id: str, title: str | None, text: str,
                       text_search: str | None) -> tuple[str, str, str, str]:
    """(doc_id, title, text, lemmas) for documents_fts; the text in its search form."""
    return (doc_id, indexed_title(forms, title), text_search or forms.fold(text),
            forms.lemmas(text))


def reindex_search(conn: Any, forms: SearchForms) -> None:
    """Rebuild facts_fts and documents_fts from the stored rows (inside the caller's BEGIN)."""
    conn.execute("DELETE FROM facts_fts")
    conn.execute("DELETE FROM documents_fts")
    docs = {r["doc_id"]: r for r in conn.execute(
        "SELECT doc_id, title, text, text_search, duplicate_of FROM documents")}
    for doc in docs.values():
        if doc["duplicate_of"] is None:
            conn.execute("INSERT INTO documents_fts (doc_id, title, text, lemmas) "
                         "VALUES (?, ?, ?, ?)",
                         document_index_row(forms, doc["doc_id"], doc["title"], doc["text"],
                                            doc["text_search"]))
    for row in conn.execute('SELECT fact_id, doc_id, text, start, "end" FROM facts').fetchall():
        doc = docs.get(row["doc_id"])
        folded = (doc["text_search"] or "")[row["start"]:row["end"]] if doc else ""
        conn.execute("INSERT INTO facts_fts (rowid, text, lemmas) VALUES (?, ?, ?)",
                     (row["fact_id"], *fact_index_row(forms, row["text"], folded)))


def resign_documents(conn: Any, forms: SearchForms) -> None:
    """Recompute every stored MinHash and its band keys from the document's text_search, as
    `process_raw` signs a new document (inside the caller's BEGIN)."""
    conn.execute("DELETE FROM doc_bands")
    # ids first, texts one at a time: the loop writes the table it would otherwise be reading
    doc_ids = [row[0] for row in conn.execute(
        "SELECT m.doc_id FROM doc_minhash m JOIN documents d USING (doc_id) ORDER BY d.rowid")]
    for doc_id in doc_ids:
        text_search = conn.execute("SELECT text_search FROM documents WHERE doc_id = ?",
                                   (doc_id,)).fetchone()[0]
        signature = text_signature(text_search or "")
        conn.execute("UPDATE doc_minhash SET minhash = ? WHERE doc_id = ?",
                     (signature_bytes(signature), doc_id))
        conn.executemany(INSERT_BAND, [(key, doc_id) for key in band_keys(signature)])


MIGRATION_STEPS = {3: reindex_search, 8: resign_documents}


Filter = str | Sequence[str] | None  # one value, or any of several


def in_filter(column: str, value: Filter) -> tuple[str, list[Any]]:
    """`column = ?` or `column IN (?, ...)` for a filter value; ("", []) when not given."""
    if value is None or value == "":
        return "", []
    values = [value] if isinstance(value, str) else [v for v in value if v]
    if not values:
        return "", []
    if len(values) == 1:
        return f"{column} = ?", values
    return f"{column} IN ({', '.join('?' * len(values))})", values


def fts_phrase(query: str) -> str:
    """The query as one FTS5 string, so user syntax (OR, quotes, NEAR, -) is matched literally."""
    return '"' + query.replace('"', '""') + '"'


def decode_json(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


def fact_dict(row: Any) -> dict[str, Any]:
    fact = dict(row)
    fact["attrs"] = decode_json(fact.get("attrs"), {})
    return fact


INSERT_FACT = (
    'INSERT INTO facts (doc_id, type, label, lang, text, start, "end", attrs, confidence, '
    "source, model_version, run_id, created_at, annotator, prefix, suffix, status) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
INSERT_FACT_WITH_ID = INSERT_FACT.replace("(doc_id, ", "(fact_id, doc_id, ", 1).replace(
    "VALUES (?, ", "VALUES (?, ?, ", 1)


def fact_values(doc_id: str, fact: dict[str, Any], run_id: int | None,
                at: str | None = None) -> tuple[Any, ...]:
    """The `facts` columns of INSERT_FACT for one fact; `at` is the time of the write
    (created_at of a fact that has none), `now()` when not given."""
    return (doc_id, fact.get("type"), fact.get("label"), fact.get("lang"), fact.get("text"),
            fact.get("start"), fact.get("end"), json_text(fact.get("attrs") or {}),
            fact.get("confidence"), fact.get("source"), fact.get("model_version"), run_id,
            fact.get("created_at") or at or now(), fact.get("annotator"), fact.get("prefix"),
            fact.get("suffix"), fact.get("status"))


def insert_fact(conn: Any, forms: SearchForms, doc: Any, fact: dict[str, Any],
                run_id: int | None = None, index_row: tuple[str, str] | None = None,
                at: str | None = None) -> int:
    """Insert one fact and its search-index row (inside the caller's transaction); its id.

    `doc` is the document row (doc_id, title, text_search); the fact's own doc_id is ignored.
    """
    cur = conn.execute(INSERT_FACT, fact_values(doc["doc_id"], fact, run_id, at))
    index_fact(conn, forms, doc, int(cur.lastrowid), fact, index_row)
    return int(cur.lastrowid)


def insert_new_facts(conn: Any, forms: SearchForms, doc: Any, facts: list[dict[str, Any]],
                     run_id: int | None, index_rows: list[tuple[str, str] | None],
                     at: str | None = None) -> None:
    """`insert_fact` for each fact of a document that has no other facts, in a few
    statements: the rows get the ids one by one inserts would give (max(fact_id) + 1, + 2,
    ...: SQLite's choice for a rowid not given), and each its search-index row."""
    if not facts:
        return
    at = at or now()
    first = conn.execute("SELECT coalesce(max(fact_id), 0) + 1 FROM facts").fetchone()[0]
    ids = range(first, first + len(facts))
    conn.executemany(INSERT_FACT_WITH_ID, [(i, *fact_values(doc["doc_id"], f, run_id, at))
                                           for i, f in zip(ids, facts, strict=True)])
    rows = [row if row is not None else fact_index_row(forms, fact.get("text") or "",
                                                       fact_folded(doc, fact))
            for fact, row in zip(facts, index_rows, strict=True)]
    # Index rows a damaged store may hold under these ids go first. Checked before deleting:
    # a DELETE on facts_fts costs most of a millisecond even when it finds nothing.
    if conn.execute("SELECT 1 FROM facts_fts WHERE rowid >= ? LIMIT 1", (first,)).fetchone():
        conn.execute("DELETE FROM facts_fts WHERE rowid BETWEEN ? AND ?", (ids[0], ids[-1]))
    conn.executemany("INSERT INTO facts_fts (rowid, text, lemmas) VALUES (?, ?, ?)",
                     [(i, *row) for i, row in zip(ids, rows, strict=True)])


def fact_folded(doc: Any, fact: dict[str, Any]) -> str | None:
    """The fact's span in the document's search form (same offsets as its text)."""
    return span_of(doc["text_search"], fact)


def index_fact(conn: Any, forms: SearchForms, doc: Any, fact_id: int,
               fact: dict[str, Any], row: tuple[str, str] | None = None) -> None:
    """(Re)write a fact's facts_fts row: its text, its search form and lemmas.

    `row` is the index row a worker already computed (cominer/pipeline.py: index_rows)."""
    if row is None:
        # The search form (Simplified, NFKC) is indexed too, so a Simplified query finds a
        # Traditional fact; it has the same offsets as the text (DESIGN.md).
        row = fact_index_row(forms, fact.get("text") or "", fact_folded(doc, fact))
    conn.execute("DELETE FROM facts_fts WHERE rowid = ?", (fact_id,))
    conn.execute("INSERT INTO facts_fts (rowid, text, lemmas) VALUES (?, ?, ?)",
                 (fact_id, *row))


def delete_fact(conn: Any, fact_id: int) -> None:
    """Remove one fact and its search-index row (inside the caller's transaction)."""
    conn.execute("DELETE FROM facts_fts WHERE rowid = ?", (fact_id,))
    conn.execute("DELETE FROM facts WHERE fact_id = ?", (fact_id,))


def log_fact_change(conn: Any, action: str, *, doc_id: str, fact_id: int | None,
                    before: dict[str, Any] | None, after: dict[str, Any] | None,
                    annotator: str | None, at: str | None = None) -> None:
    """One row of the audit log (fact_history): the fact before and after, as JSON."""
    conn.execute(
        "INSERT INTO fact_history (fact_id, doc_id, action, before, after, annotator, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (fact_id, doc_id, action,
         None if before is None else json.dumps(before, ensure_ascii=False),
         None if after is None else json.dumps(after, ensure_ascii=False),
         annotator, at or now()))


def document_row(conn: Any, doc_id: str) -> Any:
    """A document's row for corrections (doc_id, title, text, text_search, lang, duplicate_of)."""
    return conn.execute("SELECT doc_id, title, text, text_search, lang, duplicate_of "
                        "FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()


def fact_row(conn: Any, fact_id: int) -> dict[str, Any] | None:
    """One fact as a dict (attrs decoded), or None."""
    row = conn.execute("SELECT * FROM facts WHERE fact_id = ?", (fact_id,)).fetchone()
    return fact_dict(row) if row is not None else None


def find_fact(conn: Any, doc_id: str, fact_type: str, label: str, start: int, end: int, *,
              human: bool) -> int | None:
    """The first live human fact (human=True) or model fact with this label and span."""
    row = conn.execute(
        'SELECT fact_id FROM facts WHERE doc_id = ? AND type = ? AND label = ? AND start = ? '
        'AND "end" = ? AND coalesce(source = ?, 0) = ? AND status IS NULL '
        'ORDER BY fact_id LIMIT 1',
        (doc_id, fact_type, label, start, end, HUMAN, bool(human))).fetchone()
    return row[0] if row else None


def insert_tombstone(conn: Any, fact: dict[str, Any], prefix: str, suffix: str,
                     annotator: str, at: str) -> None:
    """Remember a rejected label on an anchored span (a repeat is ignored)."""
    conn.execute(
        'INSERT OR IGNORE INTO fact_rejections (doc_id, type, label, start, "end", text, '
        "prefix, suffix, annotator, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (fact["doc_id"], fact["type"], fact["label"], fact["start"], fact["end"],
         fact["text"], prefix, suffix, annotator, at))


def rejected_spans(conn: Any, doc_id: str, text: str) -> set[tuple[str, str, int, int]]:
    """(type, label, start, end) of each tombstone of a document placed in its current text."""
    spans = set()
    for row in conn.execute('SELECT type, label, text, prefix, suffix, start, "end" '
                            "FROM fact_rejections WHERE doc_id = ?", (doc_id,)):
        if text[row["start"]:row["end"]] == row["text"] and quote_context(
                text, row["start"], row["end"]) == (row["prefix"], row["suffix"]):
            spans.add((row["type"], row["label"], row["start"], row["end"]))
            continue
        placed = place_quote(text, row["text"], row["prefix"], row["suffix"])
        if placed is not None:
            spans.add((row["type"], row["label"], *placed))
    return spans


class KnowledgeStore:
    """Documents, sources and facts in one SQLite file; every method is one or few statements."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.forms = SearchForms()
        # A writer lock: the web app may call from worker threads and sqlite3 transactions
        # belong to the connection, not the thread.
        self._lock = threading.RLock()
        if self.path != ":memory:" and (problem := truncation_problem(self.path)):
            raise StoreError(f"{self.path}: not a usable SQLite database ({problem}); restore "
                             "it from a backup (`cominer backup`)")
        try:
            self.conn = connect(self.path)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from exc
        try:
            migrate(self.conn, self.path, self.forms)
            if read_only:  # the web app's default: any write statement fails
                self.conn.execute("PRAGMA query_only = ON")
        except StoreError:
            self.conn.close()
            raise
        except sqlite3.Error as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from exc

    # -- lifecycle -----------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open file (`PRAGMA user_version`)."""
        return schema_version(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One write transaction: committed on success, rolled back on any exception."""
        with self._lock:
            # IMMEDIATE takes the write lock up front, so two writers wait on busy_timeout
            # instead of failing later with a deadlock on lock upgrade.
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    # -- runs ----------------------------------------------------------------------------

    def start_run(self, *, cleaner_version: str, extractor_version: str, config_hash: str,
                  args: dict[str, Any]) -> int:
        """Record the start of a run; returns its run_id."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs (started_at, status, cleaner_version, extractor_version, "
                "config_hash, args) VALUES (?, 'running', ?, ?, ?, ?)",
                (now(), cleaner_version, extractor_version, config_hash,
                 json.dumps(args, ensure_ascii=False, default=str)))
            return int(cur.lastrowid)

    def finish_run(self, run_id: int, *, status: str, docs_ok: int, docs_failed: int,
                   docs_skipped: int) -> None:
        """Record the end of a run with its status and counts."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = ?, status = ?, docs_ok = ?, docs_failed = ?, "
                "docs_skipped = ? WHERE run_id = ?",
                (now(), status, docs_ok, docs_failed, docs_skipped, run_id))

    # -- documents -----------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with these bytes (doc_id) is stored, duplicate or not."""
        row = self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row is not None

    def add_source(self, source: str, doc_id: str, run_id: int | None) -> None:
        """Link a source (path or URL) to a stored document; a known link is left as it was."""
        with self.transaction() as conn:
            self._insert_source(conn, source, doc_id, run_id)

    def document_by_text_hash(self, text_hash: str) -> str | None:
        """The doc_id of the first non-duplicate document with this clean-text hash."""
        row = self.conn.execute(
            "SELECT doc_id FROM documents WHERE text_hash = ? AND duplicate_of IS NULL "
            "ORDER BY rowid LIMIT 1", (text_hash,)).fetchone()
        return row[0] if row else None

    def write_batch(self, results: Sequence[DocWrite | DocRows], run_id: int,
                    progress: dict[str, int] | None = None) -> None:
        """Store a batch in one transaction: all of it or, on any failure, none of it.

        `progress` (docs_ok, docs_failed, docs_skipped) is recorded on the run in the same
        transaction, so the runs table always says how far a killed run got.
        """
        if not results:
            return
        at = now()  # one time for the rows of one transaction
        docs = [r if isinstance(r, DocRows) else prepare_write(r, self.forms) for r in results]
        try:
            with self.transaction() as conn:
                batch = BatchRows(conn, docs)
                for doc in docs:
                    self._write_one(conn, doc, run_id, at, batch)
                batch.flush()
                if progress is not None:
                    conn.execute("UPDATE runs SET docs_ok = ?, docs_failed = ?, docs_skipped = ? "
                                 "WHERE run_id = ?",
                                 (progress.get("docs_ok", 0), progress.get("docs_failed", 0),
                                  progress.get("docs_skipped", 0), run_id))
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: batch of {len(results)} not written, nothing of "
                             f"it kept: {exc}") from exc

    def replace_model_facts(self, conn: Any, doc_id: str, facts: Sequence[dict[str, Any]],
                            run_id: int | None = None,
                            index_rows: Sequence[tuple[str, str]] | None = None,
                            at: str | None = None) -> int:
        """Store a (re-)extraction's facts for a stored document, inside the caller's BEGIN.

        The document's earlier model facts go; human facts stay and are first re-placed in its
        current text (`realign_human_facts`). A human label wins: a model fact with the span
        and type of a live human fact is not stored, nor one that a tombstone (a rejection)
        places on the same span with the same label. Returns how many facts were stored.
        Write the new text into `documents` before calling this.
        """
        doc = conn.execute("SELECT doc_id, title, text, text_search FROM documents "
                           "WHERE doc_id = ?", (doc_id,)).fetchone()
        if doc is None:
            raise StoreError(f"{self.path}: document {doc_id} is not stored")
        # The usual case, a new document, has no facts yet: nothing to realign or delete
        # (a DELETE on facts_fts costs about a millisecond even when it finds nothing).
        has_facts = conn.execute("SELECT 1 FROM facts WHERE doc_id = ? LIMIT 1",
                                 (doc_id,)).fetchone() is not None
        human: set[tuple[Any, Any, Any]] = set()
        if has_facts:
            self.realign_human_facts(conn, doc_id, doc["text"])
            conn.execute("DELETE FROM facts_fts WHERE rowid IN (SELECT fact_id FROM facts "
                         "WHERE doc_id = ? AND source IS NOT ?)", (doc_id, HUMAN))
            conn.execute("DELETE FROM facts WHERE doc_id = ? AND source IS NOT ?",
                         (doc_id, HUMAN))
            human = {(r[0], r[1], r[2]) for r in conn.execute(
                'SELECT type, start, "end" FROM facts WHERE doc_id = ? AND source = ? '
                "AND status IS NULL", (doc_id, HUMAN))}
        rejected = rejected_spans(conn, doc_id, doc["text"])
        kept = [i for i, fact in enumerate(facts)
                if (fact.get("type"), fact.get("start"), fact.get("end")) not in human
                and (fact.get("type"), fact.get("label"), fact.get("start"),
                     fact.get("end")) not in rejected]
        rows = [index_rows[i] if index_rows is not None else None for i in kept]
        if has_facts and conn.execute("SELECT 1 FROM facts WHERE doc_id = ? LIMIT 1",
                                      (doc_id,)).fetchone():
            for i, row in zip(kept, rows, strict=True):  # among human facts: one by one
                insert_fact(conn, self.forms, doc, facts[i], run_id, row, at)
        else:  # no other fact of the document: insert in bulk
            insert_new_facts(conn, self.forms, doc, [facts[i] for i in kept], run_id, rows, at)
        return len(kept)

    def realign_human_facts(self, conn: Any, doc_id: str, text: str) -> list[int]:
        """Re-place a document's human facts in its new clean text, inside the caller's BEGIN.

        A fact whose quote and context are still at its offsets stays; one whose quote its
        context places elsewhere gets the new offsets and context; one that cannot be placed
        unambiguously keeps its offsets and gets status 'needs_review' (never dropped, never
        moved on a guess). Each change goes to fact_history. Returns the ids needing review.
        """
        doc = conn.execute("SELECT doc_id, title, text_search FROM documents WHERE doc_id = ?",
                           (doc_id,)).fetchone()
        review = []
        rows = conn.execute("SELECT * FROM facts WHERE doc_id = ? AND source = ? "
                            "ORDER BY fact_id", (doc_id, HUMAN)).fetchall()
        for row in rows:
            before = fact_dict(row)
            start, end, quote = row["start"], row["end"], row["text"]
            prefix, suffix = row["prefix"] or "", row["suffix"] or ""
            in_place = (text[start:end] == quote
                        and text[max(0, start - len(prefix)):start] == prefix
                        and text[end:end + len(suffix)] == suffix)
            placed = (start, end) if in_place else place_quote(text, quote, prefix, suffix)
            if placed is None:
                review.append(row["fact_id"])
                if row["status"] != NEEDS_REVIEW:
                    conn.execute("UPDATE facts SET status = ? WHERE fact_id = ?",
                                 (NEEDS_REVIEW, row["fact_id"]))
                    log_fact_change(conn, "needs_review", doc_id=doc_id, fact_id=row["fact_id"],
                                    before=before, after={**before, "status": NEEDS_REVIEW},
                                    annotator=None)
                continue
            if in_place and row["status"] is None:
                continue
            new_prefix, new_suffix = quote_context(text, *placed)
            conn.execute('UPDATE facts SET start = ?, "end" = ?, prefix = ?, suffix = ?, '
                         "status = NULL WHERE fact_id = ?",
                         (*placed, new_prefix, new_suffix, row["fact_id"]))
            after = {**before, "start": placed[0], "end": placed[1], "prefix": new_prefix,
                     "suffix": new_suffix, "status": None}
            if doc is not None:
                index_fact(conn, self.forms, doc, row["fact_id"], after)
            log_fact_change(conn, "realign", doc_id=doc_id, fact_id=row["fact_id"],
                            before=before, after=after, annotator=None)
        return review

    def running_runs(self) -> list[tuple[int, dict[str, Any]]]:
        """(run_id, args) of the runs still marked running (live, or killed mid-run)."""
        return [(r[0], decode_json(r[1], {})) for r in self.conn.execute(
            "SELECT run_id, args FROM runs WHERE status = 'running' ORDER BY run_id")]

    def mark_interrupted(self, run_id: int) -> None:
        """Record that a run died without finishing (its committed batches stay)."""
        with self.transaction() as conn:
            conn.execute("UPDATE runs SET status = 'interrupted' WHERE run_id = ? "
                         "AND status = 'running'", (run_id,))

    def needs_reextract(self, doc_id: str, extractor_version: str) -> bool:
        """Whether a stored original's facts come from another extractor version."""
        row = self.conn.execute(
            "SELECT extractor_version FROM documents WHERE doc_id = ? AND duplicate_of IS NULL",
            (doc_id,)).fetchone()
        return row is not None and row[0] != extractor_version

    def stored_clean(self, doc_id: str) -> dict[str, Any] | None:
        """The stored clean text of a document as the extractor reads it (no raw bytes needed)."""
        row = self.conn.execute(
            "SELECT doc_id, title, date, author, site, lang, encoding, main_text, text, "
            "text_search, cleaner_version, config_hash FROM documents WHERE doc_id = ?",
            (doc_id,)).fetchone()
        if row is None:
            return None
        clean = dict(row)
        clean["paragraphs"] = [
            {**dict(r), "flags": decode_json(r["flags"], [])} for r in self.conn.execute(
                'SELECT start, "end", lang, script, pair, flags FROM paragraphs '
                "WHERE doc_id = ? ORDER BY idx", (doc_id,))]
        return clean

    def delete_document(self, doc_id: str) -> None:
        """Remove a document with its sources, paragraphs, edits, facts and their FTS rows."""
        with self.transaction() as conn:
            self._remove_document(conn, doc_id, PurgeReport(target=doc_id))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A stored document with its sources, paragraphs and edits, or None."""
        row = self.conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        doc = dict(row)
        doc["sources"] = [r[0] for r in self.conn.execute(
            "SELECT source FROM sources WHERE doc_id = ? ORDER BY first_seen, source",
            (doc_id,))]
        doc["paragraphs"] = [
            {**dict(r), "flags": decode_json(r["flags"], [])} for r in self.conn.execute(
                'SELECT start, "end", lang, script, pair, flags FROM paragraphs '
                "WHERE doc_id = ? ORDER BY idx", (doc_id,))]
        edits = self.conn.execute(
            'SELECT kind, start, "end", at, reason, before, after FROM edits WHERE doc_id = ? '
            "ORDER BY rowid", (doc_id,)).fetchall()
        doc["removed"] = [{"start": e["start"], "end": e["end"], "at": e["at"],
                           "reason": e["reason"], "text": e["before"]}
                          for e in edits if e["kind"] == "removed"]
        doc["repaired"] = [{k: e[k] for k in ("start", "end", "at", "reason", "before", "after")}
                           for e in edits if e["kind"] == "repaired"]
        return doc

    def document_ids(self) -> list[str]:
        """Every original (non-duplicate) document, in the order stored."""
        return [r[0] for r in self.conn.execute(
            "SELECT doc_id FROM documents WHERE duplicate_of IS NULL ORDER BY rowid")]

    def fact_doc_ids(self, query: str | None = None, **filters: Any) -> list[str]:
        """The documents with a fact matching `search_facts`' query and filters (no limit)."""
        where, params = self._fact_where(query, **filters)
        with self._lock:
            return [r[0] for r in self.conn.execute(
                "SELECT f.doc_id FROM facts f JOIN documents d ON d.doc_id = f.doc_id" + where
                + " GROUP BY f.doc_id ORDER BY min(f.fact_id)", params)]

    def facts_for(self, doc_id: str) -> list[dict[str, Any]]:
        """The facts stored for one document, in text order."""
        rows = self.conn.execute(
            'SELECT * FROM facts WHERE doc_id = ? ORDER BY start, "end", fact_id', (doc_id,))
        return [fact_dict(r) for r in rows]

    def fact_history(self, *, doc_id: str | None = None, limit: int | None = None,
                     newest_first: bool = False) -> list[dict[str, Any]]:
        """Rows of the audit log (fact_history), before/after as stored (JSON text)."""
        sql = "SELECT * FROM fact_history" + (" WHERE doc_id = ?" if doc_id else "")
        sql += " ORDER BY id DESC" if newest_first else " ORDER BY id"
        params: list[Any] = [doc_id] if doc_id else []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._lock:
            return [dict(r) for r in self.conn.execute(sql, params)]

    def corrected_documents(self) -> list[dict[str, Any]]:
        """Training input from annotators: each document with a human actor/stage fact or a
        rejected fact, with its text, paragraphs, facts and (if the table exists) rejections."""
        has_rejections = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fact_rejections'"
        ).fetchone() is not None
        query = ("SELECT doc_id FROM facts WHERE source = 'human' AND type IN ('actor', 'stage')"
                 + (" UNION SELECT doc_id FROM fact_rejections" if has_rejections else ""))
        out = []
        for (doc_id,) in sorted(self.conn.execute(query).fetchall()):
            doc = self.document(doc_id)
            if doc is None:
                continue
            doc["facts"] = self.facts_for(doc_id)
            doc["rejections"] = [dict(r) for r in self.conn.execute(
                'SELECT type, label, start, "end", text FROM fact_rejections WHERE doc_id = ?',
                (doc_id,))] if has_rejections else []
            out.append(doc)
        return out

    def errors(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Recorded errors, of one run or of all runs."""
        if run_id is None:
            rows = self.conn.execute("SELECT * FROM errors ORDER BY error_id")
        else:
            rows = self.conn.execute("SELECT * FROM errors WHERE run_id = ? ORDER BY error_id",
                                     (run_id,))
        return [dict(r) for r in rows]

    # -- search and summary --------------------------------------------------------------

    def search_facts(self, query: str | None = None, *, type: Filter = None,
                     label: Filter = None, lang: Filter = None,
                     min_rate: float | None = None, max_rate: float | None = None,
                     source: Filter = None, doc_id: Filter = None,
                     issuer: str | None = None, year: int | str | None = None,
                     order: str = "fact_id", descending: bool = False,
                     limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Facts matching free text and filters, with document title, a source and context.

        `query` is a phrase matched in the fact's text, its search form (Simplified, NFKC: a
        Traditional query finds Simplified text and back), its lemmas (a Russian inflected form
        finds the others) and the document title; `A OR B` finds either. Filters given as a list
        (`lang=["ru", "vi"]`) match any of their values. `order` is a key of `ORDERS`.
        """
        where, params = self._fact_where(query, type=type, label=label, lang=lang,
                                         min_rate=min_rate, max_rate=max_rate, source=source,
                                         doc_id=doc_id, issuer=issuer, year=year)
        if order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
        direction = "DESC" if descending else "ASC"
        ctx = int(CONTEXT_CHARS)  # a constant of this module, never user input
        sql = (
            "SELECT f.*, d.title AS title, "
            "(SELECT min(s.source) FROM sources s WHERE s.doc_id = f.doc_id) AS doc_source, "
            # substr() counts code points from 1, where Python slices count from 0.
            f"substr(d.text, max(f.start - {ctx}, 0) + 1, "
            f'min(f.start, {ctx}) + (f."end" - f.start) + {ctx}) AS context '
            "FROM facts f JOIN documents d ON d.doc_id = f.doc_id" + where
            # ORDERS values are fixed expressions; NULLs sort last either way.
            + f" ORDER BY ({ORDERS[order]}) IS NULL, {ORDERS[order]} {direction}, f.fact_id "
            "LIMIT ? OFFSET ?")
        with self._lock:
            rows = self.conn.execute(sql, [*params, int(limit), int(offset)]).fetchall()
        return [fact_dict(r) for r in rows]

    def count_facts(self, query: str | None = None, **filters: Any) -> int:
        """How many facts `search_facts` would find without a limit."""
        where, params = self._fact_where(query, **filters)
        with self._lock:
            return self.conn.execute(
                "SELECT count(*) FROM facts f JOIN documents d ON d.doc_id = f.doc_id" + where,
                params).fetchone()[0]

    def facet_counts(self, query: str | None = None, *, size: int = 30,
                     **filters: Any) -> dict[str, list[tuple[Any, int]]]:
        """Counts per type, label, lang, source, year, issuer and rate bucket of the matches.

        Each facet is counted with every filter except its own (so a language facet still
        offers the other languages once one is chosen); a list of (value, count), largest
        first (year: by year). `rate` lists ((low, high), count) for `RATE_BUCKETS`, counting
        every fact whose range overlaps the bucket, which is what min_rate/max_rate select.
        """
        own = {"type": "type", "label": "label", "lang": "lang", "source": "source",
               "year": "year", "issuer": "issuer"}
        facets: dict[str, list[tuple[Any, int]]] = {}
        with self._lock:
            for name, expr in FACETS.items():
                where, params = self._fact_where(
                    query, **{k: v for k, v in filters.items() if k != own[name]})
                order = "value" if name == "year" else "n DESC, value"
                sql = (f"SELECT {expr} AS value, count(*) AS n "
                       "FROM facts f JOIN documents d ON d.doc_id = f.doc_id" + where
                       + (" AND " if where else " WHERE ") + f"{expr} IS NOT NULL "
                       f"GROUP BY value ORDER BY {order} LIMIT ?")
                facets[name] = [(r[0], r[1]) for r in self.conn.execute(sql, [*params, size])]
            where, params = self._fact_where(
                query, **{k: v for k, v in filters.items() if k not in ("min_rate", "max_rate")})
            buckets = []
            for low, high in RATE_BUCKETS:
                sql = ("SELECT count(*) FROM facts f JOIN documents d ON d.doc_id = f.doc_id"
                       + where + (" AND " if where else " WHERE ")
                       + f"{RATE_HIGH} >= ? AND {RATE_LOW} <= ?")
                buckets.append(((low, high),
                                self.conn.execute(sql, [*params, low, high]).fetchone()[0]))
        facets["rate"] = buckets
        return facets

    def chart_data(self, query: str | None = None, **filters: Any) -> dict[str, Any]:
        """What the charts draw, over the matching facts.

        `policies_by_year`: [(year, count)]; `rates`: [(bucket_low, profit_share, other_rate)]
        by each rate's upper bound in 5-point steps; `actors_by_lang`: {label: {lang: count}}.
        """
        where, params = self._fact_where(query, **filters)
        base = " FROM facts f JOIN documents d ON d.doc_id = f.doc_id" + where
        glue = " AND " if where else " WHERE "
        with self._lock:
            years = [(r[0], r[1]) for r in self.conn.execute(
                f"SELECT {FACETS['year']} AS y, count(*){base}{glue}f.type = 'policy' "
                "AND y IS NOT NULL GROUP BY y ORDER BY y", params)]
            rates: dict[int, list[int]] = {}
            for r in self.conn.execute(
                    f"SELECT min(CAST({RATE_HIGH} * 20 + 1e-9 AS INTEGER), 20), f.label, count(*)"
                    f"{base}{glue}f.type = 'rate' AND {RATE_HIGH} IS NOT NULL GROUP BY 1, 2",
                    params):
                slot = rates.setdefault(r[0], [0, 0])
                slot[0 if r[1] == "profit_share" else 1] += r[2]
            actors: dict[str, dict[str, int]] = {}
            for r in self.conn.execute(
                    f"SELECT f.label, f.lang, count(*){base}{glue}f.type = 'actor' "
                    "GROUP BY 1, 2 ORDER BY 1, 2", params):
                actors.setdefault(r[0], {})[r[1]] = r[2]
        return {"policies_by_year": years,
                "rates": [(k / 20, v[0], v[1]) for k, v in sorted(rates.items())],
                "actors_by_lang": actors}

    def search_documents(self, query: str, *, lang: Filter = None,
                         limit: int = 20) -> list[dict[str, Any]]:
        """Clean documents whose text or title contains `query` (same rules as facts).

        Each hit has doc_id, title, lang, date, doc_source, facts (count), and `match`:
        [start, end] of the first occurrence in the clean text (None if only the title
        matched) with `snippet` around it.
        """
        alternatives = split_alternatives(query)
        if not alternatives:
            return []
        conditions, params = [], []
        for alt in alternatives:
            folded = self.forms.fold(alt)
            lemmas = self.forms.lemmas(alt)
            if len(alt) >= 3:
                phrases = [fts_phrase(p) for p in dict.fromkeys((alt, folded, lemmas)) if p]
                conditions.append("d.doc_id IN (SELECT doc_id FROM documents_fts "
                                  "WHERE documents_fts MATCH ?)")
                params.append(" OR ".join(phrases))
            else:
                # The trigram index needs 3+ characters; a shorter (CJK) query scans.
                conditions.append("(instr(coalesce(d.text_search, d.text), ?) > 0 "
                                  "OR instr(d.text, ?) > 0 OR instr(d.title, ?) > 0)")
                params.extend([folded, alt, alt])
        where = ["(" + " OR ".join(conditions) + ")", "d.duplicate_of IS NULL"]
        where_lang, lang_params = in_filter("d.lang", lang)
        if where_lang:
            where.append(where_lang)
            params.extend(lang_params)
        sql = ("SELECT d.doc_id, d.title, d.lang, d.date, d.text, d.text_search, "
               "(SELECT min(s.source) FROM sources s WHERE s.doc_id = d.doc_id) AS doc_source, "
               "(SELECT count(*) FROM facts f WHERE f.doc_id = d.doc_id) AS facts "
               "FROM documents d WHERE " + " AND ".join(where) + " ORDER BY d.rowid LIMIT ?")
        with self._lock:
            rows = [dict(r) for r in self.conn.execute(sql, [*params, int(limit)])]
        hits = []
        for row in rows:
            text, folded = row.pop("text"), row.pop("text_search") or ""
            folded = folded if len(folded) == len(text) else text
            span = next((found for alt in alternatives
                         if (found := self.forms.find(text, folded, alt))), None)
            row["match"] = list(span) if span else None
            if span:
                start = max(span[0] - CONTEXT_CHARS, 0)
                row["snippet"] = text[start:span[1] + CONTEXT_CHARS]
                row["snippet_match"] = [span[0] - start, span[1] - start]
            else:
                row["snippet"], row["snippet_match"] = text[:2 * CONTEXT_CHARS], None
            hits.append(row)
        return hits

    # -- export --------------------------------------------------------------------------

    def iter_fact_rows(self, page: int = 1000) -> Iterator[dict[str, Any]]:
        """Every fact with its document's title and first source, in fact_id order.

        Streams: rows are read `page` at a time (keyset on fact_id), so memory stays flat
        however large the table, and the lock is held only while a page is read.
        """
        last = -1
        while True:
            with self._lock:
                rows = self.conn.execute(
                    "SELECT f.fact_id, f.doc_id, f.type, f.label, f.lang, f.text, f.start, "
                    'f."end", f.attrs, f.confidence, f.source, f.model_version, f.run_id, '
                    "d.title AS title, "
                    "(SELECT min(s.source) FROM sources s WHERE s.doc_id = f.doc_id) "
                    "AS doc_source FROM facts f JOIN documents d ON d.doc_id = f.doc_id "
                    "WHERE f.fact_id > ? ORDER BY f.fact_id LIMIT ?", (last, page)).fetchall()
            if not rows:
                return
            for row in rows:
                yield fact_dict(row)
            last = rows[-1]["fact_id"]

    def iter_document_rows(self, page: int = 200) -> Iterator[dict[str, Any]]:
        """Every stored document (duplicates too) with its sources, paragraphs and fact count.

        Streams in rowid order, `page` documents at a time (see iter_fact_rows).
        """
        last = -1
        while True:
            with self._lock:
                rows = self.conn.execute(
                    "SELECT d.rowid AS row_key, d.doc_id, d.text_hash, d.duplicate_of, "
                    "d.near_dup_of, d.title, d.date, d.author, d.site, d.lang, d.text, "
                    "d.text_search, d.cleaner_version, d.extractor_version, "
                    "(SELECT json_group_array(source) FROM (SELECT source FROM sources s "
                    " WHERE s.doc_id = d.doc_id ORDER BY source)) AS sources, "
                    "(SELECT json_group_array(json_object('start', p.start, 'end', p.\"end\", "
                    " 'lang', p.lang, 'script', p.script)) FROM (SELECT * FROM paragraphs p "
                    " WHERE p.doc_id = d.doc_id ORDER BY idx) p) AS paragraphs, "
                    "(SELECT count(*) FROM facts f WHERE f.doc_id = d.doc_id) AS facts "
                    "FROM documents d WHERE d.rowid > ? ORDER BY d.rowid LIMIT ?",
                    (last, page)).fetchall()
            if not rows:
                return
            for row in rows:
                doc = dict(row)
                del doc["row_key"]
                doc["sources"] = decode_json(doc["sources"], [])
                doc["paragraphs"] = decode_json(doc["paragraphs"], [])
                yield doc
            last = rows[-1]["row_key"]

    # -- internals of search -------------------------------------------------------------

    def _fact_where(self, query: str | None = None, *, type: Filter = None,
                    label: Filter = None, lang: Filter = None,
                    min_rate: float | None = None, max_rate: float | None = None,
                    source: Filter = None, doc_id: Filter = None, issuer: str | None = None,
                    year: int | str | None = None) -> tuple[str, list[Any]]:
        """The WHERE clause (with its leading space, or "") and parameters for fact filters."""
        where: list[str] = []
        params: list[Any] = []
        alternatives = split_alternatives(query or "")
        if alternatives:
            matches, short = [], []
            for alt in alternatives:
                folded = self.forms.fold(alt)
                if len(alt) >= 3:
                    lemmas = self.forms.lemmas(alt)
                    matches.extend(fts_phrase(p) for p in dict.fromkeys((alt, folded, lemmas))
                                   if p and len(p) >= 3)
                else:
                    short.append((alt, folded))
            ors = []
            if matches:
                ors.append("f.fact_id IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?)")
                # A fact matches by its document's title too (indexed once, in documents_fts).
                ors.append("f.doc_id IN (SELECT doc_id FROM documents_fts "
                           "WHERE documents_fts MATCH ?)")
                params.extend([" OR ".join(matches), f"title : ({' OR '.join(matches)})"])
            for alt, folded in short:
                # The trigram index needs 3+ characters; shorter (CJK) queries scan the fact
                # text and its search form (a slice of the document's text_search).
                ors.append("(instr(f.text, ?) > 0 OR instr(substr(d.text_search, f.start + 1, "
                           'f."end" - f.start), ?) > 0)')
                params.extend([alt, folded])
            where.append("(" + " OR ".join(ors) + ")")
        for column, value in (("type", type), ("label", label), ("lang", lang),
                              ("source", source), ("doc_id", doc_id)):
            clause, values = in_filter(f"f.{column}", value)  # names from the tuple above
            if clause:
                where.append(clause)
                params.extend(values)
        # A rate given as one number has only min or max; treat it as [x, x].
        if min_rate is not None:
            where.append(f"{RATE_HIGH} >= ?")
            params.append(float(min_rate))
        if max_rate is not None:
            where.append(f"{RATE_LOW} <= ?")
            params.append(float(max_rate))
        if issuer:
            where.append("(instr(json_extract(f.attrs, '$.issuer'), ?) > 0 "
                         "OR instr(json_extract(f.attrs, '$.issuer'), ?) > 0)")
            params.extend([issuer, self.forms.fold(issuer)])
        if year is not None and str(year) != "":
            where.append("CAST(json_extract(f.attrs, '$.year') AS TEXT) = ?")
            params.append(str(year))
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def summary(self) -> dict[str, Any]:
        """Counts: documents, duplicates, sources, errors, facts by type/lang and type/label."""
        one = self.conn.execute(
            "SELECT (SELECT count(*) FROM documents WHERE duplicate_of IS NULL), "
            "(SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL), "
            "(SELECT count(*) FROM sources), (SELECT count(*) FROM errors), "
            "(SELECT count(*) FROM facts), (SELECT count(*) FROM runs)").fetchone()
        by_lang: dict[str, dict[str, int]] = {}
        for row in self.conn.execute("SELECT type, lang, count(*) FROM facts GROUP BY 1, 2"):
            by_lang.setdefault(row[0], {})[row[1]] = row[2]
        by_label: dict[str, dict[str, int]] = {}
        for row in self.conn.execute("SELECT type, label, count(*) FROM facts GROUP BY 1, 2"):
            by_label.setdefault(row[0], {})[row[1]] = row[2]
        return {"documents": one[0], "duplicates": one[1], "sources": one[2], "errors": one[3],
                "facts": one[4], "runs": one[5], "facts_by_type_lang": by_lang,
                "facts_by_type_label": by_label}

    # -- maintenance ---------------------------------------------------------------------

    def check(self) -> list[str]:
        """Problems found (file, integrity, orphans, fact offsets, paragraph ranges, search
        indexes); [] if healthy. A file too damaged to read further gives its one problem."""
        problems = []
        if self.path != ":memory:" and (truncated := truncation_problem(self.path)):
            problems.append(f"file: {truncated}")
        try:
            with self._lock:
                problems += self._check_rows()
        except sqlite3.Error as exc:
            problems.append(f"integrity: {exc} (the file is damaged; restore a backup)")
        return problems

    def _check_rows(self) -> list[str]:
        problems = [f"integrity: {r[0]}" for r in self.conn.execute("PRAGMA integrity_check")
                    if r[0] != "ok"]
        for row in self.conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: a row of {row[0]} (rowid {row[1]}) points to a "
                            f"missing row of {row[2]}")
        for table in ("paragraphs", "edits", "doc_bands", "doc_minhash"):
            orphans = self.conn.execute(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "  # fixed table names
                "(SELECT 1 FROM documents d WHERE d.doc_id = t.doc_id)").fetchone()[0]
            if orphans:
                problems.append(f"{table}: {orphans} rows of missing documents")
        for column in ("duplicate_of", "near_dup_of"):
            for row in self.conn.execute(
                    f"SELECT doc_id, {column} FROM documents d WHERE {column} IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.doc_id = d.{column})"):
                problems.append(f"document {row[0]}: {column} {row[1]} is missing")
        stray = self.conn.execute("SELECT count(*) FROM facts_fts WHERE rowid NOT IN "
                                  "(SELECT fact_id FROM facts)").fetchone()[0]
        if stray:
            problems.append(f"search index: {stray} rows for facts that do not exist")
        for row in self.conn.execute(
                "SELECT f.fact_id, f.doc_id FROM facts f LEFT JOIN documents d "
                "ON d.doc_id = f.doc_id WHERE d.doc_id IS NULL"):
            problems.append(f"fact {row[0]}: document {row[1]} is missing")
        for row in self.conn.execute(
                "SELECT s.source, s.doc_id FROM sources s LEFT JOIN documents d "
                "ON d.doc_id = s.doc_id WHERE d.doc_id IS NULL"):
            problems.append(f"source {row[0]}: document {row[1]} is missing")
        # Offsets are checked in Python so "index" means code points exactly as the
        # extractor produced them.
        texts = dict(self.conn.execute(
            "SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT doc_id FROM facts)"))
        # A human fact flagged for review kept offsets re-cleaning invalidated, on purpose.
        for row in self.conn.execute('SELECT fact_id, doc_id, text, start, "end" FROM facts '
                                     "WHERE status IS NOT ? ORDER BY fact_id", (NEEDS_REVIEW,)):
            text = texts.get(row["doc_id"])
            if not (isinstance(row["start"], int) and isinstance(row["end"], int)):
                problems.append(f"fact {row['fact_id']}: offsets {row['start']!r}, "
                                f"{row['end']!r} are not integers")
            elif text is not None and not 0 <= row["start"] <= row["end"] <= len(text):
                problems.append(f"fact {row['fact_id']}: [{row['start']}:{row['end']}] outside "
                                f"document {row['doc_id']} (length {len(text)})")
            elif text is not None and text[row["start"]:row["end"]] != row["text"]:
                problems.append(f"fact {row['fact_id']}: text {row['text']!r} != document "
                                f"{row['doc_id']}[{row['start']}:{row['end']}]")
        for row in self.conn.execute(
                'SELECT p.doc_id, p.idx, p.start, p."end", length(d.text) FROM paragraphs p '
                "JOIN documents d ON d.doc_id = p.doc_id "
                'WHERE p.start < 0 OR p."end" < p.start OR p."end" > length(d.text)'):
            problems.append(f"paragraph {row[1]} of {row[0]}: [{row[2]}:{row[3]}] outside "
                            f"the text (length {row[4]})")
        fts_count = self.conn.execute("SELECT count(*) FROM facts_fts").fetchone()[0]
        fact_count = self.conn.execute("SELECT count(*) FROM facts").fetchone()[0]
        if fts_count != fact_count:
            problems.append(f"search index: {fts_count} rows for {fact_count} facts")
        indexed = self.conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
        originals = self.conn.execute(
            "SELECT count(*) FROM documents WHERE duplicate_of IS NULL").fetchone()[0]
        if indexed != originals:
            problems.append(f"document index: {indexed} rows for {originals} documents")
        return problems

    def backup(self, path: str | Path) -> None:
        """A consistent copy of the database at `path`, safe while others read and write.

        SQLite's online backup API copies every page in one step (one read snapshot), into a
        temporary file beside `path` that replaces `path` only when complete.
        """
        path = Path(path)
        partial = path.with_name(f".{path.name}.partial")
        partial.unlink(missing_ok=True)
        try:
            target = sqlite3.connect(str(partial))
            try:
                with self._lock:
                    self.conn.backup(target)
                # A damaged source copies as damaged pages: never let such a copy replace
                # an older (good) backup.
                damage = [r[0] for r in target.execute("PRAGMA quick_check") if r[0] != "ok"]
            finally:
                target.close()
            if damage:
                partial.unlink(missing_ok=True)
                raise StoreError(f"{self.path} is damaged ({damage[0]}), so no backup was "
                                 f"written and {path} is left as it was; see `cominer check`")
            os.replace(partial, path)
        except (sqlite3.Error, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"{path}: backup failed: {exc}") from exc

    def purge_source(self, source: str) -> PurgeReport:
        """Remove a source and everything only it produced, in one transaction.

        The source's links and recorded errors go; each document it named goes too unless
        another source still names it (then it stays whole). A removed document takes its
        facts, paragraphs, edits and index rows; if it was the original of a stored duplicate,
        that duplicate becomes the original and inherits its facts and paragraphs.
        """
        report = PurgeReport(target=source)
        with self.transaction() as conn:
            doc_ids = [r[0] for r in conn.execute(
                "SELECT doc_id FROM sources WHERE source = ? ORDER BY doc_id", (source,))]
            report.errors_removed = conn.execute(
                "DELETE FROM errors WHERE source = ?", (source,)).rowcount
            conn.execute("DELETE FROM sources WHERE source = ?", (source,))
            for doc_id in doc_ids:
                others = conn.execute("SELECT count(*) FROM sources WHERE doc_id = ?",
                                      (doc_id,)).fetchone()[0]
                if others:
                    report.documents_kept.append(doc_id)
                else:
                    self._remove_document(conn, doc_id, report)
        report.found = bool(doc_ids or report.errors_removed)
        return report

    def purge_document(self, doc_id: str) -> PurgeReport:
        """Remove one document with all its sources, in one transaction (see purge_source)."""
        report = PurgeReport(target=doc_id)
        with self.transaction() as conn:
            report.errors_removed = conn.execute(
                "DELETE FROM errors WHERE doc_id = ?", (doc_id,)).rowcount
            self._remove_document(conn, doc_id, report)
        report.found = bool(report.documents_removed or report.errors_removed)
        return report

    # -- internals -----------------------------------------------------------------------

    @staticmethod
    def _insert_source(conn: Any, source: str, doc_id: str, run_id: int | None,
                       at: str | None = None) -> None:
        conn.execute("INSERT OR IGNORE INTO sources (source, doc_id, first_seen, run_id) "
                     "VALUES (?, ?, ?, ?)", (source, doc_id, at or now(), run_id))

    def _write_one(self, conn: Any, doc: DocRows, run_id: int, at: str,
                   batch: BatchRows) -> None:
        """Queue (or, for the rare kinds that read stored rows, write) one source's rows."""
        if doc.kind == "known":
            if doc.doc_id in batch.stored:
                batch.add_source(doc.source, doc.doc_id, run_id, at)
            return
        if doc.error is not None or doc.document is None:
            stage, reason = doc.error or ("store", "no clean document")
            # The same failure of the same source is recorded once, so re-running a batch
            # (or resuming a killed one) does not pile up copies of it.
            seen = conn.execute(
                "SELECT 1 FROM errors WHERE source = ? AND doc_id IS ? AND stage = ? "
                "AND reason = ?", (doc.source, doc.doc_id or None, stage, reason)
            ).fetchone()
            if seen is None:
                conn.execute("INSERT INTO errors (source, doc_id, stage, reason, run_id, at) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             (doc.source, doc.doc_id or None, stage, reason, run_id, at))
            return
        if doc.kind == "reextract":
            batch.flush()
            self._replace_facts(conn, doc, run_id, at)
            batch.facts_stored_elsewhere()
            batch.add_source(doc.source, doc.doc_id, run_id, at)
            return
        if doc.doc_id in batch.stored:
            batch.add_source(doc.source, doc.doc_id, run_id, at)
            return
        if not batch.add_document(doc, run_id, at):
            return  # a duplicate keeps its source; its facts are the original's
        if doc.doc_id in batch.has_facts:  # human facts or tombstones decide, row by row
            batch.flush()
            self.replace_model_facts(conn, doc.doc_id, fact_dicts(doc.facts), run_id,
                                     doc.fact_index, at)
            batch.facts_stored_elsewhere()
        else:
            batch.add_facts(doc, run_id, at)
        batch.rows[INSERT_DOC_INDEX].append(doc.doc_index)

    def _replace_facts(self, conn: Any, doc: DocRows, run_id: int, at: str) -> None:
        """Re-extraction: the model facts of a document give way to new ones; human facts and
        rejections win (`replace_model_facts`)."""
        self.replace_model_facts(conn, doc.doc_id, fact_dicts(doc.facts), run_id,
                                 doc.fact_index, at)
        conn.execute("UPDATE documents SET extractor_version = ? WHERE doc_id = ?",
                     (doc.extractor_version, doc.doc_id))

    def _remove_document(self, conn: Any, doc_id: str, report: PurgeReport) -> None:
        """Delete a document and what it produced, inside the caller's transaction."""
        doc = conn.execute("SELECT doc_id, duplicate_of FROM documents WHERE doc_id = ?",
                           (doc_id,)).fetchone()
        if doc is None:
            return
        heir = None
        if doc["duplicate_of"] is None:
            row = conn.execute("SELECT doc_id, title FROM documents WHERE duplicate_of = ? "
                               "ORDER BY rowid LIMIT 1", (doc_id,)).fetchone()
            heir = row
        if heir is not None:
            # Same clean text (same text_hash), so facts and paragraphs keep their offsets.
            # The edits described the removed document's own main_text and go with it.
            conn.execute("UPDATE facts SET doc_id = ? WHERE doc_id = ?", (heir[0], doc_id))
            conn.execute("UPDATE paragraphs SET doc_id = ? WHERE doc_id = ?", (heir[0], doc_id))
            conn.execute("UPDATE fact_rejections SET doc_id = ? WHERE doc_id = ?",
                         (heir[0], doc_id))
            conn.execute("UPDATE documents SET duplicate_of = NULL WHERE doc_id = ?", (heir[0],))
            conn.execute("UPDATE documents SET duplicate_of = ? WHERE duplicate_of = ?",
                         (heir[0], doc_id))
            full = conn.execute("SELECT title, text, text_search FROM documents "
                                "WHERE doc_id = ?", (heir[0],)).fetchone()
            conn.execute("INSERT INTO documents_fts (doc_id, title, text, lemmas) "
                         "VALUES (?, ?, ?, ?)",
                         document_index_row(self.forms, heir[0], full["title"], full["text"],
                                            full["text_search"]))
            report.promoted.append(heir[0])
        else:
            report.facts_removed += conn.execute(
                "DELETE FROM facts_fts WHERE rowid IN (SELECT fact_id FROM facts "
                "WHERE doc_id = ?)", (doc_id,)).rowcount
        conn.execute("DELETE FROM documents_fts WHERE doc_id = ?", (doc_id,))
        conn.execute("UPDATE documents SET near_dup_of = NULL WHERE near_dup_of = ?", (doc_id,))
        # ON DELETE CASCADE removes sources, paragraphs, edits and facts.
        conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        report.documents_removed.append(doc_id)
