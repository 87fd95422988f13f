"""The store under concurrent runs, damage and live backups: one writer run at a time,
`check` finds what is broken, `backup` copies consistently, a damaged file is exit 3."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from cominer.cli import main
from cominer.corpus.records import CleanDoc, Paragraph
from cominer.store import DocWrite, KnowledgeStore, RunLock, StoreError

COMINER = [sys.executable, "-c", "from cominer.cli import main; main()"]
ARTICLE = ("<p>The district council and local companies set up a community fund; each company "
           "pays {n}% of its annual profit into the fund, and residents help design the "
           "service.</p>")


def page(n: int) -> bytes:
    return (f"<!DOCTYPE html><html><head><title>Page {n}</title></head><body>"
            f"{ARTICLE.format(n=n)}</body></html>").encode()


def invoke(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """A small healthy database made by `cominer run` (three pages, with facts)."""
    base = tmp_path_factory.mktemp("store")
    for n in range(3):
        (base / f"p{n}.html").write_bytes(page(n + 2))
    db = base / "sample.db"
    result = invoke("run", base, "--db", db, "-q")
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def db_copy(sample_db, tmp_path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copy(sample_db, copy)
    return copy


def raw_sql(db: Path, *statements: str) -> None:
    """Damage a database behind the store's back (foreign keys off, as an old tool would)."""
    conn = sqlite3.connect(db)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


# -- one writer run at a time ----------------------------------------------------------------


class Gate(BaseHTTPRequestHandler):
    """Serves /page.html only once the test opens the gate, so a run holds its lock."""

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if self.path == "/page.html":
            self.server.reached.set()
            self.server.gate.wait(30)
            body = page(9)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture
def gate_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gate)
    server.daemon_threads = True
    server.reached, server.gate = threading.Event(), threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.gate.set()
    server.shutdown()
    server.server_close()


