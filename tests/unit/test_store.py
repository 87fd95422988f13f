"""The knowledge store on temporary SQLite files: schema, batches, search and checks."""

import sqlite3

import pytest

from cominer.corpus.records import CleanDoc, Paragraph, Removed, Repaired, sha256_hex
from cominer.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    DocWrite,
    KnowledgeStore,
    StoreError,
)

ZH_TEXT = ("在街道党工委的统筹下，社区居委会引入企业和社会组织。\n"
           "企业将年利润的2%~5%捐赠给社区基金。")
EN_TEXT = "The council invited local charities to co-design the service.\nFirms pay 10% of revenue."


def clean_doc(text: str, doc_id: str, title: str = "标题", lang: str = "zh") -> dict:
    first = text.index("\n")
    doc = CleanDoc(
        doc_id=doc_id, source=f"{doc_id}.html", title=title, date="2025-03-07", lang=lang,
        cleaner_version="c1", config_hash="h1", main_text="AD " + text, text=text,
        text_search=text,
        paragraphs=[Paragraph(0, first, lang), Paragraph(first + 1, len(text), lang)],
        removed=[Removed(0, 3, 0, "spam:ad", "AD ")],
        repaired=[Repaired(3, 5, 0, "mojibake:test", "xx", text[:2])])
    return doc.to_json()


def fact(text: str, needle: str, type_: str, label: str, lang: str = "zh", **attrs) -> dict:
    start = text.index(needle)
    return {"doc_id": "", "type": type_, "lang": lang, "text": needle, "start": start,
            "end": start + len(needle), "label": label, "attrs": attrs, "confidence": 0.9,
            "source": "rule", "model_version": "m1"}


def zh_write(doc_id: str = "d-zh", source: str = "zh.html", text: str = ZH_TEXT) -> DocWrite:
    facts = [fact(text, "企业", "actor", "enterprise"),
             fact(text, "社区居委会", "actor", "community_committee"),
             fact(text, "将年利润的2%~5%捐赠给社区基金", "rate", "profit_share",
                  min=0.02, max=0.05, base="profit")]
    return DocWrite(source=source, doc_id=doc_id, clean=clean_doc(text, doc_id), facts=facts,
                    extractor_version="x1")


def en_write() -> DocWrite:
    facts = [fact(EN_TEXT, "council", "actor", "government", "en"),
             fact(EN_TEXT, "Firms pay 10% of revenue", "rate", "profit_share", "en",
                  min=0.1, max=0.1, base="revenue")]
    return DocWrite(source="en.html", doc_id="d-en",
                    clean=clean_doc(EN_TEXT, "d-en", title="Council news", lang="en"),
                    facts=facts, extractor_version="x1")


@pytest.fixture
def store(tmp_path):
    with KnowledgeStore(tmp_path / "k.db") as opened:
        yield opened


@pytest.fixture
def filled(store):
    run_id = store.start_run(cleaner_version="c1", extractor_version="x1", config_hash="h1",
                             args={"command": "test"})
    store.write_batch([zh_write(), en_write()], run_id)
    store.finish_run(run_id, status="finished", docs_ok=2, docs_failed=0, docs_skipped=0)
    return store


def test_fresh_schema_is_latest_version(tmp_path):
    path = tmp_path / "new.db"
    with KnowledgeStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == MIGRATIONS[-1][0]
        assert store.check() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_memory_database_works():
    with KnowledgeStore(":memory:") as store:
        assert store.summary()["documents"] == 0


def test_version_1_database_is_upgraded_with_rows_intact(tmp_path):
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0][1])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO documents (doc_id, text_hash, title, text) "
                 "VALUES ('old', 'h', 'Old title', 'an old partnership text')")
    conn.execute("INSERT INTO facts (doc_id, type, label, lang, text, start, \"end\", attrs) "
                 "VALUES ('old', 'actor', 'enterprise', 'en', 'partnership', 7, 18, '{}')")
    conn.commit()
    conn.close()
    with KnowledgeStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        doc = store.document("old")
        assert doc["title"] == "Old title" and doc["near_dup_of"] is None
        hits = store.search_facts("partner")
        assert [h["text"] for h in hits] == ["partnership"]
        assert store.check() == []
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'facts_fts'"
                        ).fetchone()[0] == 1
    conn.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="future.db.*newer"):
        KnowledgeStore(path)


