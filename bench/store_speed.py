"""The single writer's cost per document: what a parallel run's main process spends on each.

Processes the pages once in this process (as a pool worker would, chunks of 4), keeps each
chunk's outcomes pickled as they travel back from a worker, then times, in CPU ms per document:
unpickling them, and writing them with the runner's BatchWriter into a fresh SQLite file
(`--batch` documents per transaction), with each SQL statement's share. The pages default to
the recombined corpus bench/scale.py writes (run it once first), else any folder of pages.

    python bench/store_speed.py                          # 1,000 recombined pages
    python bench/store_speed.py --pages corpus/samples --repeat 3
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from cominer.config import load_settings
from cominer.pipeline import RunReport
from cominer.runner import BatchWriter, Job, iter_run_inputs, process_chunk
from cominer.store import KnowledgeStore


class TimedConnection:
    """An sqlite3 connection that adds each statement's CPU time to `cpu[statement]`."""

    def __init__(self, conn: Any, cpu: dict[str, float]) -> None:
        self._conn = conn
        self.cpu = cpu

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def _timed(self, method: str, sql: str, *args: Any) -> Any:
        started = time.process_time()
        result = getattr(self._conn, method)(sql, *args)
        self.cpu[f"{method:<11} {' '.join(sql.split())[:60]}"] += time.process_time() - started
        return result

    def execute(self, sql: str, *args: Any) -> Any:
        return self._timed("execute", sql, *args)

    def executemany(self, sql: str, *args: Any) -> Any:
        return self._timed("executemany", sql, *args)


def pickled_chunks(pages: Path, limit: int) -> list[bytes]:
    """Each chunk of 4 documents' outcomes, pickled as a pool worker sends them."""
    settings = load_settings(None)
    items = list(itertools.islice(iter_run_inputs([pages], settings), limit))
    chunks = []
    for i in range(0, len(items), 4):
        jobs = [Job(item.source, raw=item) for item in items[i:i + 4]]
        chunks.append(pickle.dumps(process_chunk(jobs, settings),
                                   protocol=pickle.HIGHEST_PROTOCOL))
    return chunks


def write_once(chunks: list[bytes], db: Path, batch: int,
               cpu: dict[str, float] | None = None) -> tuple[float, float, int]:
    """(unpickle CPU s, write CPU s, documents) of one pass into a fresh store."""
    with KnowledgeStore(db) as store:
        if cpu is not None:
            store.conn = TimedConnection(store.conn, cpu)
        run_id = store.start_run(cleaner_version="c", extractor_version="e", config_hash="h",
                                 args={})
        writer = BatchWriter(store, RunReport(run_id), batch, None)
        started = time.process_time()
        outcomes = [pickle.loads(chunk) for chunk in chunks]
        unpickled = time.process_time()
        for chunk in outcomes:
            writer.add(chunk)
        writer.flush()
        return unpickled - started, time.process_time() - unpickled, sum(map(len, outcomes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=Path("/tmp/cominer-scale/recombined-1000"))
    parser.add_argument("--limit", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument("--batch", type=int, default=50, help="documents per transaction")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (default 3)")
    args = parser.parse_args()
    chunks = pickled_chunks(args.pages, args.limit)
    with tempfile.TemporaryDirectory(prefix="cominer-store-speed-") as tmp:
        passes = [write_once(chunks, Path(tmp) / f"pass{i}.db", args.batch)
                  for i in range(args.repeat)]
        cpu: dict[str, float] = defaultdict(float)
        write_once(chunks, Path(tmp) / "statements.db", args.batch, cpu)
    docs = passes[0][2]
    print(f"{docs} documents from {args.pages}, {sum(map(len, chunks)) / docs:,.0f} pickled "
          f"bytes each, {args.batch} per transaction; CPU ms per document:")
    for unpickle, write, _ in passes:
        print(f"  unpickle {1000 * unpickle / docs:6.3f}   write {1000 * write / docs:6.3f}")
    print("statements (one pass, timed):")
    for statement, secs in sorted(cpu.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {1000 * secs / docs:6.3f}  {statement}")


if __name__ == "__main__":
    main()
