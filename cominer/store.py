"""The knowledge table: the only module with SQL (schema, migrations, `KnowledgeStore`).

Documents, their sources, paragraphs, edits and facts live in one SQLite file. The schema is
versioned with `PRAGMA user_version`; `MIGRATIONS` upgrade any older file in place.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

FACT_COLUMNS = ("fact_id", "doc_id", "type", "label", "lang", "text", "start", "end", "attrs",
                "confidence", "source", "model_version", "run_id", "created_at")
DOCUMENT_COLUMNS = ("doc_id", "text_hash", "duplicate_of", "near_dup_of", "title", "date",
                    "author", "site", "lang", "encoding", "main_text", "text", "text_search",
                    "cleaner_version", "config_hash", "extractor_version", "run_id",
                    "created_at")


class StoreError(Exception):
    """The database file cannot be used: not SQLite, corrupt, too new, or a failed write."""


@dataclass
class DocWrite:
    """What one source produced, ready to store: a clean document and its facts, or an error."""

    source: str
    doc_id: str
    clean: dict[str, Any] | None
    facts: list[dict[str, Any]] = field(default_factory=list)
    extractor_version: str = ""
    error: tuple[str, str] | None = None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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


def migrate(conn: Any, name: str) -> None:
    """Apply the missing migrations, each in its own transaction with its version number."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(f"{name}: schema version {current} is newer than this cominer "
                         f"supports ({SCHEMA_VERSION}); upgrade cominer")
    for version, script in MIGRATIONS:
        if version <= current:
            continue
        try:
            # user_version lives in the file header and is transactional: the version moves
            # only if the whole script succeeded.
            conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\n"
                               "COMMIT;")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"{name}: migration to schema version {version} failed: "
                             f"{exc}") from exc


def fts_phrase(query: str) -> str:
    """The query as one FTS5 string, so user syntax (OR, quotes, NEAR, -) is matched literally."""
    return '"' + query.replace('"', '""') + '"'


