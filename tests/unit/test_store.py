"""The knowledge store on temporary SQLite files: schema, batches, search and checks."""

import sqlite3

import pytest

import cominer.store as store_module
from cominer.corpus.records import CleanDoc, Paragraph, Removed, Repaired, sha256_hex
from cominer.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    DocWrite,
    KnowledgeStore,
    StoreError,
    indexed_title,
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


# -- search across scripts, inflections and languages (issue 5) ------------------------------

RU_TEXT = ("Жители и специалисты вели совместное проектирование парка.\n"
           "Компания перечисляет 20% прибыли в фонд района.")


def ru_write() -> DocWrite:
    facts = [fact(RU_TEXT, "совместное проектирование", "stage", "design", "ru"),
             fact(RU_TEXT, "перечисляет 20% прибыли в фонд района", "rate", "profit_share", "ru",
                  min=0.2, max=0.2, recipient="фонд района")]
    return DocWrite(source="ru.html", doc_id="d-ru",
                    clean=clean_doc(RU_TEXT, "d-ru", title="Парк", lang="ru"), facts=facts,
                    extractor_version="x1")


def vi_write() -> DocWrite:
    text = "Người dân tham gia đồng thiết kế sân chơi.\nDoanh nghiệp góp quỹ."
    return DocWrite(source="vi.html", doc_id="d-vi",
                    clean=clean_doc(text, "d-vi", title="Sân chơi", lang="vi"),
                    facts=[fact(text, "đồng thiết kế", "stage", "design", "vi")],
                    extractor_version="x1")


@pytest.fixture
def multilingual(filled):
    filled.write_batch([ru_write(), vi_write()], 1)
    return filled


def test_two_character_chinese_word_is_found_in_facts_and_documents(multilingual):
    assert [h["text"] for h in multilingual.search_facts("企业")] == ["企业"]
    docs = multilingual.search_documents("企业")
    assert [d["doc_id"] for d in docs] == ["d-zh"]
    start, end = docs[0]["match"]
    assert ZH_TEXT[start:end] == "企业"
    # a two-character word that is in the text but in no fact
    assert [d["doc_id"] for d in multilingual.search_documents("统筹")] == ["d-zh"]
    assert multilingual.search_facts("统筹") == []


def test_traditional_query_finds_simplified_text_and_back(store):
    hant = "社區居委會與企業合作。\n第二段。"
    folded = "社区居委会与企业合作。\n第二段。"
    write = DocWrite(source="hant.html", doc_id="hant",
                     clean={**clean_doc(hant, "hant"), "text_search": folded},
                     facts=[fact(hant, "社區居委會", "actor", "community_committee")],
                     extractor_version="x1")
    store.write_batch([write, zh_write()], 1)
    # Traditional query → Simplified fact and document; Simplified query → Traditional ones.
    assert {h["doc_id"] for h in store.search_facts("社區居委會")} == {"hant", "d-zh"}
    assert {h["doc_id"] for h in store.search_facts("企業")} == {"d-zh"}
    assert {d["doc_id"] for d in store.search_documents("企業")} == {"hant", "d-zh"}
    assert {d["doc_id"] for d in store.search_documents("与企业合作")} == {"hant"}
    hit = store.search_documents("與企業合作")[0]
    assert hant[hit["match"][0]:hit["match"][1]] == "與企業合作"


@pytest.mark.parametrize("query", ["совместного проектирования", "совместным проектированием",
                                   "СОВМЕСТНОЕ ПРОЕКТИРОВАНИЕ"])
def test_russian_inflected_form_finds_its_lemma(multilingual, query):
    assert [h["text"] for h in multilingual.search_facts(query)] == ["совместное проектирование"]
    docs = multilingual.search_documents(query)
    assert [d["doc_id"] for d in docs] == ["d-ru"]
    start, end = docs[0]["match"]
    assert RU_TEXT[start:end] == "совместное проектирование"


