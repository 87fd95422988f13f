"""Small raw documents built in tests (HTML pages and plain texts)."""

from __future__ import annotations

from cominer.corpus.records import RawDoc


def html_page(body: str, title: str = "Test page", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
            f"</head><body>{body}</body></html>")


def raw_html(body: str, source: str = "test.html", **kw) -> RawDoc:
    return RawDoc(source=source, data=html_page(body, **kw).encode("utf-8"),
                  fetched_at="2026-01-01T00:00:00+00:00", media_type="html")


def raw_text(text: str, source: str = "test.txt") -> RawDoc:
    return RawDoc(source=source, data=text.encode("utf-8"),
                  fetched_at="2026-01-01T00:00:00+00:00", media_type="text")


def extracted(cleaner, extractor, text: str, fact_type: str) -> list:
    """The facts of one type the pipeline finds in a plain text; each must quote its span."""
    doc = cleaner.clean(raw_text(text))
    facts = [f for f in extractor.extract(doc) if f.type == fact_type]
    for f in facts:
        assert doc.text[f.start:f.end] == f.text
    return facts
