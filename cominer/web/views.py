"""What the pages show, computed from store rows: filters from a query string, URLs that keep
them, the document text cut into highlighted segments, and the charts as SVG.

No SQL here (the store answers every question) and no HTTP (app.py handles requests).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from ..extract.records import FACT_TYPES
from ..store import ORDERS

LANGS = ("zh", "ru", "vi", "en")
SOURCES = ("rule", "model", "human")
FILTER_KEYS = ("q", "type", "label", "lang", "min_rate", "max_rate", "issuer", "year",
               "source", "doc")
LANG_COLOURS = {"zh": "#c0392b", "ru": "#2c6fbb", "vi": "#1e8449", "en": "#8e44ad"}


class FilterError(ValueError):
    """A query-string value that is not a valid filter."""


@dataclass
class FactQuery:
    """The free text, filters, order and page of a fact search, as read from a query string."""

    q: str = ""
    type: str | None = None
    label: str | None = None
    lang: list[str] = field(default_factory=list)
    min_rate: float | None = None
    max_rate: float | None = None
    issuer: str | None = None
    year: int | None = None
    source: str | None = None
    doc: str | None = None
    sort: str = "fact_id"
    desc: bool = False
    offset: int = 0
    limit: int = 50

    def store_filters(self) -> dict[str, Any]:
        """Keyword arguments for KnowledgeStore.search_facts / count_facts / facet_counts."""
        return {"type": self.type, "label": self.label, "lang": self.lang or None,
                "min_rate": self.min_rate, "max_rate": self.max_rate, "issuer": self.issuer,
                "year": self.year, "source": self.source, "doc_id": self.doc}

    def params(self) -> list[tuple[str, str]]:
        """The query as (key, value) pairs, without defaults, for building URLs."""
        pairs: list[tuple[str, str]] = []
        for key in FILTER_KEYS:
            value = getattr(self, key)
            if key == "lang":
                pairs.extend(("lang", v) for v in value)
            elif value not in (None, ""):
                pairs.append((key, str(value)))
        if self.sort != "fact_id":
            pairs.append(("sort", self.sort))
        if self.desc:
            pairs.append(("desc", "1"))
        return pairs

    def url(self, path: str = "/", **changes: Any) -> str:
        """`path` with this query's parameters, some changed (None or "" drops a key)."""
        pairs = [(k, v) for k, v in self.params() if k not in changes]
        for key, value in changes.items():
            if isinstance(value, list | tuple):
                pairs.extend((key, str(v)) for v in value)
            elif value not in (None, "", False):
                pairs.append((key, "1" if value is True else str(value)))
        return path + ("?" + urlencode(pairs) if pairs else "")

    def facet_url(self, name: str, value: Any) -> str:
        """This query narrowed to a facet value (languages add up: ru + vi)."""
        if name == "lang":
            return self.url(lang=self.lang + [value] if value not in self.lang else self.lang,
                            offset=None)
        return self.url(**{name: value}, offset=None)

    def active(self) -> list[tuple[str, str, str]]:
        """(key, shown value, URL without it) for every filter in use."""
        chips = []
        for key in FILTER_KEYS:
            value = getattr(self, key)
            if key == "lang":
                for lang in value:
                    chips.append(("lang", lang,
                                  self.url(lang=[v for v in value if v != lang], offset=None)))
            elif value not in (None, ""):
                chips.append((key, str(value), self.url(**{key: None}, offset=None)))
        return chips


def one(params: Mapping[str, Any], key: str) -> str | None:
    value = params.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def number(params: Mapping[str, Any], key: str, kind: type) -> Any:
    value = one(params, key)
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError as exc:
        raise FilterError(f"{key}: not a number: {value!r}") from exc


