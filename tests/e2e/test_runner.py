"""The batch runner: every executor stores the same tables; re-extraction; HF hand-off;
streaming reads; the run summary."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cominer.cli import main
from cominer.config import Settings, with_overrides
from cominer.corpus.sources import InputConfig, iter_raw_docs
from cominer.pipeline import Workers, fact_row, process_raw
from cominer.runner import RunOptions, count_inputs, plan_jobs, process_workers, run_batch
from cominer.store import KnowledgeStore

from runcorpus import differences, dump_store, write_corpus

SETTINGS = with_overrides(Settings(), store={"batch_size": 4})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, samples_dir):
    return write_corpus(samples_dir, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def workers():
    return Workers.build(Settings())


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus, workers):
    """The corpus stored by a plain in-process run."""
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    with KnowledgeStore(db) as store:
        report = run_batch([corpus], store, SETTINGS, workers=workers)
        assert store.check() == []
        # The workers computed the search-index rows: the writer never loaded the Chinese
        # converter or the Russian lemmatiser.
        assert store.forms._chinese is None and store.forms._morph is None
    assert report.ok > 30 and report.failed == 1 and report.facts > 500
    return db


def run_into(db, corpus, options: RunOptions, workers=None):
    with KnowledgeStore(db) as store:
        return run_batch([corpus], store, SETTINGS, options, workers=workers)


def test_steps_split_give_what_the_cleaner_gives(samples_dir, cleaner, workers):
    for raw in iter_raw_docs([samples_dir], InputConfig()):
        processed = process_raw(raw, workers)
        assert processed.clean == cleaner.clean(raw)
        assert set(processed.seconds) == {"decode", "main_text", "clean", "index", "extract"}
        assert [fact_row(f) for f in processed.facts] == [f.to_json() for f in processed.facts]


def test_the_reference_holds_duplicates_copies_and_the_error(reference):
    dump = dump_store(reference)
    duplicates = [d for d in dump["documents"] if d[2] is not None]  # duplicate_of
    assert duplicates, "the markup-only copies are stored as duplicates"
    doc_ids = [s[1] for s in dump["sources"]]
    assert len(doc_ids) > len(set(doc_ids)), "byte-identical copies are extra sources"
    assert [e[2] for e in dump["errors"]] == ["decode"]


def test_process_pool_and_dask_store_exactly_what_one_process_stores(reference, corpus,
                                                                     tmp_path):
    from distributed import LocalCluster

    expected = dump_store(reference)
    report = run_into(tmp_path / "pool.db", corpus, RunOptions(workers=2))
    assert report.mode == "2 worker processes"
    assert differences(expected, dump_store(tmp_path / "pool.db")) == []
    # A real cluster on 127.0.0.1, reached by its scheduler address as a remote one would be.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        report = run_into(tmp_path / "dask.db", corpus,
                          RunOptions(dask=cluster.scheduler_address, workers=2))
    assert report.mode.startswith("Dask cluster at tcp://127.0.0.1")
    assert differences(expected, dump_store(tmp_path / "dask.db")) == []


def test_a_second_run_only_adds_what_is_new(reference, corpus, tmp_path, workers):
    db = tmp_path / "again.db"
    db.write_bytes(reference.read_bytes())
    before = dump_store(db)
    report = run_into(db, corpus, RunOptions(), workers)
    assert report.ok == 0 and report.skipped > 30
    assert dump_store(db) == before  # the same error is not recorded twice


def test_reextract_replaces_machine_facts_only_when_asked(reference, corpus, tmp_path):
    db = tmp_path / "re.db"
    db.write_bytes(reference.read_bytes())
    with KnowledgeStore(db) as store:
        doc_id, text = store.conn.execute(
            "SELECT doc_id, text FROM documents WHERE duplicate_of IS NULL LIMIT 1").fetchone()
        cur = store.conn.execute(
            "INSERT INTO facts (doc_id, type, label, lang, text, start, \"end\", attrs, "
            "confidence, source, model_version) VALUES (?, 'actor', 'citizen', 'en', ?, 0, 3, "
            "'{}', 1.0, 'human', 'annotator')", (doc_id, text[:3]))
        store.conn.execute("INSERT INTO facts_fts (rowid, text, lemmas) VALUES (?, ?, '')",
                           (cur.lastrowid, text[:3]))
        machine = store.conn.execute(
            "SELECT count(*) FROM facts WHERE source != 'human'").fetchone()[0]
        originals = store.conn.execute(
            "SELECT count(*) FROM documents WHERE duplicate_of IS NULL").fetchone()[0]
    newer = Workers.build(Settings())
    newer.extractor.version = "rules-test-next"
    before = dump_store(db)
    report = run_into(db, corpus, RunOptions(), newer)  # a new version alone changes nothing
    assert report.reextracted == 0 and dump_store(db) == before
    report = run_into(db, corpus, RunOptions(reextract=True), newer)
    assert report.reextracted == originals  # every original, once
    with KnowledgeStore(db) as store:
        assert store.check() == []
        versions = {r[0] for r in store.conn.execute(
            "SELECT DISTINCT model_version FROM facts WHERE source != 'human'")}
        assert versions == {"rules-test-next"}
        assert store.conn.execute(
            "SELECT count(*) FROM facts WHERE source != 'human'").fetchone()[0] == machine
        human = store.conn.execute("SELECT doc_id, text FROM facts WHERE source = 'human'")
        assert [tuple(r) for r in human] == [(doc_id, text[:3])]
        assert {r[0] for r in store.conn.execute(
            "SELECT extractor_version FROM documents WHERE duplicate_of IS NULL")} == {
            "rules-test-next"}
    report = run_into(db, corpus, RunOptions(reextract=True), newer)
    assert report.reextracted == 0  # up to date now


def test_known_documents_keep_their_place_in_the_input_order(reference, corpus, tmp_path):
    db = tmp_path / "order.db"
    db.write_bytes(reference.read_bytes())
    with KnowledgeStore(db) as store:
        items = list(iter_raw_docs([corpus], InputConfig()))
        store.conn.execute("DELETE FROM documents WHERE doc_id = ?", (items[5].doc_id,))
        planned = list(plan_jobs(items, store, "x", reextract=False, chunk_size=4))
    sources = [job.source for entry in planned
               for job in (entry if isinstance(entry, list) else [entry.write])]
    assert sources == [i.source for i in items]
    chunks = [[job.source for job in entry] for entry in planned if isinstance(entry, list)]
    to_process = {items[5].source, corpus.joinpath("broken.html").as_posix()}
    assert chunks == [[s] for s in sources if s in to_process]


def test_hf_round_trip_stores_what_the_folder_stores(reference, corpus, tmp_path):
    hf = tmp_path / "corpus-hf"
    missing = tmp_path / "missing"
    result = CliRunner().invoke(main, ["pack", str(corpus), str(missing), "--output", str(hf),
                                       "-q"])
    assert result.exit_code == 1  # the unreadable input is named, the rest packed
    assert f"{missing}: no such file or folder" in result.output
    db = tmp_path / "hf.db"
    result = CliRunner().invoke(main, ["run", "--from-hf", str(hf), "--db", str(db),
                                       "--workers", "1", "--batch-size", "4", "-q"])
    assert result.exit_code == 1  # broken.html travelled too, and fails the same way
    assert differences(dump_store(reference), dump_store(db)) == []


def test_hf_folder_without_a_content_column_is_an_error(tmp_path):
    import datasets

    folder = tmp_path / "odd"
    datasets.Dataset.from_dict({"url": ["a"], "body_len": [3]}).save_to_disk(str(folder))
    db = tmp_path / "odd.db"
    result = CliRunner().invoke(main, ["run", "--from-hf", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 1
    with KnowledgeStore(db) as store:
        [error] = store.errors()
    assert "no content column" in error["reason"] and error["source"] == str(folder)


def test_row_iteration_streams_page_by_page(reference):
    with KnowledgeStore(reference) as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        facts = store.iter_fact_rows(page=50)
        first = next(facts)
        assert len(statements) == 1  # one page read, not the table
        rest = list(facts)
        store.conn.set_trace_callback(None)
        all_at_once = list(store.iter_fact_rows(page=10**6))
        assert [first, *rest] == all_at_once
        assert len(statements) >= len(all_at_once) // 50
        docs = list(store.iter_document_rows(page=7))
        assert docs == list(store.iter_document_rows(page=10**6))
        assert [d["doc_id"] for d in docs] == [r[0] for r in store.conn.execute(
            "SELECT doc_id FROM documents ORDER BY rowid")]


def test_run_prints_step_times_and_records_progress(corpus, tmp_path):
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db), "--workers", "1",
                                       "--batch-size", "5"])
    assert result.exit_code == 1  # broken.html failed, recorded
    assert "time per step (in-process" in result.output
    for step in ("decode", "main_text", "clean", "extract", "index", "store"):
        assert f"\n{step} " in result.output
    assert "broken.html: decode: empty document" in result.output
    with KnowledgeStore(db) as store:
        run = dict(store.conn.execute("SELECT * FROM runs").fetchone())
    assert run["status"] == "finished" and run["docs_failed"] == 1 and run["docs_ok"] > 30
    assert json.loads(run["args"])["pid"] > 0


def test_dask_option_reaches_a_running_scheduler_only(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr("cominer.runner.DASK_CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(main, ["run", str(corpus), "--db", str(tmp_path / "x.db"),
                                       "--dask", "tcp://127.0.0.1:1", "-q"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.output


def test_models_load_once_per_worker_process():
    settings = Settings()
    first = process_workers(settings)
    assert process_workers(settings) is first
    assert process_workers(with_overrides(settings, clean={"strip_pinyin": False})) is not first


def test_the_progress_total_counts_files_without_reading_them(corpus, tmp_path):
    files = [p for p in corpus.rglob("*") if p.is_file()]
    assert count_inputs([corpus]) == len(files)
    (tmp_path / "a.warc").write_bytes(b"")
    assert count_inputs([corpus, tmp_path / "a.warc"]) is None  # records unknown until read
    assert count_inputs([corpus, "https://example.org/feed.xml"]) is None
