"""Batch throughput and memory at scale: one process, 2 worker processes, Dask LocalCluster(2).

Synthesises N pages in the four languages (a quarter each) by recombining the bundled sample
pages (corpus/samples/*.html). Each page is one sample page of its language kept whole, with
its navigation, spam banners, hotlines, inline ads, related lists, comments and footer, and a
new article: the sample's bare article paragraphs (<p> without attributes, 60+ characters,
between the headline and the first related list, comment section, reference list or footer)
are replaced by as many paragraphs, give or take two, drawn at random from all the article
paragraphs of that language's samples, their small numbers (1-3 digits, not years) redrawn,
and the numeric ids in the page's links redrawn. A draw whose article text was already used is
drawn again, so every page is a distinct document with distinct text. Nothing else is tuned.

Then it reports, in one run:

- trafilatura alone (`trafilatura.extract` on the same pages, in this process): the baseline;
- `cominer run` (clean + extract + store into a fresh SQLite file) in one process, with 2 worker
  processes, and on a Dask LocalCluster of 2 workers, each in its own subprocess: docs/s over
  the whole run and after the first batch (start-up excluded), with the ratios to one process;
- the time and characters/s of each step (decode, main text, clean, extract, index, store);
- peak RSS of a single-process run at each N (`--sizes 1000,10000`; read with wait4);
- the same end-to-end ratio on real pages: trafilatura's 990 evaluation pages from the shared
  benchmark folder (`--data`, as bench/clean_speed.py; skipped with a note when it is missing).

Targets (ratios, same machine, same run): end-to-end >= 0.3 x trafilatura alone; 2 workers
>= 1.6 x one; Dask(2) >= 1.5 x one; RSS at the largest N <= 1.2 x at the smallest. On a
machine shared with other work the parallel figures are distorted: say so with the figures.

    python bench/scale.py                      # N = 1,000 and the real pages (~2 minutes)
    python bench/scale.py --sizes 1000,10000   # adds the 10,000-page memory run (~5 minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

LANGS = ("zh", "ru", "vi", "en")
# Where a sample page's article ends: its related list, comments, refs or footer follow.
ARTICLE_END = re.compile(r"</article>|<aside|<section|<footer|class=\"(?:related|similar|"
                         r"comments|footer|refs)")
# Article paragraphs are the bare <p> elements of the article with some text; classed <p>
# (bylines, inline ads, hotlines, comments) and short ones (references) stay where they are.
ARTICLE_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
MIN_PARAGRAPH_CHARS = 60
SMALL_NUMBER = re.compile(r"(?<![\d.,#])\d{1,3}(?![\d.,])")  # counts, shares; not years, not &#39;
LINK_ID = re.compile(r"(href=[\"'][^\"']*?)(\d{3,})")


@dataclass
class SamplePage:
    """A bundled sample page split around its article paragraphs."""

    lang: str
    pieces: list[str]  # text between the paragraphs: len(paragraphs) + 1 pieces
    paragraphs: list[str]  # inner HTML of the article paragraphs


def article_span(page: str) -> tuple[int, int]:
    """Where the article's paragraphs may be: from the first <h1> to the first related
    list, comment section, reference list or footer."""
    start = page.find("</h1>")
    start = 0 if start < 0 else start
    end = ARTICLE_END.search(page, start)
    return start, end.start() if end else len(page)


def split_sample(lang: str, page: str) -> SamplePage:
    start, end = article_span(page)
    pieces, paragraphs, last = [], [], 0
    for match in ARTICLE_PARAGRAPH.finditer(page, start, end):
        if len(re.sub(r"<[^>]+>", "", match.group(1)).strip()) < MIN_PARAGRAPH_CHARS:
            continue
        pieces.append(page[last:match.start(1)])
        paragraphs.append(match.group(1))
        last = match.end(1)
    pieces.append(page[last:])
    return SamplePage(lang, pieces, paragraphs)


def sample_pages() -> dict[str, list[SamplePage]]:
    """The bundled HTML sample pages, by language (from the file name prefix)."""
    folder = resources.files("cominer.corpus").joinpath("samples")
    pages: dict[str, list[SamplePage]] = {lang: [] for lang in LANGS}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".html") and entry.name[:2] in pages:
            page = split_sample(entry.name[:2], entry.read_bytes().decode("utf-8"))
            if page.paragraphs:
                pages[page.lang].append(page)
    return pages


def vary_numbers(text: str, rng: random.Random) -> str:
    """Small numbers (counts, shares, days) drawn again with as many digits; years stay."""
    def redraw(match: re.Match[str]) -> str:
        digits = len(match.group())
        return str(rng.randint(10 ** (digits - 1) if digits > 1 else 1, 10 ** digits - 1))

    return SMALL_NUMBER.sub(redraw, text)


def recombine(template: SamplePage, pool: list[str], rng: random.Random) -> str:
    """The template page (all its chrome, spam and comments) with a new article: as many
    paragraphs, give or take two, drawn from the language's pool in a random order, small
    numbers redrawn, link ids redrawn."""
    count = max(3, len(template.paragraphs) + rng.randint(-2, 2))
    chosen = [vary_numbers(p, rng) for p in rng.sample(pool, k=min(count, len(pool)))]
    slots = len(template.paragraphs)
    parts = [template.pieces[0]]
    for index in range(slots):
        if index == slots - 1:  # the last slot takes every paragraph left over
            parts.append("</p>\n<p>".join(chosen[index:]) if index < len(chosen) else "")
        else:
            parts.append(chosen[index] if index < len(chosen) else "")
        parts.append(template.pieces[index + 1])
    page = "".join(parts).replace("<p></p>", "")
    return LINK_ID.sub(lambda m: m.group(1) + str(rng.randint(10 ** (len(m.group(2)) - 1),
                                                                10 ** len(m.group(2)) - 1)),
                       page)


def synthesise(n: int, out: Path, seed: int = 7) -> list[Path]:
    """Write n distinct pages (a quarter per language) under `out`; reuse them if present.

    Page i is a bundled sample page of its language, whole (navigation, spam blocks,
    hotlines, related lists, comments, footer), whose article paragraphs are replaced by a
    random draw from all the article paragraphs of that language's sample pages (see
    `recombine`). A page whose article text was already drawn is drawn again."""
    out.mkdir(parents=True, exist_ok=True)
    existing = sorted(out.glob("*.html"))
    if len(existing) == n:
        return existing
    samples = sample_pages()
    pools = {lang: [p for page in pages for p in page.paragraphs]
             for lang, pages in samples.items()}
    seen: set[int] = set()
    paths = []
    for i in range(n):
        lang = LANGS[i % len(LANGS)]
        rng = random.Random(seed * 1_000_003 + i)
        template = samples[lang][(i // len(LANGS)) % len(samples[lang])]
        page = recombine(template, pools[lang], rng)
        while hash(ARTICLE_PARAGRAPH.findall(page).__repr__()) in seen:
            page = recombine(template, pools[lang], rng)
        seen.add(hash(ARTICLE_PARAGRAPH.findall(page).__repr__()))
        path = out / f"{i:06d}_{lang}.html"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
    return paths


def trafilatura_alone(paths: list[Path]) -> dict:
    """trafilatura.extract on every page in this process (one untimed warm-up page first)."""
    import trafilatura

    pages = [p.read_bytes() for p in paths]
    trafilatura.extract(pages[0], include_comments=False, include_tables=True)
    chars = 0
    started = time.perf_counter()
    for page in pages:
        chars += len(trafilatura.extract(page, include_comments=False, include_tables=True)
                     or "")
    seconds = time.perf_counter() - started
    return {"docs": len(pages), "seconds": seconds, "docs_per_s": len(pages) / seconds,
            "html_chars": sum(len(p) for p in pages), "out_chars": chars}


def child_run(pages: str, db: str, workers: int, dask: str | None) -> None:
    """In the subprocess: one `cominer run` through the API; the report as JSON on stdout."""
    from cominer.config import Settings
    from cominer.runner import RunOptions, run_batch
    from cominer.store import KnowledgeStore

    with KnowledgeStore(db) as store:
        report = run_batch([pages], store, Settings(), RunOptions(workers=workers, dask=dask))
    print(json.dumps({"ok": report.ok, "failed": report.failed, "facts": report.facts,
                      "wall": report.wall, "seconds": report.seconds, "chars": report.chars,
                      "first_write": report.first_write, "mode": report.mode,
                      "cpu_jobs": report.cpu_jobs, "cpu_main": report.cpu_main}))


def run_child(pages: Path, workers: int, dask: str | None, tmp: Path) -> dict:
    """One cominer run in a fresh subprocess and database; adds its peak RSS (KiB)."""
    db = tmp / f"run-{workers}-{dask or 'pool'}-{time.time_ns()}.db"
    cmd = [sys.executable, __file__, "--child", str(pages), str(db), str(workers),
           dask or ""]
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"cominer run failed ({proc.returncode}): {' '.join(cmd)}")
    result = json.loads(text.strip().splitlines()[-1])
    result["max_rss_kib"] = usage.ru_maxrss  # read for single-process runs only
    docs = result["ok"] + result["failed"]
    result["docs_per_s"] = docs / result["wall"]
    at, first = result["first_write"] or (0.0, 0)
    result["steady_docs_per_s"] = (docs - first) / max(result["wall"] - at, 1e-9)
    return result


def print_report(n: int, traf: dict, runs: dict[str, dict], rss: dict[int, int],
                 loaded: str) -> None:
    one = runs["1 process"]
    print(f"\n## cominer scale benchmark, N = {n:,} pages ({os.cpu_count()} CPUs; load "
          f"average at start {loaded})\n")
    print(f"{'run':<22}{'docs/s':>9}{'steady':>9}{'x 1 proc':>10}{'x traf':>8}{'wall s':>9}"
          f"{'CPU ms/doc':>12}{'2-core bound':>14}")
    print(f"{'trafilatura alone':<22}{traf['docs_per_s']:>9.1f}{'':>9}{'':>10}{1.0:>8.2f}"
          f"{traf['seconds']:>9.1f}{1000 * traf['seconds'] / traf['docs']:>12.1f}")
    one_cpu = one["cpu_jobs"] + one["cpu_main"]
    for name, r in runs.items():
        docs = r["ok"] + r["failed"]
        cpu = r["cpu_jobs"] + r["cpu_main"]
        # Two idle cores finish no sooner than half the CPU work, nor before the main
        # process's own share (reading, planning, writing) is done.
        bound = (f"{one_cpu / max(cpu / 2, r['cpu_main']):.2f}" if r is not one else "")
        print(f"{name:<22}{r['docs_per_s']:>9.1f}{r['steady_docs_per_s']:>9.1f}"
              f"{r['steady_docs_per_s'] / one['steady_docs_per_s']:>10.2f}"
              f"{r['docs_per_s'] / traf['docs_per_s']:>8.2f}{r['wall']:>9.1f}"
              f"{1000 * cpu / docs:>12.1f}{bound:>14}")
    print("\n(docs/s: whole run including start-up; steady: after the first batch; "
          "x 1 proc compares steady rates;\n CPU ms/doc: CPU time of the documents' work in "
          "the workers plus the main process's own, start-up\n excluded; 2-core bound: the "
          "speed-up over one process that two idle cores would allow)")
    print(f"\nsteps, one process ({one['ok']} stored, {one['failed']} failed, "
          f"{one['facts']} facts):")
    total = sum(one["seconds"].values())
    print(f"{'step':<11}{'seconds':>9}{'share':>7}{'chars/s':>13}")
    for step, secs in one["seconds"].items():
        chars = one["chars"].get(step, 0)
        rate = f"{chars / secs:,.0f}" if secs and chars else "-"
        print(f"{step:<11}{secs:>9.2f}{secs / total:>7.0%}{rate:>13}")
    print(f"{'trafilatura':<11}{traf['seconds']:>9.2f}{'':>7}"
          f"{traf['html_chars'] / traf['seconds']:>13,.0f}  (alone, HTML chars/s)")
    print("\npeak RSS of a single-process run:")
    for size, kib in sorted(rss.items()):
        print(f"  N = {size:>6,}: {kib / 1024:.0f} MiB")
    if len(rss) > 1:
        sizes = sorted(rss)
        print(f"  ratio N={sizes[-1]:,} / N={sizes[0]:,}: {rss[sizes[-1]] / rss[sizes[0]]:.2f}")
    two, dask = runs.get("2 worker processes"), runs.get("Dask LocalCluster(2)")
    print("\ntargets:")
    print(f"  end-to-end / trafilatura alone  {one['docs_per_s'] / traf['docs_per_s']:.2f}"
          "  (>= 0.3)")
    if two:
        print(f"  2 workers / 1 process (steady)  "
              f"{two['steady_docs_per_s'] / one['steady_docs_per_s']:.2f}  (>= 1.6)")
    if dask:
        print(f"  Dask(2) / 1 process (steady)    "
              f"{dask['steady_docs_per_s'] / one['steady_docs_per_s']:.2f}  (>= 1.5)")
    if len(rss) > 1:
        sizes = sorted(rss)
        print(f"  RSS({sizes[-1]:,}) / RSS({sizes[0]:,})        "
              f"{rss[sizes[-1]] / rss[sizes[0]]:.2f}  (<= 1.2)")


def main(argv: list[str] | None = None) -> None:
    from snippets import DEFAULT_DATA  # next to this file (bench/ is on sys.path)

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000",
                        help="comma-separated page counts; throughput runs use the first, "
                             "every size gets a peak-RSS run (default 1000)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/cominer-scale"),
                        help="where the synthetic pages are written (reused)")
    parser.add_argument("--skip", default="",
                        help="comma-separated runs to leave out: pool, dask, trafilatura, real")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the shared benchmark folder, for the real-pages line "
                             f"(default: {DEFAULT_DATA})")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    skip = set(args.skip.split(","))
    loaded = " ".join(f"{x:.1f}" for x in os.getloadavg())
    n = sizes[0]
    pages = args.cache / f"recombined-{n}"
    paths = synthesise(n, pages)
    traf = (trafilatura_alone(paths) if "trafilatura" not in skip
            else {"docs_per_s": float("nan"), "seconds": float("nan"), "html_chars": 0,
                  "docs": n})
    with tempfile.TemporaryDirectory(prefix="cominer-scale-") as tmp_name:
        tmp = Path(tmp_name)
        runs = {"1 process": run_child(pages, 1, None, tmp)}
        rss = {n: runs["1 process"]["max_rss_kib"]}
        if "pool" not in skip:
            runs["2 worker processes"] = run_child(pages, 2, None, tmp)
        if "dask" not in skip:
            runs["Dask LocalCluster(2)"] = run_child(pages, 2, "local", tmp)
        for size in sizes[1:]:
            big = args.cache / f"recombined-{size}"
            synthesise(size, big)
            rss[size] = run_child(big, 1, None, tmp)["max_rss_kib"]
        real = None
        if "real" not in skip:
            real_pages = write_real_pages(args.data, args.cache)
            if real_pages is not None:
                real = (trafilatura_alone(sorted(real_pages.glob("*.html"))),
                        run_child(real_pages, 1, None, tmp))
    print_report(n, traf, runs, rss, loaded)
    if "real" in skip:
        print("\nreal pages: skipped (--skip real)")
    else:
        print_real(real, args.data)


def write_real_pages(data: Path, cache: Path) -> Path | None:
    """trafilatura's 990 evaluation pages as files (for `cominer run`), or None without the
    shared benchmark folder."""
    if not (data / "trafilatura" / "pages.tar.xz").is_file():
        return None
    from snippets import load_trafilatura_pages

    folder = cache / "trafilatura-990"
    if len(list(folder.glob("*.html"))) != 990:
        folder.mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(load_trafilatura_pages(data, cache)):
            (folder / f"{i:04d}.html").write_bytes(page.html)
    return folder


def print_real(real: tuple[dict, dict] | None, data: Path) -> None:
    """The end-to-end ratio on real pages: trafilatura's evaluation set."""
    if real is None:
        print(f"\nreal pages: skipped (no {data / 'trafilatura' / 'pages.tar.xz'}; --data DIR)")
        return
    traf, one = real
    docs = one["ok"] + one["failed"]
    print(f"\nreal pages (trafilatura's evaluation set: {traf['docs']} pages, "
          f"{traf['html_chars'] / 1e6:.0f} MB of HTML, mostly German and English):")
    print(f"  trafilatura alone  {traf['docs_per_s']:7.1f} docs/s")
    print(f"  cominer, 1 process {one['docs_per_s']:7.1f} docs/s (steady "
          f"{one['steady_docs_per_s']:.1f}; {one['ok']} stored, {one['failed']} failed, "
          f"{one['facts']} facts, {docs} docs)")
    print(f"  end-to-end / trafilatura alone  {one['docs_per_s'] / traf['docs_per_s']:.2f}"
          f"  (steady {one['steady_docs_per_s'] / traf['docs_per_s']:.2f}; target >= 0.3)")
    total = sum(one["seconds"].values())
    print("  steps: " + ", ".join(f"{step} {secs:.1f} s ({secs / total:.0%})"
                                  for step, secs in one["seconds"].items()))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_run(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] or None)
    else:
        main()
