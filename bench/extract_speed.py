"""Extraction speed: characters of clean text per second, per language, next to trafilatura.

The pages (the bundled sample corpus by default, `--pages DIR` for another folder of .html/.txt
files) are cleaned once; then the extractor runs `--repeat` times over every clean document
and the time inside `Extractor.extract` is counted. For scale, the same HTML pages go through
trafilatura alone once (warm), and the end-to-end ratio (trafilatura time / (clean + extract
time)) is printed: issue 7 asks for at least 0.3.
"""

from __future__ import annotations

import argparse
import time
from importlib import resources
from pathlib import Path

import trafilatura

from cominer.config import Settings
from cominer.corpus.records import InputError
from cominer.corpus.sources import iter_raw_docs
from cominer.extract.extractor import ExtractConfig, Extractor
from cominer.pipeline import Workers


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, help="folder of pages (default: bundled samples)")
    parser.add_argument("--repeat", type=int, default=5, help="extraction passes (default 5)")
    parser.add_argument("--no-span-model", action="store_true",
                        help="lexicon and rules only (no span model)")
    parser.add_argument("--models-dir", default="", help="model registry folder to read")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    folder = args.pages or Path(str(resources.files("cominer.corpus").joinpath("samples")))
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".html", ".htm", ".txt"))
    settings = Settings()
    workers = Workers.build(settings)
    cfg = ExtractConfig(span_model=not args.no_span_model, models_dir=args.models_dir)
    extractor = Extractor(cfg)
    docs, clean_seconds, traf_seconds, clean_html = [], 0.0, 0.0, 0.0
    html_docs: set[str] = set()
    for item in iter_raw_docs(paths, settings.input):
        if isinstance(item, InputError):
            continue
        workers.cleaner.clean(item)  # warm once (lazy loads), timed below
        t = time.perf_counter()
        doc = workers.cleaner.clean(item)
        clean_seconds += time.perf_counter() - t
        if item.source.endswith((".html", ".htm")):
            clean_html += time.perf_counter() - t
            html_docs.add(doc.doc_id)
            trafilatura.extract(item.data)  # warm once, timed below
            t = time.perf_counter()
            trafilatura.extract(item.data, include_comments=False, include_tables=True)
            traf_seconds += time.perf_counter() - t
        if doc.text:
            docs.append(doc)
    for doc in docs:  # warm-up: lazy loads (segmenters, models) happen here
        extractor.extract(doc)
    seconds: dict[str, float] = {}
    chars: dict[str, int] = {}
    extract_html = 0.0
    for _ in range(args.repeat):
        for doc in docs:
            t = time.perf_counter()
            extractor.extract(doc)
            took = time.perf_counter() - t
            seconds[doc.lang] = seconds.get(doc.lang, 0.0) + took
            extract_html += took if doc.doc_id in html_docs else 0.0
            chars[doc.lang] = chars.get(doc.lang, 0) + len(doc.text)
    print(f"extractor {extractor.version}, {len(docs)} documents, {args.repeat} passes")
    print(f"{'lang':<5} {'chars':>10} {'seconds':>8} {'chars/s':>10}")
    for lang in sorted(chars):
        print(f"{lang:<5} {chars[lang]:>10} {seconds[lang]:>8.3f} "
              f"{chars[lang] / seconds[lang]:>10.0f}")
    total_chars, total_s = sum(chars.values()), sum(seconds.values())
    print(f"{'all':<5} {total_chars:>10} {total_s:>8.3f} {total_chars / total_s:>10.0f}")
    extract_once = total_s / args.repeat
    print(f"clean {clean_seconds:.3f} s, extract {extract_once:.3f} s per pass, "
          f"trafilatura alone {traf_seconds:.3f} s (html pages only)")
    if traf_seconds:
        print(f"end-to-end ratio trafilatura / (clean + extract) on the html pages: "
              f"{traf_seconds / (clean_html + extract_html / args.repeat):.2f}")


if __name__ == "__main__":
    main()
