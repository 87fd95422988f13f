"""Regressions found in review: the recorded extractor version, spans=0 in a config file, and a
time limit on re-extraction."""

from __future__ import annotations

import time

from cominer.config import Settings
from cominer.extract.extractor import (
    EXTRACTOR_VERSION,
    ExtractConfig,
    Extractor,
    extractor_identity,
    extractor_version,
)
from cominer.pipeline import Workers, process_raw
from cominer.runner import Job, process_job
from cominer.store import KnowledgeStore

from rawdocs import raw_text


def test_spans_0_in_a_config_file_turns_the_span_model_off():
    cfg = ExtractConfig(model="spans=0")
    extractor = Extractor(cfg, languages=("en",))
    assert extractor.spans is None and extractor.version == EXTRACTOR_VERSION
    assert extractor_identity(cfg) == EXTRACTOR_VERSION


def test_the_backend_is_part_of_the_version():
    assert extractor_version(ExtractConfig(), None) == EXTRACTOR_VERSION
    assert extractor_version(ExtractConfig(backend="stanza"), "spans-2") == (
        f"{EXTRACTOR_VERSION}+spans-2+stanza")


def test_a_run_without_given_workers_records_the_version_its_documents_get(tmp_path):
    from cominer.pipeline import run_sources

    page = tmp_path / "p.txt"
    page.write_text("The council and residents co-design the service; firms pay 5% of profit.",
                    encoding="utf-8")
    settings = Settings()
    with KnowledgeStore(tmp_path / "k.db") as store:
        run_sources([page], store, settings)
        [run] = [dict(r) for r in store.conn.execute("SELECT extractor_version FROM runs")]
        [doc] = [dict(r) for r in store.conn.execute("SELECT extractor_version FROM documents")]
    assert run["extractor_version"] == doc["extractor_version"] == Extractor(
        settings.extract).version


class SlowExtractor:
    """Wraps the real extractor; never finishes a document."""

    def __init__(self, inner: Extractor):
        self.inner = inner
        self.version = inner.version

    def extract(self, doc):
        while True:
            time.sleep(0.05)


def test_re_extraction_has_the_time_limit_too():
    workers = Workers.build(Settings())
    processed = process_raw(raw_text("Volunteers and the council co-design the library."),
                            workers)
    stored = {**processed.clean.to_json(), "doc_id": processed.doc_id}
    slow = Workers(workers.cleaner, SlowExtractor(workers.extractor))
    started = time.monotonic()
    outcome = process_job(Job(source="x.txt", stored=stored), slow, doc_timeout=0.5)
    assert time.monotonic() - started < 10
    assert outcome.write.error is not None and outcome.write.error[0] == "timeout"


def test_run_refuses_bad_model_settings_before_any_work(tmp_path):
    from click.testing import CliRunner

    from cominer.cli import main

    db = tmp_path / "k.db"
    for args in (["--model", "spans=9"], ["--model", "spam-lines=9"]):
        result = CliRunner().invoke(main, ["run", str(tmp_path), "--db", str(db), *args])
        assert result.exit_code == 2 and "no version 9" in result.output
    assert not db.exists()
