"""A batch as prepared rows (DocRows) and written one executemany per table (BatchRows):
the same store as writing its documents one at a time."""

import pickle
import random

import numpy as np

from cominer.corpus.reprints import (
    NEAR_DUPLICATE,
    NUM_PERM,
    signature_bytes,
    signature_from_bytes,
    similarity,
    text_signature,
)
from cominer.store import (
    DocRows,
    DocWrite,
    KnowledgeStore,
    best_near_duplicate,
    connect,
    fact_dicts,
    prepare_write,
    select_in,
)
from tests.runcorpus import differences, dump_store
from tests.unit.test_store import EN_TEXT, ZH_TEXT, en_write, zh_write

ARTICLE = ("The borough council invited residents, local charities and two small firms to "
           "co-design the new youth service; partner firms pay one quarter of profits into "
           "the community trust, which residents manage with council officers. ") * 3


def signed(write: DocWrite, text: str) -> DocWrite:
    write.signature = signature_bytes(text_signature(text))
    return write


def reprint_writes() -> list[DocWrite]:
    """An original, its near-duplicate reprint, and an unrelated document, each signed."""
    reprint = ARTICLE.replace("two", "three") + "Share!"
    return [signed(zh_write("orig", "orig.html", ZH_TEXT + "1"), ARTICLE),
            signed(zh_write("copy", "copy.html", ZH_TEXT + "2"), reprint),
            signed(en_write(), EN_TEXT)]


def store_dump(tmp_path, name, batches) -> dict:
    path = tmp_path / f"{name}.db"
    with KnowledgeStore(path) as store:
        for batch in batches:
            store.write_batch(batch, run_id=1)
    return dump_store(path)


def test_one_batch_stores_what_one_document_per_batch_stores(tmp_path):
    writes = [*reprint_writes(), zh_write("orig", "again.html", ZH_TEXT + "1"),
              zh_write("twin", "twin.html", ZH_TEXT + "1"),  # a duplicate by clean text
              DocWrite(source="orig.html", doc_id="orig", clean=None, kind="known",
                       extractor_version="x1")]
    together = store_dump(tmp_path, "together", [writes])
    apart = store_dump(tmp_path, "apart", [[w] for w in writes])
    assert differences(apart, together) == []
    conn = connect(tmp_path / "together.db")
    links = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT doc_id, duplicate_of, near_dup_of FROM documents")}
    conn.close()
    assert links == {"orig": (None, None), "copy": (None, "orig"), "d-en": (None, None),
                     "twin": ("orig", None)}
    assert len(together["sources"]) == 5


def test_a_reextraction_inside_a_batch_keeps_the_fact_ids_of_one_by_one_writes(tmp_path):
    redo = zh_write("orig", "orig.html", ZH_TEXT + "1")
    redo.kind, redo.extractor_version, redo.facts = "reextract", "x2", redo.facts[:1]
    batches = [[zh_write("orig", "orig.html", ZH_TEXT + "1")],
               [en_write(), redo, zh_write("late", "late.html", ZH_TEXT + "9")]]
    together = store_dump(tmp_path, "together", batches)
    apart = store_dump(tmp_path, "apart", [[w] for batch in batches for w in batch])
    assert differences(apart, together) == []
    assert [row[1] for row in together["facts"]].count("orig") == 1


def test_prepared_rows_store_like_the_write_they_come_from_and_pickle_as_tuples(tmp_path):
    rows = [prepare_write(w) for w in reprint_writes()]
    back = pickle.loads(pickle.dumps(rows))
    assert back == rows and all(isinstance(r, DocRows) for r in back)
    assert store_dump(tmp_path, "rows", [back]) == store_dump(tmp_path, "writes",
                                                               [reprint_writes()])


def test_prepared_facts_read_back_as_the_fact_dicts_they_came_from():
    write = zh_write()
    facts = fact_dicts(prepare_write(write).facts)
    for got, want in zip(facts, write.facts, strict=True):
        assert {k: got[k] for k in want if k != "doc_id"} == {
            k: v for k, v in want.items() if k != "doc_id"}
        assert got["doc_id"] == "d-zh" and got["created_at"] is None


def test_best_near_duplicate_is_the_max_of_pairwise_similarities():
    rng = random.Random(7)
    base = np.array([rng.randrange(2**32) for _ in range(NUM_PERM)], dtype=np.uint32)
    candidates = {}
    for i in range(12):
        sig = base.copy()
        changed = rng.sample(range(NUM_PERM), rng.randrange(0, 30))
        sig[changed] = rng.randrange(2**32)
        candidates[f"d{i:02d}"] = signature_bytes(sig)
    want = max((similarity(base, signature_from_bytes(b)), name)
               for name, b in candidates.items())
    got = best_near_duplicate(signature_bytes(base), candidates)
    assert got == (want[1] if want[0] >= NEAR_DUPLICATE else None)
    assert best_near_duplicate(signature_bytes(base), {}) is None
    far = {"x": signature_bytes(base + np.uint32(1))}
    assert best_near_duplicate(signature_bytes(base), far) is None


def test_select_in_reads_every_value_in_chunks(tmp_path):
    conn = connect(tmp_path / "t.db")
    conn.execute("CREATE TABLE t (v INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1200)])
    wanted = [*range(0, 1200, 2), 4, 4]  # 600 distinct values, one repeated
    got = [r[0] for r in select_in(conn, "SELECT v FROM t WHERE v IN ({marks})", wanted,
                                   chunk=250)]
    assert sorted(got) == list(range(0, 1200, 2))
    conn.close()