def test_russian_lemma_of_a_single_word(multilingual):
    assert [h["label"] for h in multilingual.search_facts("фонду")] == ["profit_share"]
    assert [h["label"] for h in multilingual.search_facts("прибылью")] == ["profit_share"]


def test_label_filter_crosses_languages(multilingual):
    hits = multilingual.search_facts(label="design")
    assert {h["lang"]: h["text"] for h in hits} == {"ru": "совместное проектирование",
                                                    "vi": "đồng thiết kế"}
    assert [h["lang"] for h in multilingual.search_facts(label="design", lang=["vi"])] == ["vi"]
    assert len(multilingual.search_facts(label="profit_share", lang=["ru", "zh", "en"])) == 3


def test_or_query_and_order(multilingual):
    hits = multilingual.search_facts("基金 OR фонд OR revenue", label="profit_share",
                                     order="rate", descending=True)
    assert [h["lang"] for h in hits] == ["ru", "en", "zh"]
    assert multilingual.count_facts("基金 OR фонд OR revenue", label="profit_share") == 3
    with pytest.raises(ValueError, match="order"):
        multilingual.search_facts(order="1; DROP TABLE facts")


def test_issuer_and_year_filters_and_sort_by_year(store):
    text = "国务院2014年印发《指导意见》。\n国務院辦公廳2013年印發《實施意見》。"
    facts = [fact(text, "指导意见", "policy", "policy", issuer="国务院", year=2014),
             fact(text, "實施意見", "policy", "policy", issuer="国务院办公厅", year=2013)]
    store.write_batch([DocWrite(source="p.html", doc_id="p", clean=clean_doc(text, "p"),
                                facts=facts, extractor_version="x1")], 1)
    hits = store.search_facts(type="policy", issuer="國務院", order="year")
    assert [h["attrs"]["year"] for h in hits] == [2013, 2014]
    assert [h["text"] for h in store.search_facts(type="policy", year=2014)] == ["指导意见"]


def test_facets_count_matches_and_keep_other_values_of_their_own_filter(multilingual):
    facets = multilingual.facet_counts(label="design", lang=["ru"])
    assert dict(facets["lang"]) == {"ru": 1, "vi": 1}  # own filter left out
    assert dict(facets["label"]) == {"design": 1, "profit_share": 1}
    assert dict(facets["type"]) == {"stage": 1}
    everything = multilingual.facet_counts()
    assert dict(everything["type"]) == {"actor": 3, "rate": 3, "stage": 2}
    rate = dict(everything["rate"])
    assert rate[(0.0, 0.05)] == 1 and rate[(0.05, 0.10)] == 2 and rate[(0.15, 0.20)] == 1
    for (low, high), count in everything["rate"]:
        assert count == multilingual.count_facts(min_rate=low, max_rate=high)


def test_chart_data(multilingual):
    data = multilingual.chart_data()
    assert data["actors_by_lang"] == {"enterprise": {"zh": 1}, "community_committee": {"zh": 1},
                                      "government": {"en": 1}}
    assert {low: (share, other) for low, share, other in data["rates"]} == {
        0.05: (1, 0), 0.1: (1, 0), 0.2: (1, 0)}
    assert data["policies_by_year"] == []


def test_version_2_database_is_upgraded_and_indexed(tmp_path):
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path)
    for _, script in MIGRATIONS[:2]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO documents (doc_id, text_hash, title, text, text_search) "
                 "VALUES ('old', 'h', 'Старое', 'Шло совместное проектирование двора.', "
                 "'Шло совместное проектирование двора.')")
    conn.execute('INSERT INTO facts (doc_id, type, label, lang, text, start, "end", attrs) '
                 "VALUES ('old', 'stage', 'design', 'ru', 'совместное проектирование', 4, 29, "
                 "'{}')")
    conn.commit()
    conn.close()
    with KnowledgeStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [h["text"] for h in store.search_facts("совместного проектирования")] == [
            "совместное проектирование"]
        assert [d["doc_id"] for d in store.search_documents("проектированию")] == ["old"]
        assert store.check() == []