def decode_json(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


def fact_dict(row: Any) -> dict[str, Any]:
    fact = dict(row)
    fact["attrs"] = decode_json(fact.get("attrs"), {})
    return fact


class KnowledgeStore:
    """Documents, sources and facts in one SQLite file; every method is one or few statements."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        # A writer lock: the web app may call from worker threads and sqlite3 transactions
        # belong to the connection, not the thread.
        self._lock = threading.RLock()
        try:
            self.conn = connect(self.path)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from exc
        try:
            migrate(self.conn, self.path)
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

    def write_batch(self, results: list[DocWrite], run_id: int) -> None:
        """Store a batch in one transaction: all of it or, on any failure, none of it."""
        if not results:
            return
        try:
            with self.transaction() as conn:
                for result in results:
                    self._write_one(conn, result, run_id)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: batch of {len(results)} not written, nothing of "
                             f"it kept: {exc}") from exc

    def delete_document(self, doc_id: str) -> None:
        """Remove a document with its sources, paragraphs, edits, facts and their FTS rows."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM facts_fts WHERE rowid IN "
                         "(SELECT fact_id FROM facts WHERE doc_id = ?)", (doc_id,))
            # ON DELETE CASCADE removes sources, paragraphs, edits and facts.
            conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

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

    def facts_for(self, doc_id: str) -> list[dict[str, Any]]:
        """The facts stored for one document, in text order."""
        rows = self.conn.execute(
            'SELECT * FROM facts WHERE doc_id = ? ORDER BY start, "end", fact_id', (doc_id,))
        return [fact_dict(r) for r in rows]

    def errors(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Recorded errors, of one run or of all runs."""
        if run_id is None:
            rows = self.conn.execute("SELECT * FROM errors ORDER BY error_id")
        else:
            rows = self.conn.execute("SELECT * FROM errors WHERE run_id = ? ORDER BY error_id",
                                     (run_id,))
        return [dict(r) for r in rows]

    # -- search and summary --------------------------------------------------------------

    def search_facts(self, query: str | None = None, *, type: str | None = None,
                     label: str | None = None, lang: str | None = None,
                     min_rate: float | None = None, max_rate: float | None = None,
                     source: str | None = None, doc_id: str | None = None,
                     issuer: str | None = None, year: int | str | None = None,
                     limit: int = 100) -> list[dict[str, Any]]:
        """Facts matching free text and filters, with document title, a source and context."""
        where: list[str] = []
        params: list[Any] = []
        if query:
            if len(query) >= 3:
                # The trigram index needs 3+ characters; shorter (CJK) queries scan instead.
                where.append("f.fact_id IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?)")
                params.append(fts_phrase(query))
            else:
                where.append("instr(f.text, ?) > 0")
                params.append(query)
        for column, value in (("type", type), ("label", label), ("lang", lang),
                              ("source", source), ("doc_id", doc_id)):
            if value is not None:
                where.append(f"f.{column} = ?")  # column names come from the tuple above
                params.append(value)
        # A rate given as one number has only min or max; treat it as [x, x].
        low = "coalesce(json_extract(f.attrs, '$.min'), json_extract(f.attrs, '$.max'))"
        high = "coalesce(json_extract(f.attrs, '$.max'), json_extract(f.attrs, '$.min'))"
        if min_rate is not None:
            where.append(f"{high} >= ?")
            params.append(min_rate)
        if max_rate is not None:
            where.append(f"{low} <= ?")
            params.append(max_rate)
        if issuer is not None:
            where.append("instr(json_extract(f.attrs, '$.issuer'), ?) > 0")
            params.append(issuer)
        if year is not None:
            where.append("CAST(json_extract(f.attrs, '$.year') AS TEXT) = ?")
            params.append(str(year))
        ctx = int(CONTEXT_CHARS)  # a constant of this module, never user input
        sql = (
            "SELECT f.*, d.title AS title, "
            "(SELECT min(s.source) FROM sources s WHERE s.doc_id = f.doc_id) AS doc_source, "
            # substr() counts code points from 1, where Python slices count from 0.
            f"substr(d.text, max(f.start - {ctx}, 0) + 1, "
            f'min(f.start, {ctx}) + (f."end" - f.start) + {ctx}) AS context '
            "FROM facts f JOIN documents d ON d.doc_id = f.doc_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY f.fact_id LIMIT ?")
        params.append(int(limit))
        return [fact_dict(r) for r in self.conn.execute(sql, params)]

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
        """Problems found (integrity, orphans, fact offsets, paragraph ranges); [] if healthy."""
        problems = [f"integrity: {r[0]}" for r in self.conn.execute("PRAGMA integrity_check")
                    if r[0] != "ok"]
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
        for row in self.conn.execute('SELECT fact_id, doc_id, text, start, "end" FROM facts '
                                     "ORDER BY fact_id"):
            text = texts.get(row["doc_id"])
            if text is not None and text[row["start"]:row["end"]] != row["text"]:
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
        return problems

    def backup(self, path: str | Path) -> None:
        """A consistent copy of the database at `path`, safe while others read and write."""
        target = sqlite3.connect(str(path))
        try:
            self.conn.backup(target)
        finally:
            target.close()

    # -- internals -----------------------------------------------------------------------

    @staticmethod
    def _insert_source(conn: Any, source: str, doc_id: str, run_id: int | None) -> None:
        conn.execute("INSERT OR IGNORE INTO sources (source, doc_id, first_seen, run_id) "
                     "VALUES (?, ?, ?, ?)", (source, doc_id, now(), run_id))

    def _write_one(self, conn: Any, result: DocWrite, run_id: int) -> None:
        if result.error is not None or result.clean is None:
            stage, reason = result.error or ("store", "no clean document")
            conn.execute("INSERT INTO errors (source, doc_id, stage, reason, run_id, at) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (result.source, result.doc_id or None, stage, reason, run_id, now()))
            return
        clean = result.clean
        doc_id = result.doc_id or clean["doc_id"]
        if self.has_document(doc_id):
            self._insert_source(conn, result.source, doc_id, run_id)
            return
        # Reads inside the open transaction see this batch's earlier rows, so a repeat within
        # the batch is caught like a repeat of an older batch.
        original = self.document_by_text_hash(clean["text_hash"])
        conn.execute(
            "INSERT INTO documents (doc_id, text_hash, duplicate_of, title, date, author, site, "
            "lang, encoding, main_text, text, text_search, cleaner_version, config_hash, "
            "extractor_version, run_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, clean["text_hash"], original, clean.get("title"), clean.get("date"),
             clean.get("author"), clean.get("site"), clean.get("lang"), clean.get("encoding"),
             clean.get("main_text"), clean["text"], clean.get("text_search"),
             clean.get("cleaner_version"), clean.get("config_hash"), result.extractor_version,
             run_id, now()))
        self._insert_source(conn, result.source, doc_id, run_id)
        if original is not None:
            return  # a duplicate keeps its source; its facts are the original's
        conn.executemany(
            'INSERT INTO paragraphs (doc_id, idx, start, "end", lang, script, pair, flags) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, i, p["start"], p["end"], p.get("lang"), p.get("script"), p.get("pair"),
              json.dumps(p.get("flags") or [], ensure_ascii=False))
             for i, p in enumerate(clean.get("paragraphs") or [])])
        conn.executemany(
            'INSERT INTO edits (doc_id, kind, start, "end", at, reason, before, after) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, "removed", e["start"], e["end"], e.get("at"), e.get("reason"),
              e.get("text"), None) for e in clean.get("removed") or []]
            + [(doc_id, "repaired", e["start"], e["end"], e.get("at"), e.get("reason"),
                e.get("before"), e.get("after")) for e in clean.get("repaired") or []])
        title = clean.get("title")
        text_search = clean.get("text_search") or ""
        for fact in result.facts:
            cur = conn.execute(
                "INSERT INTO facts (doc_id, type, label, lang, text, start, \"end\", attrs, "
                "confidence, source, model_version, run_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, fact.get("type"), fact.get("label"), fact.get("lang"), fact.get("text"),
                 fact.get("start"), fact.get("end"),
                 json.dumps(fact.get("attrs") or {}, ensure_ascii=False),
                 fact.get("confidence"), fact.get("source"), fact.get("model_version"),
                 run_id, now()))
            indexed = fact.get("text") or ""
            # Also index the search form (Simplified, NFKC) so a Simplified query finds a
            # Traditional fact; it has the same offsets as the text (DESIGN.md).
            if isinstance(fact.get("start"), int) and isinstance(fact.get("end"), int):
                folded = text_search[fact["start"]:fact["end"]]
                if folded and folded != indexed:
                    indexed = f"{indexed}\n{folded}"
            conn.execute("INSERT INTO facts_fts (rowid, text, doc_title) VALUES (?, ?, ?)",
                         (cur.lastrowid, indexed, title))
