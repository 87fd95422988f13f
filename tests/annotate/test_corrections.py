"""Corrections API: every action, its audit rows, tombstones, validation and re-extraction."""

import pytest
from annotatedocs import (
    EN_ID,
    ZH_ID,
    ZH_TEXT,
    fact_id,
    filled_store,
    labels_of,
    zh_facts,
    zh_write,
)

from cominer.corrections import CorrectionError, Corrections, realign_human_facts


@pytest.fixture
def store(tmp_path):
    opened = filled_store(tmp_path / "k.db")
    yield opened
    opened.close()


@pytest.fixture
def corr(store):
    return Corrections(store)


def human(store, doc_id=ZH_ID):
    return [f for f in store.facts_for(doc_id) if f["source"] == "human"]


def test_accept_makes_a_human_fact_and_keeps_the_model_row_in_history(store, corr):
    old = fact_id(store, ZH_ID, "志愿者")
    new = corr.accept(old, "ann")
    assert new != old
    [fact] = human(store)
    assert (fact["fact_id"], fact["label"], fact["annotator"], fact["confidence"]) == \
        (new, "volunteer", "ann", 1.0)
    assert ZH_TEXT[fact["start"]:fact["end"]] == "志愿者"
    assert fact["prefix"].endswith("𠀀") and fact["suffix"].startswith("参与")
    [row] = corr.history()
    assert (row["action"], row["fact_id"], row["annotator"]) == ("accept", old, "ann")
    assert row["before"]["source"] == "rule" and row["after"]["fact_id"] == new
    assert corr.accept(new, "ann") == new  # a human fact is already accepted
    assert len(corr.history()) == 1
    assert store.check() == []


def test_reject_removes_the_fact_leaves_a_tombstone_and_search_forgets_it(store, corr):
    old = fact_id(store, EN_ID, "co-design")
    corr.reject(old, "ann")
    assert "co-design" not in [f["text"] for f in store.facts_for(EN_ID)]
    assert store.search_facts("co-design") == []
    [row] = corr.history(doc_id=EN_ID)
    assert (row["action"], row["before"]["text"], row["after"]) == ("reject", "co-design", None)
    tomb = store.conn.execute("SELECT * FROM fact_rejections").fetchall()
    assert [(t["doc_id"], t["label"], t["text"], t["annotator"]) for t in tomb] == \
        [(EN_ID, "design", "co-design", "ann")]
    assert store.check() == []


def test_relabel_and_type_follow_the_new_label(store, corr):
    new = corr.relabel(fact_id(store, ZH_ID, "社区居委会"), "community_committee", "ann")
    fact = next(f for f in store.facts_for(ZH_ID) if f["fact_id"] == new)
    assert (fact["type"], fact["label"], fact["source"]) == ("actor", "community_committee",
                                                             "human")
    assert store.search_facts(label="social_org", doc_id=ZH_ID) == []
    staged = corr.relabel(fact_id(store, ZH_ID, "志愿者"), "delivery", "ann")
    fact = next(f for f in store.facts_for(ZH_ID) if f["fact_id"] == staged)
    assert (fact["type"], fact["label"]) == ("stage", "delivery")
    assert [r["action"] for r in corr.history()] == ["relabel", "relabel"]


def test_resize_takes_the_text_from_the_document(store, corr):
    old = fact_id(store, ZH_ID, "社区居委会")
    start = ZH_TEXT.index("社区居委会")
    new = corr.resize(old, start + 2, start + 5, "ann")
    fact = next(f for f in store.facts_for(ZH_ID) if f["fact_id"] == new)
    assert (fact["text"], fact["start"], fact["end"]) == ("居委会", start + 2, start + 5)
    assert store.check() == []


def test_add_a_missing_fact_and_confirm_a_model_one_without_duplicating(store, corr):
    start = ZH_TEXT.index("社区基金")
    new = corr.add(ZH_ID, "actor", "social_org", start, start + 4, None, "ann")
    assert ("social_org", "社区基金", "human") in labels_of(store, ZH_ID)
    assert store.search_facts("社区基金", label="social_org")[0]["fact_id"] == new
    with pytest.raises(CorrectionError, match="already labels"):
        corr.add(ZH_ID, "actor", "social_org", start, start + 4, None, "ann")
    start = ZH_TEXT.index("设计")
    corr.add(ZH_ID, "stage", "design", start, start + 2, None, "bob")
    assert [f["source"] for f in store.facts_for(ZH_ID) if f["text"] == "设计"] == ["human"]