def test_failed_migration_leaves_the_old_version(tmp_path, monkeypatch):
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path)
    for _, script in MIGRATIONS[:2]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()

    def broken(conn, forms):
        conn.execute("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setitem(__import__("cominer.store").store.MIGRATION_STEPS, 3, broken)
    with pytest.raises(StoreError, match="version 3"):
        KnowledgeStore(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'documents_fts'"
                        ).fetchone()[0] == 0
    conn.close()


def test_read_only_store_refuses_writes(filled, tmp_path):
    path = filled.path
    filled.close()
    with KnowledgeStore(path, read_only=True) as store:
        assert store.search_facts("企业")
        with pytest.raises(StoreError):
            store.write_batch([ru_write()], 1)


# -- purge and backup ------------------------------------------------------------------------

def test_purge_source_removes_only_what_it_produced(multilingual):
    multilingual.write_batch([zh_write(source="mirror.html")], 1)  # d-zh now has 2 sources
    before = multilingual.summary()
    report = multilingual.purge_source("zh.html")
    assert report.found and report.documents_kept == ["d-zh"] and report.documents_removed == []
    assert multilingual.document("d-zh")["sources"] == ["mirror.html"]
    assert multilingual.summary()["facts"] == before["facts"]
    report = multilingual.purge_source("ru.html")
    assert report.documents_removed == ["d-ru"] and report.facts_removed == 2
    assert multilingual.document("d-ru") is None
    assert multilingual.search_facts("совместное проектирование") == []
    assert multilingual.search_documents("проектирование") == []
    assert multilingual.check() == []
    counts = multilingual.conn.execute(
        "SELECT (SELECT count(*) FROM paragraphs WHERE doc_id = 'd-ru'), "
        "(SELECT count(*) FROM edits WHERE doc_id = 'd-ru'), "
        "(SELECT count(*) FROM facts_fts), (SELECT count(*) FROM facts)").fetchone()
    assert tuple(counts) == (0, 0, before["facts"] - 2, before["facts"] - 2)
    assert not multilingual.purge_source("never-seen.html").found


def test_purge_of_an_original_promotes_its_duplicate(store):
    store.write_batch([zh_write("first", "one.html"), zh_write("second", "two.html")], 1)
    report = store.purge_source("one.html")
    assert report.documents_removed == ["first"] and report.promoted == ["second"]
    doc = store.document("second")
    assert doc["duplicate_of"] is None and len(doc["paragraphs"]) == 2
    assert len(store.facts_for("second")) == 3
    assert [d["doc_id"] for d in store.search_documents("企业")] == ["second"]
    assert store.check() == []


def test_purge_document_and_errors(store):
    store.write_batch([zh_write(), DocWrite(source="bad.html", doc_id="", clean=None,
                                            error=("decode", "binary"))], 1)
    assert store.purge_source("bad.html").errors_removed == 1
    report = store.purge_document("d-zh")
    assert report.found and report.documents_removed == ["d-zh"]
    assert store.summary()["documents"] == 0 and store.summary()["sources"] == 0
    assert store.check() == []


def test_purge_is_one_transaction(multilingual, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(multilingual, "_remove_document", fail)
    with pytest.raises(RuntimeError):
        multilingual.purge_source("ru.html")
    assert multilingual.document("d-ru")["sources"] == ["ru.html"]


def test_backup_while_another_connection_writes(filled, tmp_path):
    import threading

    writer = KnowledgeStore(filled.path)
    stop = threading.Event()

    def write_loop():
        i = 0
        while not stop.is_set():
            writer.write_batch([zh_write(f"w{i}", f"w{i}.html", ZH_TEXT + str(i))], 1)
            i += 1

    thread = threading.Thread(target=write_loop)
    thread.start()
    try:
        for n in range(3):
            target = tmp_path / f"copy{n}.db"
            filled.backup(target)
            with KnowledgeStore(target) as copy:
                assert copy.check() == []
                assert copy.summary()["documents"] >= 2
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert not list(tmp_path.glob(".*.partial"))


def test_cli_purge_and_backup(multilingual, tmp_path):
    from click.testing import CliRunner

    from cominer.cli import main

    db = multilingual.path
    multilingual.close()
    run = CliRunner().invoke
    copy = tmp_path / "backup.db"
    result = run(main, ["backup", "--output", str(copy), "--db", db])
    assert result.exit_code == 0, result.output
    result = run(main, ["purge", "ru.html", "--db", db])
    assert result.exit_code == 0 and "1 documents and 2 facts removed" in result.output
    assert run(main, ["purge", "ru.html", "--db", db]).exit_code == 1
    assert run(main, ["purge", "--doc", "d-vi", "--db", db]).exit_code == 0
    assert run(main, ["purge", "--db", db]).exit_code == 2
    with KnowledgeStore(db) as store:
        assert not store.has_document("d-ru") and not store.has_document("d-vi")
    with KnowledgeStore(copy) as store:  # the backup still has everything
        assert store.has_document("d-ru") and store.has_document("d-vi")
        assert store.check() == []


def test_vietnamese_query_with_combining_marks(multilingual):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "đồng thiết kế")
    assert [h["lang"] for h in multilingual.search_facts(decomposed)] == ["vi"]
    assert [d["doc_id"] for d in multilingual.search_documents(decomposed)] == ["d-vi"]


def test_lemmas_are_cached_per_word_as_written_and_the_cache_is_bounded(monkeypatch):
    import cominer.store as store_module
    from cominer.store import SearchForms

    forms = SearchForms()
    assert forms.lemmas("Ёлки и ёлки, Проекты 2024") == "елка и елка проект 2024"
    assert forms.lemma("Проекты") == forms.lemma("проектами") == "проект"
    assert forms.lemmas("no Cyrillic here") == ""
    monkeypatch.setattr(store_module, "LEMMA_CACHE_WORDS", 2)
    bounded = SearchForms()
    assert [bounded.lemma(w) for w in ("домами", "Дома", "ДОМ", "домами")] == ["дом"] * 4
    assert len(bounded._lemma_cache) <= 2


def test_json_text_is_json_dumps_without_ascii_escapes():
    import json

    from cominer.store import json_text

    value = {"issuer": "国务院", "rate": 0.25, "flags": ["pinyin", None], "ё": True}
    assert json_text(value) == json.dumps(value, ensure_ascii=False)


# -- schema version 7: facts_fts without the per-fact title; explicit fact ids -------------

def fts_columns(conn) -> list[str]:
    return [r[1] for r in conn.execute("PRAGMA table_info(facts_fts)")]


def test_version_6_store_is_upgraded_in_place_and_still_finds_facts_by_title(tmp_path,
                                                                             monkeypatch):
    path = tmp_path / "v6.db"
    with monkeypatch.context() as patch:  # a store as version 6 wrote it
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:6])
        patch.setattr(store_module, "SCHEMA_VERSION", 6)
        with KnowledgeStore(path) as old:
            old.write_batch([zh_write(), en_write()], run_id=1)
            old.conn.execute("UPDATE facts_fts SET doc_title = ? WHERE rowid IN (SELECT fact_id "
                             "FROM facts WHERE doc_id = 'd-en')",
                             (indexed_title(old.forms, "Council news"),))
            assert old.schema_version == 6 and "doc_title" in fts_columns(old.conn)
            before = old.conn.execute("SELECT rowid, text, lemmas FROM facts_fts "
                                      "ORDER BY rowid").fetchall()
    with KnowledgeStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert fts_columns(store.conn) == ["text", "lemmas"]
        assert store.conn.execute("SELECT rowid, text, lemmas FROM facts_fts ORDER BY rowid"
                                  ).fetchall() == before
        # "news" is only in the title: every fact of that document matches, no other.
        hits = store.search_facts("Council news")
        assert {h["doc_id"] for h in hits} == {"d-en"} and len(hits) == 2
        assert {h["text"] for h in store.search_facts("council")} == {"council"} | {
            h["text"] for h in hits}
        assert store.check() == []


