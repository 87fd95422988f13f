"""Main text and metadata: trafilatura for HTML, line normalisation for plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_sitename, extract_title
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from .decode import DecodedText
from .records import RawDoc

BLANK_RUN = re.compile(r"[ \t\u00a0\u3000]+")
# The runs that folding changes: a lone space is left alone, so text mostly made of single
# spaces between words is copied in a few pieces, not one per word.
BLANK_RUN_TO_FOLD = re.compile(r"[\t\u00a0\u3000][ \t\u00a0\u3000]*| [ \t\u00a0\u3000]+")
# An opening tag with its attributes (quoted values may hold < and >). Possessive, so a
# malformed tag never backtracks.
TAG = re.compile(r"""<([A-Za-z][\w:.-]*)"""
                 r"""((?:\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?)*+)""")
QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
ATTRIBUTE = re.compile(r"""\s+[^\s=>/"']+""")
# libxml2 checks each attribute against the others (quadratic, in C, so no time limit can
# interrupt it): 100,000 attributes on one tag take minutes. Real tags have a handful.
MAX_ATTRIBUTES = 256
LONG_ATTRIBUTES = 4096  # characters; shorter attribute lists cannot hold that many


@dataclass(frozen=True)
class MainText:
    text: str  # one paragraph per line
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None


def normalise_lines(text: str) -> str:
    """One paragraph per line: unify newlines, fold runs of blanks, drop empty lines."""
    # BLANK_RUN holds no line break, so folding the whole text at once folds each line
    lines = [line.strip() for line in BLANK_RUN_TO_FOLD.sub(" ", text).splitlines()]
    return "\n".join(filter(None, lines))


def page_metadata(tree: HtmlElement, url: str | None) -> dict[str, str | None]:
    """Title, date, author and site from the page's meta tags and headings.

    trafilatura's full metadata pass (author heuristics, extensive date search) costs half as
    much again as the text extraction; meta tags and htmldate's fast search give the same
    fields for a fraction of that.
    """
    meta = examine_meta(tree)
    return {
        "title": meta.title or extract_title(tree),
        "author": meta.author,
        "site": meta.sitename or extract_sitename(tree),
        "date": find_date(tree, url=url, extensive_search=False, original_date=True),
    }


def strip_attribute_floods(html: str) -> str:
    """Drop the attributes of any tag that has more than MAX_ATTRIBUTES of them."""

    floods = [m for m in TAG.finditer(html)
              if m.end(2) - m.start(2) >= LONG_ATTRIBUTES  # short lists cannot be floods
              and len(ATTRIBUTE.findall(QUOTED.sub("", m.group(2)))) > MAX_ATTRIBUTES]
    if not floods:
        return html
    pieces, pos = [], 0
    for m in floods:
        pieces += [html[pos:m.start()], f"<{m.group(1)}"]
        pos = m.end()
    pieces.append(html[pos:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def local_extractor() -> Extractor:
    """trafilatura's options for pages without a URL, read from its config once per process
    (trafilatura copies them before it changes any)."""
    return Extractor(output_format="python", comments=False, tables=True)


def extract_main_html(html: str, url: str | None = None) -> MainText:
    """Article text and metadata of an HTML page; empty text when trafilatura finds none."""
    tree = load_html(strip_attribute_floods(html))
    if tree is None:
        return MainText(text="")
    meta = page_metadata(tree, url)  # before the extraction prunes the tree
    doc = trafilatura.bare_extraction(tree, url=url, include_comments=False, include_tables=True,
                                      options=None if url else local_extractor())
    if doc is None:
        return MainText(text="", title=meta["title"], date=meta["date"])
    return MainText(
        # The headline stays out unless trafilatura kept it: article benchmarks, like most
        # readers, take the body to be the text.
        text=normalise_lines(doc.text or ""),
        title=meta["title"] or None,
        date=meta["date"] or None,
        author=meta["author"] or None,
        site=meta["site"] or None,
    )


def extract_main_text(text: str) -> MainText:
    """Plain-text inputs: normalised lines; the first line doubles as the title."""
    body = normalise_lines(text)
    first = body.split("\n", 1)[0] if body else None
    return MainText(text=body, title=first[:300] if first else None)


def main_text_of(raw: RawDoc, decoded: DecodedText) -> MainText:
    """Article text and metadata: trafilatura for HTML, line normalisation for plain text."""
    if raw.media_type == "html":
        url = raw.source if raw.source.startswith(("http://", "https://")) else None
        return extract_main_html(decoded.text, url=url)
    return extract_main_text(decoded.text)