def test_edit_attrs_validates_rate_bounds(store, corr):
    old = fact_id(store, ZH_ID, "将年利润的2%~5%捐赠给社区基金")
    new = corr.edit_attrs(old, {"min": 0.02, "max": 0.06, "base": "profit"}, "ann")
    fact = next(f for f in store.facts_for(ZH_ID) if f["fact_id"] == new)
    assert fact["attrs"] == {"min": 0.02, "max": 0.06, "base": "profit"}
    assert [f["fact_id"] for f in store.search_facts(min_rate=0.055, lang="zh")] == [new]
    for bad in ({"min": 2}, {"min": 0.5, "max": 0.1}, {"min": float("nan")}, ["x"]):
        with pytest.raises(CorrectionError):
            corr.edit_attrs(new, bad, "ann")


@pytest.mark.parametrize("call, message", [
    (lambda c, s: c.accept(99999, "ann"), "fact 99999 is not in the store"),
    (lambda c, s: c.accept(fact_id(s, ZH_ID, "志愿者"), " "), "annotator"),
    (lambda c, s: c.relabel(fact_id(s, ZH_ID, "志愿者"), "alien", "ann"), "label set"),
    (lambda c, s: c.resize(fact_id(s, ZH_ID, "志愿者"), 5, 500, "ann"), "not inside"),
    (lambda c, s: c.resize(fact_id(s, ZH_ID, "志愿者"), 3, 3, "ann"), "not inside"),
    (lambda c, s: c.add("nope", "actor", "party", 0, 2, None, "ann"), "not in the store"),
    (lambda c, s: c.add(ZH_ID, "actor", "design", 0, 2, None, "ann"), "not a actor label"),
    (lambda c, s: c.add(ZH_ID, "thing", "design", 0, 2, None, "ann"), "type 'thing'"),
    (lambda c, s: c.add(ZH_ID, "actor", "party", "0", 2, None, "ann"), "integers"),
])
def test_bad_corrections_raise_and_change_nothing(store, corr, call, message):
    before = labels_of(store, ZH_ID)
    with pytest.raises(CorrectionError, match=message):
        call(corr, store)
    assert labels_of(store, ZH_ID) == before and corr.history() == []


def test_a_batch_is_all_or_nothing(store, corr):
    before = labels_of(store, ZH_ID)
    with pytest.raises(CorrectionError), corr.batch() as w:
        w.reject(fact_id(store, ZH_ID, "志愿者"), "ann")
        w.relabel(fact_id(store, ZH_ID, "设计"), "alien", "ann")
    assert labels_of(store, ZH_ID) == before and corr.history() == []


def test_review_queue_lists_model_facts_least_confident_first(store, corr):
    queue = corr.review_queue(limit=3)
    assert [f["confidence"] for f in queue] == [0.3, 0.4, 0.5]
    corr.accept(queue[0]["fact_id"], "ann")
    assert [f["text"] for f in corr.review_queue(limit=2, lang="zh")] == ["社区居委会", "企业"]
    assert all(f["source"] != "human" for f in corr.review_queue(limit=100))


def test_history_is_newest_first_and_filtered_by_document(store, corr):
    corr.reject(fact_id(store, ZH_ID, "志愿者"), "ann")
    corr.accept(fact_id(store, EN_ID, "council"), "bob")
    assert [r["annotator"] for r in corr.history()] == ["bob", "ann"]
    assert [r["action"] for r in corr.history(doc_id=ZH_ID)] == ["reject"]
    assert len(corr.history(limit=1)) == 1


def reextract(store, facts, text=ZH_TEXT):
    """What the runner's --reextract does: new text into documents, then the model facts."""
    with store.transaction() as conn:
        conn.execute("UPDATE documents SET text = ?, text_search = ? WHERE doc_id = ?",
                     (text, text, ZH_ID))
        conn.execute("DELETE FROM paragraphs WHERE doc_id = ?", (ZH_ID,))
        return store.replace_model_facts(conn, ZH_ID, facts)


