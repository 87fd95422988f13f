"""The command line as users call it (DESIGN.md, Command line), through click's CliRunner."""

import json

import pytest
from click.testing import CliRunner

from cominer.cli import main
from cominer.store import KnowledgeStore

COMMANDS = ["demo", "clean", "extract", "run", "search", "evaluate", "check"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "cominer.db"
    result = CliRunner().invoke(main, ["demo", "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    return db


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_demo_prints_a_summary_with_every_type_and_language(tmp_path):
    result = invoke("demo", "--db", tmp_path / "d.db")
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()
             if line.split() and line.split()[0] in ("actor", "stage", "rate", "policy")}
    assert set(lines) == {"actor", "stage", "rate", "policy"}
    for counts in lines.values():
        assert all(int(n) > 0 for n in counts[:4])  # zh ru vi en


def test_run_twice_stores_each_document_once(tmp_path, samples_dir):
    db = tmp_path / "k.db"
    assert invoke("run", samples_dir, "--db", db, "-q").exit_code == 0
    with KnowledgeStore(db) as store:
        first = store.summary()
    assert invoke("run", samples_dir, "--db", db, "-q").exit_code == 0
    with KnowledgeStore(db) as store:
        second = store.summary()
    assert first["documents"] == second["documents"] >= 16
    assert first["facts"] == second["facts"] and first["sources"] == second["sources"]


def test_same_bytes_under_two_names_are_one_document(tmp_path, samples_dir):
    page = (samples_dir / "en_abstracts.html").read_bytes()
    (tmp_path / "a.html").write_bytes(page)
    (tmp_path / "copy.html").write_bytes(page)
    db = tmp_path / "k.db"
    assert invoke("run", tmp_path, "--db", db, "-q").exit_code == 0
    with KnowledgeStore(db) as store:
        summary = store.summary()
    assert summary["documents"] == 1 and summary["sources"] == 2


def test_bad_input_is_recorded_and_the_batch_goes_on(tmp_path, samples_dir):
    (tmp_path / "good.html").write_bytes((samples_dir / "ru_nko_fond.html").read_bytes())
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "k.db"
    result = invoke("run", tmp_path, "--db", db)
    assert result.exit_code == 1
    assert "binary.html" in result.output and "empty.txt" in result.output
    with KnowledgeStore(db) as store:
        assert store.summary()["documents"] == 1
        reasons = {e["source"].rsplit("/", 1)[-1]: e["reason"] for e in store.errors()}
    assert "binary" in reasons["binary.html"] and "empty" in reasons["empty.txt"]


def test_extract_jsonl_records_match_the_clean_text(samples_dir):
    path = samples_dir / "zh_hant_chengdu.html"
    facts = [json.loads(line) for line in invoke("extract", path, "--jsonl").output.splitlines()]
    clean = json.loads(invoke("clean", path, "--json").output)
    assert {f["type"] for f in facts} == {"actor", "stage", "rate", "policy"}
    for fact in facts:
        assert set(fact) >= {"doc_id", "type", "lang", "text", "start", "end", "label", "attrs",
                             "confidence", "source", "model_version"}
        assert clean["text"][fact["start"]:fact["end"]] == fact["text"]
        assert fact["doc_id"] == clean["doc_id"]


def test_clean_json_shows_paragraphs_cuts_and_repairs(samples_dir):
    out = invoke("clean", samples_dir / "zh_mojibake.html", "--json").output
    doc = json.loads(out)
    assert {"doc_id", "source", "title", "date", "lang", "cleaner_version", "main_text", "text",
            "text_search", "paragraphs", "removed", "repaired"} <= set(doc)
    assert len(doc["text_search"]) == len(doc["text"])
    assert {r["reason"] for r in doc["repaired"]} == {"mojibake:gbk-shift"}
    scrape = json.loads(invoke("clean", samples_dir / "ru_lekciya.txt", "--json").output)
    assert {"nav", "spam:gambling", "comments"} <= {r["reason"] for r in scrape["removed"]}
    assert "Список литературы" in scrape["text"]


def test_search_finds_two_character_chinese_words(demo_db):
    hits = json.loads(invoke("search", "企业", "--db", demo_db, "--json").output)
    assert hits and all("企业" in h["text"] or "企業" in h["text"] for h in hits)
    assert all({"title", "context"} <= set(h) for h in hits)


def test_search_by_label_crosses_languages(demo_db):
    hits = json.loads(invoke("search", "--label", "design", "--db", demo_db, "--json",
                             "--limit", "500").output)
    assert {h["lang"] for h in hits} == {"zh", "ru", "vi", "en"}
    assert all(h["label"] == "design" for h in hits)


def test_search_rate_range_and_csv(demo_db):
    result = invoke("search", "--label", "profit_share", "--min-rate", "0.15", "--db", demo_db,
                    "--csv")
    rows = result.output.strip().splitlines()
    assert rows[0].startswith("doc_id,type,label") and len(rows) > 1
    hits = json.loads(invoke("search", "--label", "profit_share", "--min-rate", "0.15",
                             "--db", demo_db, "--json").output)
    assert all(h["attrs"]["max"] >= 0.15 for h in hits)


def test_search_needs_a_query_or_filter(demo_db):
    assert invoke("search", "--db", demo_db).exit_code == 2


def test_evaluate_prints_the_table():
    result = invoke("evaluate")
    assert result.exit_code == 0
    for fact_type in ("actor", "stage", "rate", "policy"):
        assert any(line.startswith(f"{fact_type:<7} all") for line in result.output.splitlines())


def test_check_reports_ok_then_a_broken_offset(demo_db, tmp_path):
    assert invoke("check", "--db", demo_db).exit_code == 0
    broken = tmp_path / "broken.db"
    broken.write_bytes(demo_db.read_bytes())
    with KnowledgeStore(broken) as store:
        store.conn.execute("UPDATE facts SET start = start + 1 WHERE fact_id = 1")
        store.conn.commit()
    result = invoke("check", "--db", broken)
    assert result.exit_code == 3 and "problem" in result.output


def test_a_file_that_is_not_a_database_gives_exit_3(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    result = invoke("run", tmp_path / "none", "--db", bad)
    assert result.exit_code == 3 and "bad.db" in result.output


def test_unknown_config_key_is_a_usage_error(tmp_path, samples_dir):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[clean]\nno_such_key = true\n")
    result = invoke("clean", samples_dir / "en_abstracts.html", "--config", cfg)
    assert result.exit_code == 2 and "no_such_key" in result.output


@pytest.fixture()
def local_site(samples_dir):
    """A web server on 127.0.0.1 serving two sample pages and a sitemap of them."""
    import http.server
    import threading

    pages = {"/a.html": (samples_dir / "en_ppp_guidance.html").read_bytes(),
             "/b.html": (samples_dir / "ru_nko_fond.html").read_bytes()}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            host = f"http://127.0.0.1:{self.server.server_port}"
            if self.path == "/sitemap.xml":
                urls = "".join(f"<url><loc>{host}{p}</loc></url>" for p in pages)
                body = (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                        f'sitemap/0.9">{urls}</urlset>').encode()
                ctype = "application/xml"
            elif self.path in pages:
                body, ctype = pages[self.path], "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_run_fetches_a_sitemap_from_a_local_server(tmp_path, local_site):
    db = tmp_path / "k.db"
    cfg = tmp_path / "c.toml"
    cfg.write_text("[fetch]\nper_host_delay = 0\n")
    result = invoke("run", f"{local_site}/sitemap.xml", "--db", db, "--allow-private",
                    "--config", cfg, "-q")
    assert result.exit_code == 0, result.output
    with KnowledgeStore(db) as store:
        summary = store.summary()
        sources = {h["doc_source"] for h in store.search_facts(type="actor", limit=1000)}
    assert summary["documents"] == 2
    assert sources == {f"{local_site}/a.html", f"{local_site}/b.html"}


def test_private_addresses_are_refused_by_default(tmp_path, local_site):
    db = tmp_path / "k.db"
    result = invoke("run", f"{local_site}/a.html", "--db", db)
    assert result.exit_code == 1
    assert "loopback" in result.output and "--allow-private" in result.output
    with KnowledgeStore(db) as store:
        assert store.summary()["documents"] == 0 and store.summary()["errors"] == 1


def test_reprints_are_linked_as_near_duplicates(tmp_path, samples_dir):
    page = (samples_dir / "en_barking_coproduction.html").read_text(encoding="utf-8")
    (tmp_path / "a_original.html").write_text(page, encoding="utf-8")
    # another site: other chrome and a closing line of its own
    reprint = page.replace("</article>", "<p>This story first appeared in a partner "
                           "newspaper and is republished with permission.</p></article>")
    (tmp_path / "b_reprint.html").write_text(reprint, encoding="utf-8")
    db = tmp_path / "k.db"
    assert invoke("run", tmp_path, "--db", db, "-q").exit_code == 0
    with KnowledgeStore(db) as store:
        rows = store.conn.execute(
            "SELECT doc_id, near_dup_of, duplicate_of FROM documents ORDER BY rowid").fetchall()
    (first, _, _), (second, near, dup) = rows
    assert near == first and dup is None and second != first


def test_clean_prints_readable_text_and_cuts_with_verbose(samples_dir):
    result = invoke("clean", samples_dir / "ru_lekciya.txt", "-v")
    assert result.exit_code == 0
    assert result.output.startswith("# ") and "ru_lekciya.txt" in result.output.splitlines()[0]
    assert "  - nav: Главная" in result.output


def test_evaluate_errors_lists_the_misses_of_the_sample_gold():
    result = invoke("evaluate", "--errors", "actor,stage")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    totals = {line.split()[0]: (int(line.split()[3]), int(line.split()[4]))
              for line in lines if line.split()[1:2] == ["all"]}
    listed = [(line.split()[0], line.split()[1].split("/")[0])
              for line in lines if line.startswith(("fp ", "fn "))]
    assert any(line.startswith("== ") for line in lines)
    for fact_type in ("actor", "stage"):
        fp, fn = totals[fact_type]
        assert (listed.count(("fp", fact_type)), listed.count(("fn", fact_type))) == (fp, fn)
    assert not any(t in ("rate", "policy") for _, t in listed)
    assert invoke("evaluate", "--errors", "actors").exit_code == 2
