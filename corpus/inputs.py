"""One entry point for every kind of source: local paths and URLs (pages, sitemaps, feeds)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .fetch_config import FetchConfig, is_url
from .records import InputError, RawDoc
from .sources import InputConfig, iter_raw_docs


def iter_inputs(items: Iterable[str | Path], cfg: InputConfig,
                fetch_cfg: FetchConfig | None = None) -> Iterator[RawDoc | InputError]:
    """Local files and folders first, then URLs through one polite, guarded fetcher."""
    items = [str(i) for i in items]
    paths = [i for i in items if not is_url(i)]
    urls = [i for i in items if is_url(i)]
    if paths:
        yield from iter_raw_docs(paths, cfg)
    if urls:
        from .fetch import iter_url_docs  # httpx is imported only when there are URLs

        yield from iter_url_docs(urls, fetch_cfg or FetchConfig())
