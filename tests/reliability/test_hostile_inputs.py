"""Hostile and broken inputs, generated here at run time: each becomes a recorded error or a
clean result, never a crash of the batch, a hang or unbounded memory."""

from __future__ import annotations

import gzip
import io
import os
import sqlite3
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from cominer.cli import main
from cominer.config import Settings, with_overrides
from cominer.corpus.records import InputError, RawDoc
from cominer.corpus.sources import InputConfig, iter_raw_docs
from cominer.limits import DocumentTimeout, call_with_time_limit, time_limit
from cominer.pipeline import Workers, run_sources
from cominer.store import KnowledgeStore

CAP = 3_000_000  # the size cap the hostile batch runs with (bytes)
ARTICLE = ("<p>The district council and local companies set up a community fund; each company "
           "pays 5% of its annual profit into the fund, and residents help design the "
           "service.</p>")


def page(body: str, charset: str = "utf-8") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>T</title></head>'
            f"<body>{body}</body></html>").encode(charset)


def warc_bytes(records: list[tuple[str, bytes]]) -> bytes:
    """A gzipped WARC file of HTML response records (uri, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for uri, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response",
                                                      payload=io.BytesIO(body),
                                                      http_headers=headers))
    return out.getvalue()


def sparse_file(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no disk space (and would take `size` bytes to read)."""
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def build_hostile_folder(root: Path) -> dict[str, str]:
    """Write every hostile input under `root`; returns file name -> expected outcome:
    'doc' (stored), 'error:<words in the reason>', 'doc-or-error', or 'skip' (not a source)."""
    root.mkdir()
    expect: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        (root / name).write_bytes(data)
        expect[name] = outcome

    put("empty.html", b"", "error:empty document")
    put("blank.txt", b" \n\t\n", "error:empty document")
    put("binary.html", bytes(range(256)) * 64, "error:binary data")
    put("png.html", b"\x89PNG\r\n\x1a\n" + os.urandom(4096), "error:binary data")
    sparse_file(root / "huge.txt", 200_000_000)
    expect["huge.txt"] = "error:over the size cap"
    put("invalid-utf8-bytes.html",
        b"<html><body><p>Residents \xff\xfe and companies \xc3\x28 agreed \xe2\x82 to "
        b"co-design the local service together with the district council.</p></body></html>",
        "doc")
    put("mixed-encodings.html",
        "<html><body><p>Граждане и компании участвуют в совместном проектировании.</p><p>"
        .encode() + "社区居民委员会和企业共同参与社区治理。".encode("gbk") + b"</p><p>"
        + "Добровольцы помогают жителям района.".encode("cp1251") + b"</p></body></html>",
        "doc")
    put("deep-nesting.html", page("<div>" * 100_000 + ARTICLE + "</div>" * 100_000),
        "doc-or-error")
    put("deep-unclosed.html", page("<div><span>" * 50_000 + ARTICLE), "doc-or-error")
    put("unclosed.html", b"<html><body><div><p>The council and local companies agreed to "
                         b"co-design the service with residents.<table><tr><td>cell",
        "doc-or-error")
    put("attribute-flood.html",
        page("<p " + " ".join(f'a{i}="x"' for i in range(100_000)) + ">" + ARTICLE[3:]),
        "doc-or-error")
    put("spam-only.html", page("".join(
        f"<p>澳门赌场 在线博彩 六合彩 百家乐 加微信 888{i} 注册送彩金 {i}</p>" for i in range(60))),
        "no-facts")
    put("truncated.html.gz", gzip.compress(page(ARTICLE) * 50)[:200], "error:corrupt gzip")
    put("garbage.html.gz", b"\x1f\x8b\x08\x00" + os.urandom(512), "error:corrupt gzip")
    put("bomb.html.gz", gzip.compress(b"<p>" + b"A" * 40_000_000 + b"</p>", 9),
        "error:over the size cap")
    warc = warc_bytes([("https://example.org/w1", page(ARTICLE)),
                       ("https://example.org/w2", page(ARTICLE.replace("5%", "7%")))])
    put("truncated.warc.gz", warc[: len(warc) * 2 // 3], "error:truncated WARC")
    put("corrupt.warc.gz", b"\x1f\x8b\x08\x00" + os.urandom(2048), "error:unreadable WARC")
    put("bomb.warc.gz", warc_bytes([("https://example.org/bomb", b"<p>" + b"B" * 30_000_000)]),
        "records")
    put("original.html", page(ARTICLE.replace("5%", "3%")), "doc")
    put("copy-under-another-name.htm", page(ARTICLE.replace("5%", "3%")), "doc")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "loop-to-parent")  # a folder loop
    os.symlink("self-loop.html", root / "self-loop.html")  # a file loop
    expect["self-loop.html"] = "error:"
    os.symlink("/dev/zero", root / "dev-zero.html")  # endless bytes
    expect["dev-zero.html"] = "error:not a regular file"
    os.mkfifo(root / "fifo.html")  # opening it would block forever
    expect["fifo.html"] = "error:not a regular file"
    bad_name = os.fsencode(root) + b"/bad-name-\xff\xfe.html"  # not UTF-8
    with open(bad_name, "wb") as fh:
        fh.write(page(ARTICLE.replace("5%", "9%")))
    expect["bad-name-\\xff\\xfe.html"] = "doc"
    return expect


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """`cominer run` over the hostile folder, once for the module."""
    base = tmp_path_factory.mktemp("hostile")
    folder = base / "inputs"
    expect = build_hostile_folder(folder)
    config = base / "cominer.toml"
    config.write_text(f"[input]\nmax_bytes = {CAP}\ndoc_timeout = 60.0\n")
    db = base / "k.db"
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "--config",
                                       str(config), "-q"])
    return expect, result, db, folder