def read_fact_query(params: Any, *, default_limit: int = 50, max_limit: int = 1000) -> FactQuery:
    """A FactQuery from request query parameters (a multi-dict: `lang` may repeat)."""
    fact_type = one(params, "type")
    if fact_type is not None and fact_type not in FACT_TYPES:
        raise FilterError(f"type must be one of {', '.join(FACT_TYPES)}")
    langs = [v for value in params.getlist("lang") for v in value.split(",") if v.strip()]
    bad = [lang for lang in langs if lang not in LANGS]
    if bad:
        raise FilterError(f"lang must be among {', '.join(LANGS)}, not {bad[0]!r}")
    source = one(params, "source")
    if source is not None and source not in SOURCES:
        raise FilterError(f"source must be one of {', '.join(SOURCES)}")
    sort = one(params, "sort") or "fact_id"
    if sort not in ORDERS:
        raise FilterError(f"sort must be one of {', '.join(ORDERS)}")
    limit = number(params, "limit", int)
    limit = default_limit if limit is None else limit
    offset = number(params, "offset", int) or 0
    if not 1 <= limit <= max_limit or offset < 0:
        raise FilterError(f"limit must be 1-{max_limit} and offset 0 or more")
    return FactQuery(q=one(params, "q") or "", type=fact_type, label=one(params, "label"),
                     lang=langs, min_rate=number(params, "min_rate", float),
                     max_rate=number(params, "max_rate", float), issuer=one(params, "issuer"),
                     year=number(params, "year", int), source=source, doc=one(params, "doc"),
                     sort=sort, desc=one(params, "desc") in ("1", "true", "yes"),
                     offset=offset, limit=limit)


# -- the document view -----------------------------------------------------------------------

@dataclass
class Segment:
    """A piece of the clean text with the facts covering it, or a removed span landing there."""

    kind: str  # "text", "removed" or "anchor"
    text: str = ""
    facts: list[dict[str, Any]] = field(default_factory=list)
    removed: dict[str, Any] | None = None
    fact_id: int | None = None
    focus: bool = False

    @property
    def css_class(self) -> str:
        if not self.facts:
            return ""
        inner = min(self.facts, key=lambda f: f["end"] - f["start"])
        return f"fact t-{inner['type']}" + (" focus" if self.focus else "")

    @property
    def tooltip(self) -> str:
        return "; ".join(f"{f['type']}/{f['label']}" for f in self.facts)

    @property
    def fact_ids(self) -> str:
        return " ".join(str(f["fact_id"]) for f in self.facts)


def document_segments(text: str, facts: Sequence[dict[str, Any]],
                      removed: Sequence[dict[str, Any]], focus: int | None = None
                      ) -> list[Segment]:
    """The clean text cut at every fact boundary and every place a removed span landed.

    Overlapping facts (an actor inside a rate's evidence) share segments; each fact gets an
    anchor (`#f<fact_id>`) where it starts. Removed spans appear at their `at` position.
    """
    size = len(text)
    spans = [f for f in facts if 0 <= f["start"] < f["end"] <= size]
    points = {0, size}
    for f in spans:
        points.update((f["start"], f["end"]))
    cuts: dict[int, list[dict[str, Any]]] = {}
    for cut in removed:
        at = cut.get("at")
        at = size if at is None or at > size else max(at, 0)
        cuts.setdefault(at, []).append(cut)
        points.add(at)
    starts: dict[int, list[dict[str, Any]]] = {}
    for f in spans:
        starts.setdefault(f["start"], []).append(f)
    ordered = sorted(points)
    segments: list[Segment] = []
    for i, point in enumerate(ordered):
        segments.extend(Segment("removed", removed=cut) for cut in cuts.get(point, []))
        segments.extend(Segment("anchor", fact_id=f["fact_id"]) for f in starts.get(point, []))
        if i + 1 < len(ordered):
            end = ordered[i + 1]
            covering = [f for f in spans if f["start"] <= point and f["end"] >= end]
            segments.append(Segment("text", text[point:end], covering,
                                    focus=any(f["fact_id"] == focus for f in covering)))
    return segments


# -- charts (server-rendered SVG, no library) ------------------------------------------------

