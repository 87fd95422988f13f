"""Shared helpers of the cleaning benchmarks: data loaders, extractors and scorers.

The benchmark data lives outside the project, in `../shared/bench/` next to the repository
(override with `--data DIR`); nothing of it is copied into the project.

* trafilatura's evaluation (990 pages): `with` snippets must appear in the output, `without`
  snippets must not. Scored exactly as `shared/bench/trafilatura/eval.py`: output and snippets
  whitespace-normalised, case-sensitive substring match, counts summed over pages
  (micro-average), F1 = 2tp / (2tp + fp + fn). The pages come packed in `pages.tar.xz`; they
  are unpacked once into a cache folder (default /tmp/cominer-bench/trafilatura).
* aeb (article-extraction-benchmark, 181 pages): word 4-gram overlap with the reference
  article per page (multiset of n-grams); precision and recall averaged over pages, F1 from
  the averaged precision and recall, as the benchmark reports it.
* zh-cwced (69 Chinese pages): the same overlap with character 5-grams (whitespace dropped,
  the reference text has hard line breaks inside sentences); pages sorted by id, the first 35
  are "tune", the last 34 "held-out".
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cominer.models.evaluate import Counts, f1_score

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
DEFAULT_CACHE = Path("/tmp/cominer-bench")
TUNE_SIZE = 35  # zh-cwced pages (sorted by id) open for tuning; the rest are held out

Extractor = Callable[[bytes], str]


# ---------------------------------------------------------------- command line and data folder
def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """--data, --cache and --limit, shared by every script."""
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"benchmark data folder (default: {DEFAULT_DATA})")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help=f"where pages.tar.xz is unpacked (default: {DEFAULT_CACHE})")
    parser.add_argument("--limit", type=int, default=None,
                        help="use only the first N pages of each set (quick runs)")


def require_data(data: Path, *parts: str) -> Path:
    """The path data/parts…, or exit with a clear message when it is missing."""
    path = data.joinpath(*parts)
    if not path.exists():
        sys.exit(f"benchmark data not found: {path}\n"
                 f"(expected the shared benchmark folder at {data}; pass --data DIR)")
    return path


# ---------------------------------------------------------------- extractors
def describe_versions() -> str:
    """One line naming the versions compared (printed at the top of each report)."""
    import platform

    import trafilatura

    from cominer.corpus.clean import CLEANER_VERSION

    return (f"cominer cleaner {CLEANER_VERSION} (repository {describe_commit()}), "
            f"trafilatura {trafilatura.__version__}, Python {platform.python_version()}")


def describe_commit() -> str:
    """The repository's commit, with "+changes" when tracked files differ from it."""
    root = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "-uno"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return commit + ("+changes" if dirty else "")


def make_trafilatura() -> Extractor:
    """trafilatura alone, as eval.py's built-in `trafilatura` (comments off, tables on)."""
    import trafilatura

    def extract(html: bytes) -> str:
        return trafilatura.extract(html, include_comments=False, include_tables=True) or ""

    return extract


def make_cominer() -> Extractor:
    """cominer's cleaner (trafilatura, then spam/chrome/mojibake cleaning): the clean text."""
    from cominer.corpus.clean import Cleaner
    from cominer.corpus.decode import DecodeError
    from cominer.corpus.records import RawDoc

    cleaner = Cleaner()

    def extract(html: bytes, name: str = "page.html", media_type: str = "html") -> str:
        try:
            return cleaner.clean(RawDoc(source=name, data=html, fetched_at="",
                                        media_type=media_type)).text
        except DecodeError:
            return ""

    return extract


EXTRACTORS: dict[str, Callable[[], Extractor]] = {
    "cominer": make_cominer,
    "trafilatura": make_trafilatura,
}


@dataclass
class RunStats:
    """Outputs of one extractor over a page set, with the time spent inside the calls."""

    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0
    first_error: str | None = None

    @property
    def empty(self) -> int:
        return sum(1 for text in self.outputs if not text)


