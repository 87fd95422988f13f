"""A small knowledge store for the annotation tests: CJK, emoji and 𠀀 (outside the BMP)."""

from __future__ import annotations

from pathlib import Path

from webstore import clean_doc
from webstore import fact as web_fact

from cominer.store import DocWrite, KnowledgeStore

# Characters outside the BMP (😀 U+1F600, 𠀀 U+20000) come before facts, so code points,
# UTF-16 units and bytes all give different offsets.
ZH_TEXT = ("😀街道办事处引导企业与社区居委会合作，𠀀志愿者参与设计。\n"
           "企业将年利润的2%~5%捐赠给社区基金。")
EN_TEXT = ("The council 🎉 invited local charities to co-design the service.\n"
           "Firms pay 10% of revenue to the fund.")
ZH_ID, EN_ID = "d" * 64, "e" * 64


def fact(text: str, needle: str, type_: str, label: str, confidence: float, lang: str = "zh",
         nth: int = 0, **attrs) -> dict:
    """The web tests' fact row (Chinese by default), from model version x1."""
    return {**web_fact(text, needle, type_, label, confidence, lang, nth=nth, **attrs),
            "model_version": "x1"}


def zh_facts(text: str = ZH_TEXT) -> list[dict]:
    return [fact(text, "街道办事处", "actor", "government", 0.9),
            fact(text, "企业", "actor", "enterprise", 0.6),
            fact(text, "社区居委会", "actor", "social_org", 0.4),  # wrong label: a relabel
            fact(text, "志愿者", "actor", "volunteer", 0.8),
            fact(text, "设计", "stage", "design", 0.7),
            fact(text, "企业", "actor", "enterprise", 0.6, nth=1),
            fact(text, "将年利润的2%~5%捐赠给社区基金", "rate", "profit_share", 0.95,
                 min=0.02, max=0.05, base="profit")]


def en_facts(text: str = EN_TEXT) -> list[dict]:
    return [fact(text, "council", "actor", "government", 0.85, "en"),
            fact(text, "local charities", "actor", "social_org", 0.5, "en"),
            fact(text, "co-design", "stage", "design", 0.3, "en"),
            fact(text, "Firms pay 10% of revenue to the fund", "rate", "profit_share", 0.9,
                 "en", min=0.1, max=0.1, base="revenue")]


def zh_write(text: str = ZH_TEXT, facts: list[dict] | None = None) -> DocWrite:
    return DocWrite(source="zh.html", doc_id=ZH_ID, clean=clean_doc(text, ZH_ID, "社区合作", "zh"),
                    facts=zh_facts(text) if facts is None else facts, extractor_version="x1")


def en_write() -> DocWrite:
    return DocWrite(source="en.html", doc_id=EN_ID,
                    clean=clean_doc(EN_TEXT, EN_ID, "Council news", "en"), facts=en_facts(),
                    extractor_version="x1")


def filled_store(path: Path) -> KnowledgeStore:
    store = KnowledgeStore(path)
    run_id = store.start_run(cleaner_version="c1", extractor_version="x1", config_hash="h1",
                             args={"command": "test"})
    store.write_batch([zh_write(), en_write()], run_id)
    store.finish_run(run_id, status="finished", docs_ok=2, docs_failed=0, docs_skipped=0)
    return store


def fact_id(store: KnowledgeStore, doc_id: str, text: str, label: str | None = None,
            nth: int = 0) -> int:
    """The id of the nth live fact of a document with this text (and label)."""
    ids = [f["fact_id"] for f in store.facts_for(doc_id)
           if f["text"] == text and (label is None or f["label"] == label)]
    return ids[nth]


def labels_of(store: KnowledgeStore, doc_id: str) -> list[tuple[str, str, str]]:
    """(label, text, source) of a document's facts in text order."""
    return [(f["label"], f["text"], f["source"]) for f in store.facts_for(doc_id)]