def test_new_facts_take_the_next_ids_and_replace_a_stale_index_row(tmp_path):
    with KnowledgeStore(tmp_path / "k.db") as store:
        store.write_batch([zh_write()], run_id=1)
        top = store.conn.execute("SELECT max(fact_id) FROM facts").fetchone()[0]
        # A damaged store: an index row for an id no fact has yet.
        store.conn.execute("INSERT INTO facts_fts (rowid, text, lemmas) VALUES (?, 'stale', '')",
                           (top + 1,))
        store.write_batch([en_write()], run_id=1)
        ids = [r[0] for r in store.conn.execute(
            "SELECT fact_id FROM facts WHERE doc_id = 'd-en' ORDER BY fact_id")]
        assert ids == [top + 1, top + 2]
        assert store.conn.execute("SELECT text FROM facts_fts WHERE rowid = ?",
                                  (top + 1,)).fetchone()[0] == "council"
        assert store.search_facts("stale") == [] and store.check() == []


def test_a_removed_original_hands_its_title_matches_to_the_duplicate_that_replaces_it(tmp_path):
    with KnowledgeStore(tmp_path / "k.db") as store:
        copy = en_write()
        copy.source, copy.doc_id = "mirror.html", "d-en-mirror"
        copy.clean = {**copy.clean, "doc_id": "d-en-mirror", "title": "Mirror headline"}
        store.write_batch([en_write(), copy], run_id=1)
        assert {h["doc_id"] for h in store.search_facts("Council news")} == {"d-en"}
        store.purge_document("d-en")
        assert store.search_facts("Council news") == []
        assert {h["doc_id"] for h in store.search_facts("Mirror headline")} == {"d-en-mirror"}
        assert store.check() == []
    conn = sqlite3.connect(tmp_path / "k.db")
    assert "doc_title" not in fts_columns(conn)
    conn.close()