def run_extractor(extract: Extractor, pages: Iterable[bytes]) -> RunStats:
    """Call `extract` on each page (after a warm-up); a crash counts as empty output."""
    try:
        extract(b"<html><body><p>text</p></body></html>")
    except Exception:  # noqa: BLE001 - the warm-up only loads resources
        pass
    stats = RunStats()
    for html in pages:
        start = time.perf_counter()
        try:
            text = extract(html) or ""
        except Exception as exc:  # noqa: BLE001 - a crash is a miss, as in eval.py
            text = ""
            stats.errors += 1
            stats.first_error = stats.first_error or f"{type(exc).__name__}: {exc}"
        stats.seconds += time.perf_counter() - start
        stats.outputs.append(text)
    return stats


# ---------------------------------------------------------------- trafilatura's 990 pages
@dataclass(frozen=True)
class SnippetPage:
    """One annotated page: the HTML bytes and the snippets that must / must not appear."""

    url: str
    file: str
    html: bytes
    with_: tuple[str, ...]
    without: tuple[str, ...]
    lang: str = "?"


def unpack_trafilatura(data: Path, cache: Path) -> Path:
    """The folder holding eval/ and cache/ of pages.tar.xz, unpacked once into cache."""
    archive = require_data(data, "trafilatura", "pages.tar.xz")
    target = cache / "trafilatura"
    marker = target / ".unpacked"
    if not marker.exists():
        target.mkdir(parents=True, exist_ok=True)
        print(f"unpacking {archive} into {target} …", file=sys.stderr)
        with tarfile.open(archive, "r:xz") as tar:
            tar.extractall(target, filter="data")
        marker.write_text(str(archive) + "\n")
    return target


def load_languages(data: Path) -> dict[str, str]:
    """url → language id of its snippets (lang_survey.json), where the file is there."""
    path = data / "trafilatura" / "lang_survey.json"
    if not path.is_file():
        return {}
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {url: lid for _path, url, _htmllang, lid in rows}


def load_trafilatura_pages(data: Path, cache: Path, limit: int | None = None
                           ) -> list[SnippetPage]:
    """The annotated pages in eval.py's order (sorted by URL)."""
    evaldata = json.loads(require_data(data, "trafilatura", "evaldata.json")
                          .read_text(encoding="utf-8"))
    folder = unpack_trafilatura(data, cache)
    langs = load_languages(data)
    pages = []
    for url in sorted(evaldata)[:limit]:
        item = evaldata[url]
        path = next((folder / sub / item["file"] for sub in ("cache", "eval")
                     if (folder / sub / item["file"]).is_file()), None)
        if path is None:
            sys.exit(f"{url}: HTML file not found in {folder}: {item['file']}")
        pages.append(SnippetPage(url=url, file=item["file"], html=path.read_bytes(),
                                 with_=tuple(item["with"]), without=tuple(item["without"]),
                                 lang=langs.get(url, "?")))
    return pages


# ---------------------------------------------------------------- snippet scoring (== eval.py)
WHITESPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped (eval_common.py)."""
    return WHITESPACE.sub(" ", text).strip()


@dataclass
class SnippetCounts(Counts):
    """tp: with found, fn: with missing, fp: without found, tn: without absent."""

    tn: int = 0

    def add(self, other: SnippetCounts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn



def found_snippets(snippets: Iterable[str], text: str) -> list[bool]:
    """For each snippet: does it occur in text (both whitespace-normalised)?"""
    normed = norm(text)
    return [norm(snippet) in normed for snippet in snippets]


def count_snippets(with_: Iterable[str], without: Iterable[str], text: str) -> SnippetCounts:
    """The counts of one page, as eval.py's count_item (empty output finds nothing)."""
    found_with = found_snippets(with_, text) if text else [False for _ in with_]
    found_without = found_snippets(without, text) if text else [False for _ in without]
    tp = sum(found_with)
    fp = sum(found_without)
    return SnippetCounts(tp=tp, fp=fp, fn=len(found_with) - tp, tn=len(found_without) - fp)


def score_snippet_pages(pages: list[SnippetPage], outputs: list[str]) -> SnippetCounts:
    """Micro-averaged counts over all pages."""
    total = SnippetCounts()
    for page, text in zip(pages, outputs, strict=True):
        total.add(count_snippets(page.with_, page.without, text))
    return total


# ---------------------------------------------------------------- n-gram overlap (aeb, cwced)
WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s+")


def word_tokens(text: str) -> list[str]:
    """Words (Unicode \\w runs), case kept."""
    return WORD.findall(text)


