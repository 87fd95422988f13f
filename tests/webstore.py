"""A small knowledge store for the web, browser and load tests: two Chinese and English
documents (one with characters outside the BMP before its facts) and a page whose text holds
markup that must show as text."""

from __future__ import annotations

from pathlib import Path

from cominer.corpus.records import CleanDoc, Paragraph
from cominer.store import DocWrite, KnowledgeStore

ZH_TEXT = "🧧区政府邀请企业共同设计养老服务。\n企业将年利润的3%捐赠给社区基金，居民参与评估。"
EN_TEXT = ("The city council asked two charities to co-design the meals service.\n"
           "Each partner pays 12% of its profit to the neighbourhood fund.")
HOSTILE_TEXT = ('Volunteers wrote <script>alert("owned")</script> and <img src=x '
                'onerror=alert(2)> on the board.\nThe council reviewed it.')
ZH_ID, EN_ID, HOSTILE_ID = "a" * 64, "b" * 64, "c" * 64


def clean_doc(text: str, doc_id: str, title: str, lang: str) -> dict:
    first = text.index("\n")
    return CleanDoc(
        doc_id=doc_id, source=f"{doc_id[:8]}.html", title=title, date="2025-05-01", lang=lang,
        cleaner_version="c1", config_hash="h1", main_text=text, text=text, text_search=text,
        paragraphs=[Paragraph(0, first, lang), Paragraph(first + 1, len(text), lang)],
        removed=[], repaired=[]).to_json()


def fact(text: str, needle: str, type_: str, label: str, confidence: float, lang: str,
         nth: int = 0, **attrs) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"doc_id": "", "type": type_, "lang": lang, "text": needle, "start": start,
            "end": start + len(needle), "label": label, "attrs": attrs,
            "confidence": confidence, "source": "rule", "model_version": "w1"}


def writes() -> list[DocWrite]:
    zh = [fact(ZH_TEXT, "区政府", "actor", "government", 0.9, "zh"),
          fact(ZH_TEXT, "企业", "actor", "enterprise", 0.55, "zh"),
          fact(ZH_TEXT, "共同设计", "stage", "design", 0.7, "zh"),
          fact(ZH_TEXT, "企业", "actor", "enterprise", 0.6, "zh", nth=1),
          fact(ZH_TEXT, "将年利润的3%捐赠给社区基金", "rate", "profit_share", 0.93, "zh",
               min=0.03, max=0.03, base="profit"),
          fact(ZH_TEXT, "居民", "actor", "volunteer", 0.2, "zh")]  # wrong label: citizen
    en = [fact(EN_TEXT, "city council", "actor", "government", 0.95, "en"),
          fact(EN_TEXT, "charities", "actor", "social_org", 0.5, "en"),
          fact(EN_TEXT, "co-design", "stage", "design", 0.35, "en"),
          fact(EN_TEXT, "pays 12% of its profit to the neighbourhood fund", "rate",
               "other_rate", 0.3, "en", min=0.12, max=0.12)]  # wrong label: profit_share
    hostile = [fact(HOSTILE_TEXT, "Volunteers", "actor", "volunteer", 0.8, "en"),
               fact(HOSTILE_TEXT, "council", "actor", "government", 0.85, "en")]
    return [DocWrite(source="zh.html", doc_id=ZH_ID,
                     clean=clean_doc(ZH_TEXT, ZH_ID, "养老服务", "zh"), facts=zh,
                     extractor_version="w1"),
            DocWrite(source="en.html", doc_id=EN_ID,
                     clean=clean_doc(EN_TEXT, EN_ID, "Meals service", "en"), facts=en,
                     extractor_version="w1"),
            DocWrite(source="board.html", doc_id=HOSTILE_ID,
                     clean=clean_doc(HOSTILE_TEXT, HOSTILE_ID, '<b>Board</b> "notes"', "en"),
                     facts=hostile, extractor_version="w1")]


def fill_store(path: Path | str) -> None:
    """Write the three documents and their rule facts into a new store at `path`."""
    with KnowledgeStore(path) as store:
        run_id = store.start_run(cleaner_version="c1", extractor_version="w1",
                                 config_hash="h1", args={"command": "test"})
        store.write_batch(writes(), run_id)
        store.finish_run(run_id, status="finished", docs_ok=3, docs_failed=0,
                         docs_skipped=0)


def fact_id(store: KnowledgeStore, doc_id: str, text: str, nth: int = 0) -> int:
    """The id of the nth live fact of a document with this evidence text."""
    return [f["fact_id"] for f in store.facts_for(doc_id) if f["text"] == text][nth]