def test_reextraction_keeps_human_facts_and_honours_tombstones(store, corr):
    corr.reject(fact_id(store, ZH_ID, "企业", nth=1), "ann")  # only the second 企业
    corr.relabel(fact_id(store, ZH_ID, "社区居委会"), "community_committee", "ann")
    start = ZH_TEXT.index("志愿者")
    corr.resize(fact_id(store, ZH_ID, "志愿者"), start, start + 2, "ann")
    corr.accept(fact_id(store, ZH_ID, "设计"), "ann")
    expected = labels_of(store, ZH_ID)
    stored = reextract(store, zh_facts())
    assert stored == 3  # 街道办事处, the first 企业, the rate
    assert labels_of(store, ZH_ID) == expected
    assert store.check() == []
    assert len(human(store)) == 3


def test_a_purged_and_reingested_document_keeps_its_tombstones(store, corr):
    corr.reject(fact_id(store, ZH_ID, "志愿者"), "ann")
    store.delete_document(ZH_ID)
    run_id = store.start_run(cleaner_version="c1", extractor_version="x1", config_hash="h1",
                             args={})
    store.write_batch([zh_write()], run_id)
    assert "志愿者" not in [f["text"] for f in store.facts_for(ZH_ID)]
    assert len(store.facts_for(ZH_ID)) == len(zh_facts()) - 1


def test_recleaned_text_realigns_human_facts_or_flags_them(store, corr):
    corr.accept(fact_id(store, ZH_ID, "街道办事处"), "ann")
    corr.accept(fact_id(store, ZH_ID, "企业", nth=1), "ann")
    corr.accept(fact_id(store, ZH_ID, "志愿者"), "ann")
    # The newer cleaner drops the leading emoji and a sentence: offsets shift by one; the
    # sentence with 志愿者 is gone.
    new_text = ZH_TEXT.replace("😀", "").replace("𠀀志愿者参与设计。", "")
    reextract(store, [], new_text)
    facts = {f["text"]: f for f in human(store)}
    assert facts["街道办事处"]["start"] == 0 and facts["街道办事处"]["status"] is None
    second = new_text.index("企业", new_text.index("\n"))
    assert (facts["企业"]["start"], facts["企业"]["status"]) == (second, None)
    assert facts["志愿者"]["status"] == "needs_review"
    assert facts["志愿者"]["start"] == ZH_TEXT.index("志愿者")  # not moved
    actions = [r["action"] for r in Corrections(store).history()]
    assert actions.count("realign") == 2 and actions.count("needs_review") == 1
    assert store.check() == []
    # Realigning again (same text) changes nothing more.
    assert realign_human_facts(store, ZH_ID, new_text) == [facts["志愿者"]["fact_id"]]
    assert len(Corrections(store).history()) == len(actions)


def test_an_ambiguous_quote_is_flagged_not_guessed(store, corr):
    corr.accept(fact_id(store, ZH_ID, "企业"), "ann")
    # Both 企业 now sit in identical contexts: no way to tell which one was labelled.
    new_text = "企业与企业"
    reextract(store, [], new_text)
    [fact] = human(store)
    assert fact["status"] == "needs_review"


def test_a_promoted_duplicate_inherits_human_facts_and_tombstones(store, corr):
    copy_id = "c" * 64
    run_id = store.start_run(cleaner_version="c1", extractor_version="x1", config_hash="h1",
                             args={})
    duplicate = zh_write()
    duplicate.doc_id, duplicate.source = copy_id, "copy.html"
    duplicate.clean = {**duplicate.clean, "doc_id": copy_id}
    store.write_batch([duplicate], run_id)  # same clean text: stored as a duplicate
    corr.reject(fact_id(store, ZH_ID, "志愿者"), "ann")
    corr.accept(fact_id(store, ZH_ID, "设计"), "ann")
    store.purge_document(ZH_ID)
    assert [f["text"] for f in human(store, copy_id)] == ["设计"]
    with store.transaction() as conn:
        store.replace_model_facts(conn, copy_id, zh_facts())
    texts = [f["text"] for f in store.facts_for(copy_id)]
    assert "志愿者" not in texts and texts.count("设计") == 1
    assert store.check() == []
