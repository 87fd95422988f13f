"""Cleaning quality: cominer's cleaner against trafilatura alone, on the same pages, same run.

Sets (choose with --only):
  traf    trafilatura's 990 annotated pages: `with` snippets must appear, `without` snippets
          must not; micro-averaged P/R/F1 exactly as shared/bench/trafilatura/eval.py.
          Target: cominer not below trafilatura (trafilatura 2.3.1 alone ≈ 0.926).
  aeb     article-extraction-benchmark, 181 pages: word 4-gram overlap with the reference
          article, averaged per page (trafilatura alone ≈ 0.960).
  cwced   zh-cwced, 69 Chinese pages: character 5-gram overlap, averaged per page; printed for
          the 35 "tune" pages, the 34 "held-out" pages and all (trafilatura alone ≈ 0.73-0.75).
  sample  the bundled sample corpus (cominer/corpus/samples/) against its own cleaning gold
          (cominer.annotations.gold): share of `keep` snippets kept and of `remove` snippets
          removed. trafilatura alone gets the .txt documents as their plain text.

`--dump FILE` writes one JSON line per page and tool with the missed `with` snippets and the
`without` snippets found (traf, sample) or the per-page overlap (aeb, cwced), for error analysis.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import TextIO

from snippets import (
    EXTRACTORS,
    Overlap,
    ReferencePage,
    SnippetPage,
    add_common_arguments,
    average_overlap,
    count_snippets,
    describe_versions,
    found_snippets,
    load_aeb,
    load_cwced,
    load_trafilatura_pages,
    print_table,
    run_extractor,
    score_aeb,
    score_cwced,
    score_snippet_pages,
    split_cwced,
)

SETS = ("traf", "aeb", "cwced", "sample")
TOOLS = ("cominer", "trafilatura")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser)
    parser.add_argument("--only", default=",".join(SETS),
                        help=f"comma-separated sets to run (default: {','.join(SETS)})")
    parser.add_argument("--dump", type=Path, default=None,
                        help="write per-page details (JSON lines) to this file")
    args = parser.parse_args(argv)
    args.sets = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.sets) - set(SETS)
    if unknown:
        parser.error(f"unknown set(s) {', '.join(sorted(unknown))}; choose from {', '.join(SETS)}")
    return args


def write_dump(dump: TextIO | None, record: dict) -> None:
    if dump is not None:
        dump.write(json.dumps(record, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- trafilatura's 990 pages
def snippet_record(page: SnippetPage, tool: str, text: str) -> dict:
    """Per-page detail: counts, the `with` snippets missed and the `without` snippets found."""
    counts = count_snippets(page.with_, page.without, text)
    with_found = found_snippets(page.with_, text) if text else [False] * len(page.with_)
    without_found = found_snippets(page.without, text) if text else [False] * len(page.without)
    return {"set": "traf", "tool": tool, "page": page.file, "url": page.url, "lang": page.lang,
            "tp": counts.tp, "fp": counts.fp, "fn": counts.fn, "chars": len(text),
            "missed_with": [s for s, f in zip(page.with_, with_found, strict=True) if not f],
            "found_without": [s for s, f in zip(page.without, without_found, strict=True) if f]}


def bench_traf(args: argparse.Namespace, dump: TextIO | None) -> None:
    pages = load_trafilatura_pages(args.data, args.cache, args.limit)
    rows = []
    for tool in TOOLS:
        stats = run_extractor(EXTRACTORS[tool](), [p.html for p in pages])
        total = score_snippet_pages(pages, stats.outputs)
        if dump is not None:
            for page, text in zip(pages, stats.outputs, strict=True):
                write_dump(dump, snippet_record(page, tool, text))
        rows.append([tool, len(pages), total.f1, total.precision, total.recall,
                     total.tp, total.fp, total.fn, total.tn, stats.empty, stats.errors])
    print(f"\n## trafilatura evaluation ({len(pages)} pages; snippets, micro-averaged)")
    print_table(["tool", "pages", "F1", "P", "R", "tp", "fp", "fn", "tn", "empty", "errors"],
                rows)


# ---------------------------------------------------------------- aeb and zh-cwced
def overlap_row(label: str, tool: str, scores: list[Overlap], empty: int) -> list[object]:
    avg = average_overlap(scores)
    return [label, tool, avg.pages, avg.f1, avg.precision, avg.recall, avg.mean_page_f1, empty]


def run_reference_set(name: str, pages: list[ReferencePage], scorer, dump: TextIO | None
                      ) -> dict[str, tuple[list[Overlap], list[str]]]:
    """tool → (per-page overlaps, outputs)."""
    results = {}
    for tool in TOOLS:
        stats = run_extractor(EXTRACTORS[tool](), [p.html for p in pages])
        scores = scorer(pages, stats.outputs)
        for page, score, text in zip(pages, scores, stats.outputs, strict=True):
            write_dump(dump, {"set": name, "tool": tool, "page": page.id,
                              "precision": round(score.precision, 4),
                              "recall": round(score.recall, 4), "chars": len(text),
                              "reference_chars": len(page.reference)})
        results[tool] = (scores, stats.outputs)
    return results


OVERLAP_HEADER = ["pages", "tool", "n", "F1", "P", "R", "mean page F1", "empty"]


def bench_aeb(args: argparse.Namespace, dump: TextIO | None) -> None:
    pages = load_aeb(args.data, args.limit)
    results = run_reference_set("aeb", pages, score_aeb, dump)
    print(f"\n## aeb ({len(pages)} pages; word 4-gram overlap, averaged per page)")
    print_table(OVERLAP_HEADER, [
        overlap_row("all", tool, scores, sum(1 for t in outputs if not t))
        for tool, (scores, outputs) in results.items()])


def bench_cwced(args: argparse.Namespace, dump: TextIO | None) -> None:
    pages = load_cwced(args.data)
    tune, held_out = split_cwced(pages)
    if args.limit is not None:
        tune, held_out = tune[:args.limit], held_out[:args.limit]
    pages = tune + held_out
    results = run_reference_set("cwced", pages, score_cwced, dump)
    rows = []
    for label, part in (("tune", slice(0, len(tune))), ("held-out", slice(len(tune), None)),
                        ("all", slice(None))):
        for tool, (scores, outputs) in results.items():
            rows.append(overlap_row(label, tool, scores[part],
                                    sum(1 for t in outputs[part] if not t)))
    print(f"\n## zh-cwced ({len(pages)} pages; character 5-gram overlap, averaged per page)")
    print_table(OVERLAP_HEADER, rows)


# ---------------------------------------------------------------- bundled sample corpus
def sample_folder() -> Path:
    return Path(str(resources.files("cominer.corpus").joinpath("samples")))


def sample_outputs(documents: list[str], folder: Path) -> dict[str, dict[str, str]]:
    """tool → document → text. trafilatura alone passes .txt documents through unchanged."""
    cominer = EXTRACTORS["cominer"]()
    trafilatura = EXTRACTORS["trafilatura"]()
    outputs: dict[str, dict[str, str]] = {tool: {} for tool in TOOLS}
    for document in documents:
        data = (folder / document).read_bytes()
        is_text = document.endswith(".txt")
        outputs["cominer"][document] = cominer(data, document, "text" if is_text else "html")
        outputs["trafilatura"][document] = (data.decode("utf-8", "replace") if is_text
                                            else trafilatura(data))
    return outputs


def bench_sample(args: argparse.Namespace, dump: TextIO | None) -> None:
    from cominer.annotations.gold import load_gold

    gold = load_gold().cleaning[:args.limit]
    folder = sample_folder()
    if not folder.is_dir():
        sys.exit(f"sample corpus not found: {folder}")
    outputs = sample_outputs([g.document for g in gold], folder)
    rows = []
    for tool in TOOLS:
        kept = n_keep = removed = n_remove = 0
        for item in gold:
            text = outputs[tool][item.document]
            keep_found = found_snippets(item.keep, text)
            remove_found = found_snippets(item.remove, text)
            kept += sum(keep_found)
            n_keep += len(keep_found)
            removed += len(remove_found) - sum(remove_found)
            n_remove += len(remove_found)
            write_dump(dump, {
                "set": "sample", "tool": tool, "page": item.document,
                "lost_keep": [s for s, f in zip(item.keep, keep_found, strict=True) if not f],
                "left_remove": [s for s, f in zip(item.remove, remove_found, strict=True)
                                if f]})
        rows.append([tool, len(gold), kept / n_keep if n_keep else 0.0, f"{kept}/{n_keep}",
                     removed / n_remove if n_remove else 0.0, f"{removed}/{n_remove}"])
    print(f"\n## sample corpus ({len(gold)} documents; bundled cleaning gold)")
    print_table(["tool", "docs", "keep kept", "(n)", "remove removed", "(n)"], rows)


BENCHES = {"traf": bench_traf, "aeb": bench_aeb, "cwced": bench_cwced, "sample": bench_sample}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    print(describe_versions())
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    try:
        for name in args.sets:
            BENCHES[name](args, dump)
    finally:
        if dump is not None:
            dump.close()


if __name__ == "__main__":
    main()
