"""Cleaning speed: cominer's cleaner against trafilatura alone on trafilatura's 990 pages.

Both tools run in one process on the same pages: after one warm-up call each (which loads
lexicons, converters and lazy imports), every page is given to trafilatura alone and then to
cominer, so both see the same cache and machine state. Only the time inside the calls counts.

Figures: pages per second, input HTML megabytes per second, output characters per second, and
cominer's overhead in percent of trafilatura's time per page ((t_cominer / t_trafilatura - 1)
* 100; target: under 50%). The single-thread figures depend on the machine; compare the two
tools within one run only.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from snippets import EXTRACTORS, add_common_arguments, load_trafilatura_pages, print_table

TOOLS = ("trafilatura", "cominer")
WARM_UP = b"<html><body><article><p>Warm-up text for the cleaner.</p></article></body></html>"


@dataclass
class Timing:
    seconds: float = 0.0
    output_chars: int = 0
    errors: int = 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser)
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


def time_tools(pages: list[bytes]) -> dict[str, Timing]:
    """Interleaved timing of both tools over the pages, after a warm-up of each."""
    extractors = {tool: EXTRACTORS[tool]() for tool in TOOLS}
    for extract in extractors.values():
        extract(WARM_UP)
    timings = {tool: Timing() for tool in TOOLS}
    for html in pages:
        for tool in TOOLS:
            time_call(extractors[tool], html, timings[tool])
    return timings


def speed_rows(timings: dict[str, Timing], pages: int, input_bytes: int) -> list[list[object]]:
    rows = []
    for tool, t in timings.items():
        rows.append([tool, pages, round(t.seconds, 2), round(pages / t.seconds, 1),
                     round(input_bytes / t.seconds / 1e6, 2),
                     round(t.output_chars / t.seconds), t.output_chars, t.errors])
    return rows


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    pages = [p.html for p in load_trafilatura_pages(args.data, args.cache, args.limit)]
    input_bytes = sum(len(html) for html in pages)
    timings = time_tools(pages)
    print(f"\n## speed on trafilatura's evaluation pages ({len(pages)} pages, "
          f"{input_bytes / 1e6:.1f} MB of HTML, one thread)")
    print_table(["tool", "pages", "seconds", "pages/s", "HTML MB/s", "out chars/s",
                 "out chars", "errors"], speed_rows(timings, len(pages), input_bytes))
    overhead = (timings["cominer"].seconds / timings["trafilatura"].seconds - 1) * 100
    print(f"\ncominer overhead over trafilatura alone: {overhead:.1f}% (target: under 50%)")


if __name__ == "__main__":
    main()