def svg(width: int, height: int, body: list[str], title: str) -> Markup:
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
                  f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
                  f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def bar_chart(pairs: Sequence[tuple[Any, int]], title: str, *, colour: str = "#2c6fbb",
              height: int = 220) -> Markup:
    """Vertical bars, one per (label, count), labels under the bars."""
    if not pairs:
        return Markup('<p class="empty">no data</p>')
    bar, gap, left, bottom, top = 26, 6, 30, 36, 16
    width = left + len(pairs) * (bar + gap) + 10
    peak = max(n for _, n in pairs) or 1
    body = []
    for i, (label, count) in enumerate(pairs):
        h = round((height - bottom - top) * count / peak)
        x = left + i * (bar + gap)
        y = height - bottom - h
        body.append(f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="{colour}">'
                    f"<title>{escape(label)}: {count}</title></rect>")
        body.append(f'<text x="{x + bar / 2}" y="{y - 3}" class="n">{count}</text>')
        body.append(f'<text x="{x + bar / 2}" y="{height - bottom + 14}" class="tick" '
                    f'transform="rotate(40 {x + bar / 2} {height - bottom + 14})">'
                    f"{escape(label)}</text>")
    body.append(f'<line x1="{left - 4}" y1="{height - bottom}" x2="{width}" '
                f'y2="{height - bottom}" class="axis"/>')
    return svg(width, height, body, title)


def rate_chart(rates: Sequence[tuple[float, int, int]], title: str) -> Markup:
    """Rates by upper bound in 5-point bins: profit shares and other rates stacked."""
    pairs = []
    by_low = {round(low * 100): (share, other) for low, share, other in rates}
    for low in range(0, 101, 5):
        share, other = by_low.get(low, (0, 0))
        pairs.append((f"{low}%", share, other))
    height, bar, gap, left, bottom, top = 220, 22, 4, 30, 36, 16
    width = left + len(pairs) * (bar + gap) + 130
    peak = max((s + o for _, s, o in pairs), default=0) or 1
    scale = (height - bottom - top) / peak
    body = []
    for i, (label, share, other) in enumerate(pairs):
        x = left + i * (bar + gap)
        y = height - bottom
        for count, colour, name in ((share, "#d35400", "profit_share"),
                                    (other, "#95a5a6", "other_rate")):
            h = round(count * scale)
            if h:
                y -= h
                body.append(f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" '
                            f'fill="{colour}"><title>{label} {name}: {count}</title></rect>')
        body.append(f'<text x="{x + bar / 2}" y="{height - bottom + 14}" class="tick" '
                    f'transform="rotate(40 {x + bar / 2} {height - bottom + 14})">{label}</text>')
    legend_x = left + len(pairs) * (bar + gap) + 10
    for j, (colour, name) in enumerate((("#d35400", "profit_share"),
                                        ("#95a5a6", "other_rate"))):
        body.append(f'<rect x="{legend_x}" y="{top + j * 18}" width="12" height="12" '
                    f'fill="{colour}"/><text x="{legend_x + 16}" y="{top + j * 18 + 11}" '
                    f'class="legend">{name}</text>')
    body.append(f'<line x1="{left - 4}" y1="{height - bottom}" x2="{legend_x - 6}" '
                f'y2="{height - bottom}" class="axis"/>')
    return svg(width, height, body, title)


def actors_chart(actors: Mapping[str, Mapping[str, int]], title: str) -> Markup:
    """Horizontal bars per actor label, stacked by language."""
    if not actors:
        return Markup('<p class="empty">no data</p>')
    row, left, right = 22, 150, 60
    width = 620
    height = 30 + len(actors) * row + 20
    peak = max(sum(v.values()) for v in actors.values()) or 1
    scale = (width - left - right) / peak
    body = []
    for i, (label, by_lang) in enumerate(sorted(actors.items(),
                                                key=lambda kv: -sum(kv[1].values()))):
        y = 10 + i * row
        body.append(f'<text x="{left - 6}" y="{y + 14}" class="label">{escape(label)}</text>')
        x = float(left)
        for lang in LANGS:
            count = by_lang.get(lang, 0)
            if count:
                w = count * scale
                body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 6}" '
                            f'fill="{LANG_COLOURS[lang]}"><title>{escape(label)} {lang}: '
                            f"{count}</title></rect>")
                x += w
        body.append(f'<text x="{x + 4:.1f}" y="{y + 14}" class="n-left">'
                    f"{sum(by_lang.values())}</text>")
    y = 10 + len(actors) * row + 8
    for j, lang in enumerate(LANGS):
        body.append(f'<rect x="{left + j * 60}" y="{y}" width="12" height="12" '
                    f'fill="{LANG_COLOURS[lang]}"/><text x="{left + j * 60 + 16}" '
                    f'y="{y + 11}" class="legend">{lang}</text>')
    return svg(width, height, body, title)