def outcome_by_name(db: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    """(file name -> error reasons, file name -> doc_id) from the store."""
    errors: dict[str, list[str]] = {}
    docs: dict[str, str] = {}
    with KnowledgeStore(db) as store:
        for err in store.errors():
            errors.setdefault(Path(err["source"].split("#")[0]).name, []).append(
                f"{err['stage']}: {err['reason']}")
    for source, doc_id in stored_sources(db):
        docs[Path(source).name] = doc_id
    return errors, docs


def stored_sources(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT source, doc_id FROM sources ORDER BY source").fetchall()


def test_hostile_batch_finishes_with_exit_1_and_no_traceback(hostile_run):
    expect, result, db, _ = hostile_run
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    with KnowledgeStore(db) as store:
        assert store.check() == []


def test_every_hostile_input_is_recorded_or_stored(hostile_run):
    expect, _, db, _ = hostile_run
    errors, docs = outcome_by_name(db)
    print(f"\n{len(expect)} hostile inputs")  # the figure for the closing note
    for name, outcome in expect.items():
        got = f"errors={errors.get(name)} doc={docs.get(name)}"
        if outcome == "doc":
            assert name in docs and name not in errors, (name, got)
        elif outcome.startswith("error:"):
            words = outcome.split(":", 1)[1]
            assert name not in docs, (name, got)
            assert any(words in reason for reason in errors.get(name, [])), (name, got)
        elif outcome in ("doc-or-error", "no-facts"):
            assert (name in docs) != (name in errors), (name, got)
    # nothing the folder holds is missing from the store, and nothing crashed on the way
    assert set(expect) - {"bomb.warc.gz"} <= set(errors) | set(docs)


def test_only_spam_gives_no_facts(hostile_run):
    _, _, db, _ = hostile_run
    _, docs = outcome_by_name(db)
    if "spam-only.html" in docs:
        with KnowledgeStore(db) as store:
            assert store.facts_for(docs["spam-only.html"]) == []


def test_duplicate_files_are_one_document_with_two_sources(hostile_run):
    _, _, db, _ = hostile_run
    _, docs = outcome_by_name(db)
    assert docs["original.html"] == docs["copy-under-another-name.htm"]
    with KnowledgeStore(db) as store:
        assert len(store.document(docs["original.html"])["sources"]) == 2


def test_warc_damage_keeps_whole_records_and_records_the_rest(hostile_run):
    _, _, db, _ = hostile_run
    with KnowledgeStore(db) as store:
        reasons = [f"{e['source']}: {e['reason']}" for e in store.errors()]
    sources = {s for (s, _) in stored_sources(db)}
    assert "https://example.org/w1" in sources  # the record before the cut survives
    assert any("bomb" in r and "over the size cap" in r for r in reasons)
    assert "https://example.org/w2" not in sources  # cut short: not stored as if whole
    assert any("truncated.warc.gz" in r and "truncated WARC" in r for r in reasons)


def test_file_names_that_are_not_utf8_are_stored_escaped(hostile_run):
    _, _, db, folder = hostile_run
    _, docs = outcome_by_name(db)
    assert "bad-name-\\xff\\xfe.html" in docs


def test_size_cap_refuses_a_200mb_file_without_reading_it(tmp_path):
    huge = sparse_file(tmp_path / "huge.txt", 200_000_000)
    tracemalloc.start()
    try:
        (item,) = list(iter_raw_docs([huge], InputConfig(max_bytes=CAP)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(item, InputError) and "over the size cap" in item.reason
    assert peak < 100_000  # bytes: nothing of the file was read


def test_gzip_bomb_memory_stays_near_the_cap(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"\0" * 200_000_000, 9))  # 200 MB in about 200 KB
    tracemalloc.start()
    try:
        (item,) = list(iter_raw_docs([bomb], InputConfig(max_bytes=CAP)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(item, InputError) and "over the size cap" in item.reason
    assert peak < 6 * CAP


def test_a_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    items: list = []
    reader = threading.Thread(target=lambda: items.extend(
        iter_raw_docs([tmp_path / "pipe.txt"], InputConfig())), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert isinstance(items[0], InputError) and "not a regular file" in items[0].reason


# -- the per-document time limit -------------------------------------------------------------


class SlowCleaner:
    """Wraps the real cleaner; documents whose bytes contain SLOW never finish cleaning."""

    def __init__(self, inner, *, swallow: bool = False):
        self.inner = inner
        self.swallow = swallow
        self.config_hash = inner.config_hash

    def clean_main(self, main, **kwargs):
        if "SLOW" in main.text:
            while True:  # a parser stuck in a loop, ignoring exceptions if told to
                try:
                    time.sleep(0.05)
                except Exception:  # noqa: BLE001 - the point: library code that swallows
                    if not self.swallow:
                        raise
        return self.inner.clean_main(main, **kwargs)


@pytest.fixture
def warm_steps(cleaner, extractor):
    """The shared steps with their lazy resources (jieba, models) loaded, so that loading
    them does not count against the short limits these tests use."""
    raw = RawDoc(source="warm.html", data=page(ARTICLE + "<p>社区居民委员会和企业。</p>"),
                 fetched_at="2026-01-01T00:00:00+00:00")
    extractor.extract(cleaner.clean(raw))
    return cleaner, extractor


@pytest.mark.parametrize("swallow", [False, True])
def test_a_slow_document_times_out_and_the_batch_goes_on(tmp_path, warm_steps, swallow):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_bytes(page(ARTICLE))
    (folder / "b-slow.html").write_bytes(page("<p>SLOW " + ARTICLE[3:]))
    (folder / "c.html").write_bytes(page(ARTICLE.replace("5%", "6%")))
    cleaner, extractor = warm_steps
    settings = with_overrides(Settings(), input={"doc_timeout": 1.0})
    workers = Workers(SlowCleaner(cleaner, swallow=swallow), extractor)
    with KnowledgeStore(tmp_path / "k.db") as store:
        started = time.monotonic()
        report = run_sources([folder], store, settings, workers)
        elapsed = time.monotonic() - started
        errors = store.errors()
    assert (report.ok, report.failed) == (2, 1)
    assert [(Path(e["source"]).name, e["stage"]) for e in errors] == [("b-slow.html", "timeout")]
    assert "1 s limit" in errors[0]["reason"]
    assert elapsed < 30  # generous: the slow page alone would never end


def test_a_slow_document_times_out_on_a_dask_worker_thread(tmp_path, warm_steps, monkeypatch):
    """Dask runs tasks in worker threads, where no SIGALRM reaches: the watchdog stops them."""
    from distributed import LocalCluster

    from cominer import runner

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_bytes(page(ARTICLE))
    (folder / "b-slow.html").write_bytes(page("<p>SLOW " + ARTICLE[3:]))
    cleaner, extractor = warm_steps
    slow = Workers(SlowCleaner(cleaner), extractor)
    monkeypatch.setattr(runner, "process_workers", lambda settings: slow)
    settings = with_overrides(Settings(), input={"doc_timeout": 1.0})
    # threads in this process, so the patched workers are the ones the tasks use
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://",
                      host="127.0.0.1", dashboard_address=None) as cluster, \
            KnowledgeStore(tmp_path / "k.db") as store:
        report = runner.run_batch([folder], store, settings,
                                  runner.RunOptions(dask=cluster.scheduler_address))
        errors = store.errors()
    assert (report.ok, report.failed) == (1, 1)
    assert [(Path(e["source"]).name, e["stage"]) for e in errors] == [("b-slow.html", "timeout")]


def test_time_limit_stops_a_block_and_restores_the_previous_handler():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(DocumentTimeout):
        with time_limit(0.1) as state:
            assert state.enforced
            while True:
                time.sleep(0.01)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def in_thread(work):
    """Run `work()` in a fresh thread (as a Dask worker runs a task); its result or error."""
    out = {}

    def target():
        try:
            out["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    return out


def busy(seconds):
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        pass
    return "finished"


def test_time_limit_stops_a_block_outside_the_main_thread():
    def work():
        with time_limit(0.1) as state:
            assert state.enforced
            busy(10)

    error = in_thread(work)["error"]
    assert isinstance(error, DocumentTimeout) and error.seconds == 0.1
    assert "0.1 s limit" in str(error)


def test_a_block_that_ends_in_time_leaves_no_timeout_behind_in_its_thread():
    def work():
        results = [call_with_time_limit(0.05, busy, 0.03, on_timeout=lambda e: "late")
                   for _ in range(10)]
        busy(0.3)  # a late alarm from any of the blocks would land here
        return results

    out = in_thread(work)
    assert "error" not in out
    assert set(out["result"]) <= {"finished", "late"} and "finished" in out["result"]
    assert in_thread(lambda: call_with_time_limit(0.05, busy, 5, on_timeout=lambda e: "late")
                     ) == {"result": "late"}


def test_time_limit_zero_means_no_limit():
    assert call_with_time_limit(0, lambda: 42, on_timeout=lambda e: -1) == 42
    assert call_with_time_limit(0.05, time.sleep, 5, on_timeout=lambda e: "late") == "late"


def test_clean_command_times_out_a_slow_document(tmp_path, warm_steps, monkeypatch):
    cleaner, extractor = warm_steps
    monkeypatch.setattr(Workers, "build",
                        classmethod(lambda cls, settings: cls(SlowCleaner(cleaner), extractor)))
    (tmp_path / "a.html").write_bytes(page(ARTICLE))
    (tmp_path / "b.html").write_bytes(page("<p>SLOW " + ARTICLE[3:]))
    config = tmp_path / "cominer.toml"
    config.write_text("[input]\ndoc_timeout = 1.0\n")
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "a.html"), str(tmp_path / "b.html"),
                                       "--config", str(config)])
    assert result.exit_code == 1
    assert "b.html: took longer than the 1 s limit per document" in result.output
    assert "community fund" in result.output  # the other document was cleaned