def test_version_6_minhashes_move_to_doc_minhash_and_still_link_reprints(tmp_path, monkeypatch):
    from cominer.corpus.reprints import signature_bytes, text_signature

    article = ("The council invited residents, local charities and two small firms to co-design "
               "the new youth service; partner firms pay a quarter of profits into the trust. ")
    original = en_write()
    original.signature = signature_bytes(text_signature(article * 3))
    path = tmp_path / "v6.db"
    with monkeypatch.context() as patch:  # a store as version 6 wrote it
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:6])
        patch.setattr(store_module, "SCHEMA_VERSION", 6)
        with KnowledgeStore(path) as old:
            old.write_batch([zh_write()], run_id=1)
            old.conn.execute("INSERT INTO documents (doc_id, text_hash, text, minhash) "
                             "VALUES ('d-old', 'h-old', 'x', ?)", (original.signature,))
            old.conn.execute("INSERT INTO documents_fts (doc_id, title, text, lemmas) "
                             "VALUES ('d-old', '', 'x', '')")
    # up to version 7 only: version 8 recomputes the signatures from the texts (test below)
    monkeypatch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:7])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 7)
    with KnowledgeStore(path) as store:
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(documents)")]
        assert "minhash" not in columns and "minhash" not in store.document("d-old")
        assert [tuple(r) for r in store.conn.execute("SELECT doc_id, minhash FROM doc_minhash")
                ] == [("d-old", original.signature)]
        reprint = zh_write("d-reprint", "reprint.html", ZH_TEXT + "\n转载")
        reprint.signature = signature_bytes(text_signature(article * 3 + "Share!"))
        store.write_batch([original, reprint], run_id=2)
        assert store.document("d-reprint")["near_dup_of"] == "d-en"
        assert store.conn.execute("SELECT count(*) FROM doc_minhash").fetchone()[0] == 3
        store.purge_document("d-en")
        assert [r[0] for r in store.conn.execute("SELECT doc_id FROM doc_minhash ORDER BY doc_id")
                ] == ["d-old", "d-reprint"]
        assert store.check() == []


