"""Cleaning speed: cominer's cleaner against trafilatura alone on trafilatura's 990 pages.

Both tools run in one process on the same pages. First an untimed warm-up of each (a small
multilingual page, then by default one full pass over the pages: lexicons, converters, lazy
imports and dateparser's per-language locale data load on first use). Then every page is given
to trafilatura alone and then to cominer, so both see the same cache and machine state. Only
the time inside the calls counts. `--warm-up-pages 0` measures the cold run instead.

Figures: pages per second, input HTML megabytes per second, output characters per second, and
cominer's overhead in percent of trafilatura's time per page ((t_cominer / t_trafilatura - 1)
* 100; target: under 50%). The single-thread figures depend on the machine; compare the two
tools within one run only.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from snippets import (
    EXTRACTORS,
    add_common_arguments,
    describe_versions,
    load_trafilatura_pages,
    print_table,
)

TOOLS = ("trafilatura", "cominer")
# one paragraph per language the cleaner handles, so that lazily loaded resources (Chinese
# segmenter and converters, language models) are loaded before the timing starts
WARM_UP = """<html><head><meta charset="utf-8"></head><body><article>
<h1>Warm-up page</h1><p>The council asked residents to help design the new library service.</p>
<p>各地在推进基层治理现代化的过程中，社区合伙人制度逐步建立。咨询热线：400-123-4567</p>
<p>Граждане и их семьи рассматриваются как партнёры органов местного самоуправления.</p>
<p>Từ năm 2022, phường thí điểm một cách làm mới trong chăm sóc người cao tuổi.</p>
</article></body></html>""".encode()


@dataclass
class Timing:
    seconds: float = 0.0
    output_chars: int = 0
    errors: int = 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser)
    parser.add_argument("--warm-up-pages", type=int, default=None, metavar="N",
                        help="untimed warm-up on the first N pages (default: all of them, i.e. "
                             "one full untimed pass; 0: only a small built-in page)")
    return parser.parse_args(argv)


def time_call(extract, html: bytes, timing: Timing) -> None:
    """Add the time (and output size) of one call to timing; a crash counts as no output."""
    start = time.perf_counter()
    try:
        text = extract(html) or ""
    except Exception:  # noqa: BLE001 - a crash is counted, not raised
        text = ""
        timing.errors += 1
    timing.seconds += time.perf_counter() - start
    timing.output_chars += len(text)


def warm_up(extractors: dict, pages: list[bytes]) -> None:
    """Untimed calls: the built-in page, then the given pages (lazily loaded data such as
    dateparser's locales, used by trafilatura's metadata extraction, loads on first use)."""
    for extract in extractors.values():
        for html in [WARM_UP, *pages]:
            time_call(extract, html, Timing())


def time_tools(pages: list[bytes], warm_up_pages: int | None) -> dict[str, Timing]:
    """Interleaved timing of both tools over the pages, after a warm-up of each."""
    extractors = {tool: EXTRACTORS[tool]() for tool in TOOLS}
    warm_up(extractors, pages[:warm_up_pages] if warm_up_pages is not None else pages)
    timings = {tool: Timing() for tool in TOOLS}
    for html in pages:
        for tool in TOOLS:
            time_call(extractors[tool], html, timings[tool])
    return timings


def speed_rows(timings: dict[str, Timing], pages: int, input_bytes: int) -> list[list[object]]:
    rows = []
    for tool, t in timings.items():
        rows.append([tool, pages, f"{t.seconds:.2f}", f"{pages / t.seconds:.1f}",
                     f"{input_bytes / t.seconds / 1e6:.2f}",
                     f"{t.output_chars / t.seconds:,.0f}", f"{t.output_chars:,}", t.errors])
    return rows


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    print(describe_versions())
    pages = [p.html for p in load_trafilatura_pages(args.data, args.cache, args.limit)]
    input_bytes = sum(len(html) for html in pages)
    timings = time_tools(pages, args.warm_up_pages)
    print(f"\n## speed on trafilatura's evaluation pages ({len(pages)} pages, "
          f"{input_bytes / 1e6:.1f} MB of HTML, one thread)")
    print_table(["tool", "pages", "seconds", "pages/s", "HTML MB/s", "out chars/s",
                 "out chars", "errors"], speed_rows(timings, len(pages), input_bytes))
    overhead = (timings["cominer"].seconds / timings["trafilatura"].seconds - 1) * 100
    print(f"\ncominer overhead over trafilatura alone: {overhead:.1f}% (target: under 50%)")


if __name__ == "__main__":
    main()