def test_non_database_file_raises_store_error_naming_it(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not an SQLite database, just some text " * 100)
    with pytest.raises(StoreError, match="notes.db"):
        KnowledgeStore(path)


def test_write_batch_then_summary(filled):
    summary = filled.summary()
    assert summary["documents"] == 2
    assert summary["duplicates"] == 0
    assert summary["sources"] == 2
    assert summary["errors"] == 0
    assert summary["facts_by_type_lang"] == {"actor": {"zh": 2, "en": 1},
                                             "rate": {"zh": 1, "en": 1}}
    assert summary["facts_by_type_label"]["actor"] == {"enterprise": 1, "community_committee": 1,
                                                       "government": 1}
    doc = filled.document("d-zh")
    assert doc["sources"] == ["zh.html"]
    assert [(p["start"], p["end"]) for p in doc["paragraphs"]] == [
        (0, ZH_TEXT.index("\n")), (ZH_TEXT.index("\n") + 1, len(ZH_TEXT))]
    assert doc["removed"][0]["text"] == "AD "
    assert doc["repaired"][0]["before"] == "xx"
    facts = filled.facts_for("d-zh")
    assert [f["text"] for f in facts][0] == "社区居委会"
    assert facts[-1]["attrs"] == {"min": 0.02, "max": 0.05, "base": "profit"}
    assert filled.check() == []


def test_same_document_twice_is_stored_once_with_two_sources(store):
    run_id = store.start_run(cleaner_version="c1", extractor_version="x1", config_hash="h1",
                             args={})
    store.write_batch([zh_write(source="a.html"), zh_write(source="b.html")], run_id)
    store.add_source("b.html", "d-zh", run_id)  # idempotent
    assert store.has_document("d-zh")
    assert store.document("d-zh")["sources"] == ["a.html", "b.html"]
    summary = store.summary()
    assert summary["documents"] == 1 and summary["sources"] == 2
    assert len(store.facts_for("d-zh")) == 3


def test_same_clean_text_is_a_duplicate_without_facts(store):
    run_id = store.start_run(cleaner_version="c1", extractor_version="x1", config_hash="h1",
                             args={})
    store.write_batch([zh_write("first", "one.html")], run_id)
    store.write_batch([zh_write("second", "two.html"), zh_write("third", "three.html")], run_id)
    assert store.document_by_text_hash(sha256_hex(ZH_TEXT)) == "first"
    for later in ("second", "third"):
        doc = store.document(later)
        assert doc["duplicate_of"] == "first"
        assert doc["paragraphs"] == [] and doc["removed"] == []
        assert store.facts_for(later) == []
    assert store.document("third")["sources"] == ["three.html"]
    summary = store.summary()
    assert summary["documents"] == 1 and summary["duplicates"] == 2
    assert len(store.search_facts("社区居委会")) == 1


def test_duplicate_within_one_batch(store):
    store.write_batch([zh_write("a", "a.html"), zh_write("b", "b.html")], 1)
    assert store.document("b")["duplicate_of"] == "a"
    assert store.facts_for("b") == []


def test_error_result_is_recorded(store):
    run_id = store.start_run(cleaner_version="c1", extractor_version="x1", config_hash="h1",
                             args={})
    store.write_batch([DocWrite(source="bad.html", doc_id="", clean=None, facts=[],
                                extractor_version="x1", error=("decode", "binary file")),
                       zh_write()], run_id)
    errors = store.errors(run_id)
    assert [(e["source"], e["stage"], e["reason"]) for e in errors] == [
        ("bad.html", "decode", "binary file")]
    assert store.errors(run_id + 1) == []
    assert store.summary()["errors"] == 1
    assert store.summary()["documents"] == 1


def test_failed_batch_leaves_nothing(store):
    broken = zh_write("broken", "broken.html")
    broken.facts.append({**broken.facts[0], "start": None})  # violates NOT NULL
    with pytest.raises(StoreError, match="nothing"):
        store.write_batch([en_write(), broken], 1)
    summary = store.summary()
    assert summary["documents"] == 0 and summary["sources"] == 0
    assert summary["facts_by_type_lang"] == {}
    assert not store.has_document("d-en")
    assert store.check() == []
    store.write_batch([en_write()], 1)  # the store is still usable afterwards
    assert store.has_document("d-en")


def test_search_by_text_label_and_rate(filled):
    hits = filled.search_facts("社区居委会")
    assert [h["text"] for h in hits] == ["社区居委会"]
    hit = hits[0]
    assert hit["title"] == "标题" and hit["doc_source"] == "zh.html"
    assert hit["text"] in hit["context"] and hit["context"] in ZH_TEXT
    assert [h["text"] for h in filled.search_facts("企业")] == ["企业"]  # 2 chars: no trigram
    assert [h["text"] for h in filled.search_facts("利润的2%")] == ["将年利润的2%~5%捐赠给社区基金"]
    assert [h["text"] for h in filled.search_facts("企业", type="actor")] == ["企业"]
    assert [h["doc_id"] for h in filled.search_facts(label="government")] == ["d-en"]
    # Case-folded; the title is indexed too, so every fact of "Council news" matches.
    assert [h["text"] for h in filled.search_facts("COUNCIL")] == [
        "council", "Firms pay 10% of revenue"]
    assert [h["text"] for h in filled.search_facts("revenue")] == ["Firms pay 10% of revenue"]
    assert [h["lang"] for h in filled.search_facts(min_rate=0.08, max_rate=0.2)] == ["en"]
    assert [h["lang"] for h in filled.search_facts(min_rate=0.04, max_rate=0.06)] == ["zh"]
    assert [h["lang"] for h in filled.search_facts(min_rate=0.01)] == ["zh", "en"]
    assert filled.search_facts(max_rate=0.01) == []
    assert len(filled.search_facts(lang="zh", limit=2)) == 2
    assert filled.search_facts(doc_id="d-en", source="rule", type="rate")[0]["attrs"]["base"] \
        == "revenue"


def test_context_window(filled):
    rate = filled.search_facts(label="profit_share", lang="zh")[0]
    start = ZH_TEXT.index(rate["text"])
    assert rate["context"] == ZH_TEXT[max(start - 60, 0):rate["end"] + 60]


@pytest.mark.parametrize("query", ["' OR 1=1 --", '"unbalanced', "a\"b", "NEAR(x y)", "-", "*",
                                   "foo AND", "()", "';", '""'])
def test_search_syntax_never_raises(filled, query):
    assert isinstance(filled.search_facts(query), list)


def test_check_flags_mismatched_offsets(filled, tmp_path):
    fact_id = filled.facts_for("d-en")[0]["fact_id"]
    filled.conn.execute('UPDATE facts SET start = start + 1, "end" = "end" + 1 '
                        "WHERE fact_id = ?", (fact_id,))
    problems = filled.check()
    assert len(problems) == 1 and f"fact {fact_id}" in problems[0]


def test_check_flags_paragraph_out_of_range(filled):
    filled.conn.execute('UPDATE paragraphs SET "end" = 10000 WHERE doc_id = ? AND idx = 1',
                        ("d-zh",))
    assert any("paragraph 1" in p for p in filled.check())


def test_delete_document_removes_everything(filled):
    filled.delete_document("d-zh")
    assert filled.document("d-zh") is None
    assert filled.search_facts("社区居委会") == []
    assert filled.summary()["sources"] == 1
    assert filled.check() == []


def test_backup_is_a_readable_copy(filled, tmp_path):
    target = tmp_path / "copy.db"
    filled.backup(target)
    with KnowledgeStore(target) as copy:
        assert copy.summary()["documents"] == 2


def test_simplified_query_finds_traditional_fact(store):
    text = "社區居委會與企業合作。\n第二段。"
    folded = "社区居委会与企业合作。\n第二段。"  # text_search: Simplified, same length
    write = DocWrite(source="hant.html", doc_id="hant",
                     clean={**clean_doc(text, "hant"), "text_search": folded},
                     facts=[fact(text, "社區居委會", "actor", "community_committee")],
                     extractor_version="x1")
    store.write_batch([write], 1)
    assert [h["text"] for h in store.search_facts("居委会")] == ["社區居委會"]
    assert [h["text"] for h in store.search_facts("居委會")] == ["社區居委會"]
    assert store.check() == []