def start_slow_run(db: Path, server, tmp_path: Path) -> subprocess.Popen:
    config = tmp_path / "cominer.toml"
    config.write_text("[fetch]\nper_host_delay = 0.0\nretries = 0\n")
    url = f"http://127.0.0.1:{server.server_port}/page.html"
    proc = subprocess.Popen([*COMINER, "run", url, "--db", str(db), "--allow-private",
                             "--config", str(config), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert server.reached.wait(60), "the first run never fetched its page"
    return proc


def test_a_second_run_on_the_same_database_refuses_with_a_clear_message(tmp_path,
                                                                         gate_server):
    db = tmp_path / "k.db"
    (tmp_path / "local.html").write_bytes(page(4))
    first = start_slow_run(db, gate_server, tmp_path)
    second = subprocess.run([*COMINER, "run", str(tmp_path / "local.html"), "--db", str(db),
                             "-q"], capture_output=True, text=True, timeout=120)
    gate_server.gate.set()
    out, err = first.communicate(timeout=120)
    assert second.returncode == 3, second.stderr
    assert "another `cominer run` is writing to this database" in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert "Traceback" not in second.stderr
    assert first.returncode == 0, err
    # the lock went with the first run: the second can go now, and nothing is damaged
    again = subprocess.run([*COMINER, "run", str(tmp_path / "local.html"), "--db", str(db),
                            "-q"], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert invoke("check", "--db", db).exit_code == 0
    with KnowledgeStore(db) as store:
        assert store.summary()["documents"] == 2


def test_a_killed_run_leaves_no_stale_lock(tmp_path, gate_server):
    db = tmp_path / "k.db"
    first = start_slow_run(db, gate_server, tmp_path)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    with RunLock(db):  # the kernel dropped the killed run's lock
        pass
    (tmp_path / "local.html").write_bytes(page(5))
    assert invoke("run", tmp_path / "local.html", "--db", db, "-q").exit_code == 0


def test_run_lock_in_process(tmp_path):
    db = tmp_path / "k.db"
    with RunLock(db):
        with pytest.raises(StoreError, match="another `cominer run`"):
            RunLock(db).acquire()
    with RunLock(db):  # released on exit
        pass
    with RunLock(":memory:"), RunLock(":memory:"):  # nothing to share, nothing to lock
        pass


# -- cominer check ---------------------------------------------------------------------------


def test_check_passes_a_healthy_database(sample_db):
    result = invoke("check", "--db", sample_db)
    assert result.exit_code == 0 and "ok" in result.output


@pytest.mark.parametrize("damage, expected", [
    (["INSERT INTO facts (doc_id, type, label, lang, text, start, \"end\") "
      "VALUES ('no-such-doc', 'actor', 'enterprise', 'en', 'x', 0, 1)"],
     "document no-such-doc is missing"),
    (["INSERT INTO paragraphs (doc_id, idx, start, \"end\") VALUES ('gone', 0, 0, 1)"],
     "paragraphs: 1 rows of missing documents"),
    (["INSERT INTO sources (source, doc_id) VALUES ('ghost.html', 'gone')"],
     "source ghost.html: document gone is missing"),
    (["UPDATE documents SET text = 'X' || text"], "!= document"),
    (["UPDATE facts SET start = start + 100000, \"end\" = \"end\" + 100000 "
      "WHERE fact_id = (SELECT min(fact_id) FROM facts)"], "outside document"),
    (["DELETE FROM facts_fts WHERE rowid = (SELECT min(fact_id) FROM facts)"],
     "search index"),
    (["UPDATE documents SET duplicate_of = 'vanished' "
      "WHERE rowid = (SELECT max(rowid) FROM documents)"], "duplicate_of vanished is missing"),
])
def test_check_reports_each_kind_of_damage(db_copy, damage, expected):
    raw_sql(db_copy, *damage)
    result = invoke("check", "--db", db_copy)
    assert result.exit_code == 3
    assert expected in result.output, result.output


def test_check_reports_page_level_corruption(db_copy):
    data = bytearray(db_copy.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for at in range(2 * page_size, len(data), page_size):  # every page after the second
        data[at + 8:at + 64] = os.urandom(56)
    db_copy.write_bytes(bytes(data))
    result = invoke("check", "--db", db_copy)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "integrity" in result.output or "error:" in result.output


# -- damaged database files: exit 3 and a message, for every command that opens one ----------


def garbage(path: Path, sample: Path) -> None:
    path.write_bytes(os.urandom(8192))


def truncated(path: Path, sample: Path) -> None:
    data = sample.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def header_only(path: Path, sample: Path) -> None:
    path.write_bytes(sample.read_bytes()[:100])


def tables_scrambled(path: Path, sample: Path) -> None:
    """Header and schema intact, so the file opens; the root pages of the documents and facts
    tables are noise, so the first query that reads them fails."""
    shutil.copy(sample, path)
    with sqlite3.connect(path) as conn:
        roots = [r[0] for r in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE tbl_name IN ('facts', 'documents') "
            "AND rootpage > 0")]
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for root in roots:
        data[(root - 1) * page_size:root * page_size] = os.urandom(page_size)
    path.write_bytes(bytes(data))


def commands(db: Path, tmp: Path) -> dict[str, list]:
    (tmp / "in.html").write_bytes(page(7))
    return {
        "run": ["run", tmp / "in.html", "--db", db, "-q"],
        "demo": ["demo", "--db", db, "-q"],
        "search": ["search", "fund", "--db", db],
        "search-documents": ["search", "fund", "--documents", "--db", db],
        "check": ["check", "--db", db],
        "export": ["export", "--format", "jsonl", "--output", tmp / "out.jsonl", "--db", db],
        "purge": ["purge", "x.html", "--db", db],
        "backup": ["backup", "--output", tmp / "copy.db", "--db", db],
        "serve": ["serve", "--port", "0", "--db", db],
    }


COMMANDS = ["run", "demo", "search", "search-documents", "check", "export", "purge", "backup",
            "serve"]
# A file whose schema still reads opens fine: `purge` of an unknown source and `serve` never
# touch the scrambled pages (the web app answers its own requests); the rest must meet them.
DAMAGE_CASES = [(d, c) for d in (garbage, truncated, header_only) for c in COMMANDS] + [
    (tables_scrambled, c) for c in COMMANDS if c not in ("purge", "serve")]


@pytest.mark.parametrize("damage, command", DAMAGE_CASES)
def test_a_damaged_database_gives_exit_3_and_a_message(sample_db, tmp_path, damage, command):
    db = tmp_path / "damaged.db"
    damage(db, sample_db)
    (tmp_path / "copy.db").write_bytes(b"an older backup")
    result = invoke(*commands(db, tmp_path)[command])
    assert (tmp_path / "copy.db").read_bytes() == b"an older backup"  # never overwritten
    assert result.exit_code == 3, (result.output, result.exception)
    assert "error:" in result.output or "problem:" in result.output
    assert "Traceback" not in result.output
    if damage is truncated:
        assert "truncated" in result.output


# -- cominer backup while others read and write ----------------------------------------------


def doc_write(n: int) -> DocWrite:
    """A document with three facts whose offsets match its text."""
    text = f"Document {n}: the council and company {n} share {n % 50}% of the profit."
    doc = CleanDoc(doc_id=f"doc-{n}", source=f"s{n}.html", title=f"T{n}", date=None,
                   lang="en", cleaner_version="c", config_hash="h", main_text=text, text=text,
                   text_search=text, paragraphs=[Paragraph(0, len(text), "en")], removed=[],
                   repaired=[])
    facts = []
    for needle, type_, label in (("council", "actor", "government"),
                                 (f"company {n}", "actor", "enterprise"),
                                 (f"{n % 50}%", "rate", "other_rate")):
        start = text.index(needle)
        facts.append({"doc_id": f"doc-{n}", "type": type_, "lang": "en", "text": needle,
                      "start": start, "end": start + len(needle), "label": label,
                      "attrs": {}, "confidence": 0.9, "source": "rule", "model_version": "m"})
    return DocWrite(source=f"s{n}.html", doc_id=f"doc-{n}", clean=doc.to_json(), facts=facts,
                    extractor_version="m")


def test_backup_is_consistent_while_a_writer_and_a_reader_are_active(tmp_path):
    db = tmp_path / "live.db"
    stop = threading.Event()
    written = []

    def writer():
        with KnowledgeStore(db) as store:
            run_id = store.start_run(cleaner_version="c", extractor_version="m",
                                     config_hash="h", args={})
            n = 0
            while not stop.is_set() and n < 5000:
                store.write_batch([doc_write(n), doc_write(n + 1)], run_id)  # two per commit
                n += 2
                written.append(n)

    def reader():
        conn = sqlite3.connect(db)
        while not stop.is_set():
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM facts").fetchone()
            time.sleep(0.05)  # hold the read snapshot open across backups
            conn.execute("COMMIT")
        conn.close()

    KnowledgeStore(db).close()
    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for t in threads:
        t.start()
    copies = []
    try:
        while not written:
            time.sleep(0.01)
        for i in range(3):
            out = tmp_path / f"backup-{i}.db"
            result = invoke("backup", "--output", out, "--db", db, "-q")
            assert result.exit_code == 0, result.output
            copies.append(out)
        proc = subprocess.run([*COMINER, "backup", "--output", str(tmp_path / "backup-p.db"),
                               "--db", str(db)], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        copies.append(tmp_path / "backup-p.db")
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    for copy in copies:
        with KnowledgeStore(copy) as store:
            assert store.check() == [], copy
            summary = store.summary()
        # whole batches only: two documents and six facts per commit
        assert summary["documents"] % 2 == 0 and summary["facts"] == 3 * summary["documents"]
    assert max(written) > 0
