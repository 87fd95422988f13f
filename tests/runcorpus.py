"""A few dozen documents made from the sample corpus, and a store dump to compare runs by.

The corpus mixes what a batch meets: new pages, pages whose text differs by one paragraph,
byte-identical copies under another name (one document, two sources), copies differing only
in markup (duplicates by clean text) and an unreadable file (an error row).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from cominer.store import connect

# One composed sentence per language, numbered so every variant's text is distinct.
PILOT = {
    "zh": "第{i}批试点中，街道办事处与社会组织共同设计服务，企业按年利润的{i}%出资。",
    "ru": "В пилоте №{i} администрация и НКО совместно проектируют услуги; компания "
          "отчисляет {i}% прибыли.",
    "vi": "Trong đợt thí điểm {i}, chính quyền và tổ chức phi lợi nhuận cùng thiết kế dịch vụ; "
          "doanh nghiệp đóng góp {i}% lợi nhuận.",
    "en": "In pilot {i}, the council and local nonprofits co-design services; partner firms pay "
          "{i}% of annual profit into a community fund.",
}


def variant(data: bytes, name: str, i: int) -> bytes:
    """The page with one more paragraph (a distinct document with distinct clean text)."""
    sentence = PILOT[name[:2]].format(i=i + 2).encode("utf-8")
    if name.endswith(".txt"):
        first, _, rest = data.partition(b"\n")
        return first + b"\n" + sentence + b"\n" + rest
    return data.replace(b"<p>", b"<p>" + sentence + b"</p>\n<p>", 1)


def write_corpus(samples: Path, out: Path, every: int = 1) -> Path:
    """Write the corpus under `out` and return `out`: about 45 files from the 18 samples, or
    about 30 with `every=3` (every third sample left out, all four languages kept)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "copies").mkdir(exist_ok=True)
    for i, path in enumerate(sorted(samples.iterdir())):
        if every > 1 and i % every == every - 1:
            continue
        data = path.read_bytes()
        shutil.copyfile(path, out / path.name)
        (out / f"v_{path.name}").write_bytes(variant(data, path.name, i))
        if i % 3 == 0:  # the same bytes under another name
            shutil.copyfile(path, out / "copies" / path.name)
        if i % 6 == 1 and path.suffix == ".html":  # same clean text, other markup
            (out / "copies" / f"m_{path.name}").write_bytes(
                data.replace(b"<body>", b"<body><!-- mirror -->", 1))
    (out / "broken.html").write_bytes(b"   ")  # empty: a decode error, recorded
    return out


# Columns left out of the comparison: which run wrote a row and when.
VOLATILE = {"run_id", "created_at", "first_seen", "at", "error_id"}
TABLES = {  # table -> order of its rows (insertion order where it is meaningful)
    "documents": "rowid", "sources": "source, doc_id", "paragraphs": "doc_id, idx",
    "edits": "rowid", "facts": "fact_id", "errors": "source, stage, reason",
    "doc_bands": "doc_id, band_key",
}


def dump_store(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every knowledge table (and the search indexes), volatile columns left out."""
    conn = connect(path)
    try:
        dump = {}
        for table, order in TABLES.items():
            cursor = conn.execute(f"{select_all(conn, table)} ORDER BY {order}")
            keep = [i for i, d in enumerate(cursor.description) if d[0] not in VOLATILE]
            dump[table] = [tuple(row[i] for i in keep) for row in cursor]
        dump["facts_fts"] = fact_index_rows(conn)
        dump["documents_fts"] = [tuple(r) for r in conn.execute(
            "SELECT doc_id, title, text, lemmas FROM documents_fts ORDER BY doc_id")]
        return dump
    finally:
        conn.close()


def select_all(conn: Any, table: str) -> str:
    """`SELECT * FROM table`; for documents since schema version 7, with the MinHash read from
    doc_minhash into its old place (the last column), so stores of either version compare."""
    has_minhash_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'doc_minhash'").fetchone() is not None
    if table != "documents" or not has_minhash_table:
        return f"SELECT * FROM {table}"
    return ("SELECT d.*, (SELECT m.minhash FROM doc_minhash m WHERE m.doc_id = d.doc_id) "
            "AS minhash FROM documents d")


def fact_index_rows(conn: Any) -> list[tuple[Any, ...]]:
    """(fact_id, text, doc_title, lemmas) of every facts_fts row. Since schema version 7 a
    fact's doc_title is its document's title in documents_fts (no longer repeated per fact),
    so stores of either version compare alike."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(facts_fts)")}
    if "doc_title" in columns:
        return [tuple(r) for r in conn.execute(
            "SELECT rowid, text, doc_title, lemmas FROM facts_fts ORDER BY rowid")]
    titles = dict(conn.execute("SELECT doc_id, title FROM documents_fts").fetchall())
    return [(r[0], r[1], titles.get(r[3]), r[2]) for r in conn.execute(
        "SELECT ft.rowid, ft.text, ft.lemmas, f.doc_id FROM facts_fts ft "
        "LEFT JOIN facts f ON f.fact_id = ft.rowid ORDER BY ft.rowid")]


def differences(expected: dict, got: dict) -> list[str]:
    """Tables whose rows differ, with the first differing row, for a readable failure."""
    out = []
    for table, rows in expected.items():
        if got.get(table) != rows:
            other = got.get(table) or []
            first = next((i for i, (a, b) in enumerate(zip(rows, other, strict=False))
                          if a != b), min(len(rows), len(other)))
            out.append(f"{table}: {len(rows)} rows expected, {len(other)} got; first "
                       f"difference at row {first}")
    return out