def char_tokens(text: str) -> list[str]:
    """Characters with all whitespace dropped (for Chinese, which has no spaces)."""
    return list(SPACE.sub("", text))


def ngram_counts(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    """Multiset of n-grams; a text shorter than n counts as one short gram."""
    if 0 < len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class Overlap:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)


def ngram_overlap(predicted: str, reference: str, n: int,
                  tokenize: Callable[[str], list[str]]) -> Overlap:
    """Share of predicted n-grams in the reference (precision) and of reference n-grams in
    the prediction (recall), counting repeated n-grams as often as they occur in both.
    An empty prediction scores precision 0 and recall 0."""
    pred = ngram_counts(tokenize(predicted or ""), n)
    true = ngram_counts(tokenize(reference or ""), n)
    common = sum((pred & true).values())
    n_pred, n_true = sum(pred.values()), sum(true.values())
    return Overlap(precision=common / n_pred if n_pred else 0.0,
                   recall=common / n_true if n_true else 0.0)


@dataclass(frozen=True)
class AveragedOverlap:
    pages: int
    precision: float
    recall: float
    mean_page_f1: float

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)


def average_overlap(scores: list[Overlap]) -> AveragedOverlap:
    """Precision and recall averaged over pages (F1 from those), plus mean per-page F1."""
    if not scores:
        return AveragedOverlap(0, 0.0, 0.0, 0.0)
    k = len(scores)
    return AveragedOverlap(pages=k, precision=sum(s.precision for s in scores) / k,
                           recall=sum(s.recall for s in scores) / k,
                           mean_page_f1=sum(s.f1 for s in scores) / k)


@dataclass(frozen=True)
class ReferencePage:
    """A page with its full reference main text."""

    id: str
    html: bytes
    reference: str


def load_aeb(data: Path, limit: int | None = None) -> list[ReferencePage]:
    """aeb pages (html/<id>.html.gz) with ground-truth.json's articleBody, sorted by id."""
    truth = json.loads(require_data(data, "aeb", "ground-truth.json").read_text(encoding="utf-8"))
    folder = require_data(data, "aeb", "html")
    pages = []
    for page_id in sorted(truth)[:limit]:
        html = gzip.decompress((folder / f"{page_id}.html.gz").read_bytes())
        pages.append(ReferencePage(page_id, html, truth[page_id].get("articleBody") or ""))
    return pages


def load_cwced(data: Path) -> list[ReferencePage]:
    """zh-cwced pages (original/<id>.html bytes, as they are) with eval/cleaned_ground.json,
    sorted by id."""
    truth = json.loads(require_data(data, "zh-cwced", "eval", "cleaned_ground.json")
                       .read_text(encoding="utf-8"))
    folder = require_data(data, "zh-cwced", "original")
    return [ReferencePage(page_id, (folder / f"{page_id}.html").read_bytes(),
                          truth[page_id].get("articleBody") or "")
            for page_id in sorted(truth)]


def split_cwced(pages: list[ReferencePage]) -> tuple[list[ReferencePage], list[ReferencePage]]:
    """(tune, held-out): the first 35 pages by id and the remaining 34."""
    return pages[:TUNE_SIZE], pages[TUNE_SIZE:]


def score_aeb(pages: list[ReferencePage], outputs: list[str]) -> list[Overlap]:
    return [ngram_overlap(text, page.reference, 4, word_tokens)
            for page, text in zip(pages, outputs, strict=True)]


def score_cwced(pages: list[ReferencePage], outputs: list[str]) -> list[Overlap]:
    return [ngram_overlap(text, page.reference, 5, char_tokens)
            for page, text in zip(pages, outputs, strict=True)]


# ---------------------------------------------------------------- printing
NUMBER = re.compile(r"^[-+]?[\d.,]+%?$|^-$")


def print_table(header: list[str], rows: list[list[object]]) -> None:
    """A plain text table; floats to 3 places, columns of numbers right-aligned."""
    cells = [[format_cell(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
    numeric = [bool(cells) and all(NUMBER.match(r[i]) for r in cells) for i in range(len(header))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

    print(line(header))
    print(line(["-" * w for w in widths]))
    for row in cells:
        print(line(row))


def format_cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
