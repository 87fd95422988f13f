"""Main text and metadata: trafilatura for HTML, line normalisation for plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

BLANK_RUN = re.compile(r"[ \t\u00a0\u3000]+")


@dataclass(frozen=True)
class MainText:
    text: str  # one paragraph per line
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None


def normalise_lines(text: str) -> str:
    """One paragraph per line: unify newlines, fold runs of blanks, drop empty lines."""
    lines = (BLANK_RUN.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def with_title(text: str, title: str | None) -> str:
    """The headline is part of the article (facts are stated there too): put it first when
    trafilatura left it out of the body."""
    if not title or not text:
        return text
    title = normalise_lines(title)
    if title and title not in text.split("\n", 3)[:3]:
        return f"{title}\n{text}"
    return text


def extract_main_html(html: str, url: str | None = None) -> MainText:
    """Article text and metadata of an HTML page; empty text when trafilatura finds none."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        favor_recall=True,
    )
    if doc is None:
        return MainText(text="")
    return MainText(
        text=with_title(normalise_lines(doc.text or ""), doc.title),
        title=doc.title or None,
        date=doc.date or None,
        author=doc.author or None,
        site=doc.sitename or None,
    )


def extract_main_text(text: str) -> MainText:
    """Plain-text inputs: normalised lines; the first line doubles as the title."""
    body = normalise_lines(text)
    first = body.split("\n", 1)[0] if body else None
    return MainText(text=body, title=first[:300] if first else None)