# -- schema version 8: signatures from a numpy shingle hash, recomputed on upgrade ----------------

ARTICLE = ("The council invited residents, local charities and two small firms to co-design "
           "the new youth service; partner firms pay a quarter of profits into the trust. ") * 3


def sha1_signature(text_search: str) -> bytes:
    """A signature as schema version 7 stored it: one SHA-1 per UTF-8 5-gram."""
    from hashlib import sha1

    import numpy as np

    from cominer.corpus.reprints import affine32_min, permutations, signature_bytes

    flat = "".join(text_search.casefold().split())
    shingles = {flat[i:i + 5].encode() for i in range(max(1, len(flat) - 4))}
    hashes = np.array([int.from_bytes(sha1(s).digest()[:4], "little") for s in shingles],
                      dtype=np.uint32)
    return signature_bytes(affine32_min(hashes, *permutations()))


def reprint_writes(sign) -> list[list[DocWrite]]:
    """Two batches: an article, an unrelated page and a reprint; then a second reprint."""
    first = [zh_write("d-a", "a.html", ZH_TEXT + ARTICLE), zh_write("d-b", "b.html"),
             zh_write("d-c", "c.html", ZH_TEXT + ARTICLE + "Share!")]
    second = [zh_write("d-d", "d.html", ZH_TEXT + ARTICLE.replace("two", "three") + "Like")]
    for write in first + second:
        write.signature = sign(write.clean["text_search"])
    return [first, second]


def reprint_state(store: KnowledgeStore) -> tuple:
    conn = store.conn
    return (conn.execute("SELECT doc_id, near_dup_of FROM documents ORDER BY doc_id").fetchall(),
            conn.execute("SELECT doc_id, minhash FROM doc_minhash ORDER BY doc_id").fetchall(),
            conn.execute("SELECT doc_id, band_key FROM doc_bands ORDER BY doc_id, band_key"
                         ).fetchall())


def test_version_7_signatures_are_recomputed_and_find_the_reprints_a_fresh_store_finds(
        tmp_path, monkeypatch):
    from cominer.corpus.reprints import signature_bytes, text_signature

    def new_signature(text_search: str) -> bytes:
        return signature_bytes(text_signature(text_search))

    old_batches, new_batches = reprint_writes(sha1_signature), reprint_writes(new_signature)
    path = tmp_path / "v7.db"
    with monkeypatch.context() as patch:  # a store as version 7 wrote it
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:7])
        patch.setattr(store_module, "SCHEMA_VERSION", 7)
        with KnowledgeStore(path) as old:
            old.write_batch(old_batches[0], run_id=1)
            assert old.document("d-c")["near_dup_of"] == "d-a"
    with KnowledgeStore(tmp_path / "fresh.db") as fresh:
        for run_id, batch in enumerate(new_batches, 1):
            fresh.write_batch(batch, run_id)
        expected = reprint_state(fresh)
    with KnowledgeStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 8
        stored = dict(store.conn.execute("SELECT doc_id, minhash FROM doc_minhash"))
        assert stored == {w.doc_id: w.signature for w in new_batches[0]}
        assert stored["d-a"] != old_batches[0][0].signature  # recomputed, not kept
        store.write_batch(new_batches[1], run_id=2)
        assert store.document("d-d")["near_dup_of"] == "d-a"
        assert [list(map(tuple, rows)) for rows in reprint_state(store)] == [
            list(map(tuple, rows)) for rows in expected]
        assert store.check() == []
