"""THE kill-and-resume test: `kill -9` a real `cominer run` at random points, run the same
command again, and the store must equal an uninterrupted run's, every column but run ids and
timestamps, in every round."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from click.testing import CliRunner

from cominer.cli import main
from cominer.store import KnowledgeStore

from runcorpus import differences, dump_store, write_corpus

ROUNDS = 10
SEED = int(os.environ.get("COMINER_KILL_SEED", "20261125"))
RUN_CLI = "from cominer.cli import main; main()"


def committed(db) -> int:
    """Sources plus errors committed so far (0 while the file or its schema is not there)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
        try:
            return conn.execute("SELECT (SELECT count(*) FROM sources) "
                                "+ (SELECT count(*) FROM errors)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def run_and_kill(args: list[str], db, after: int, delay: float) -> None:
    """Start `cominer run`, kill -9 its process group once `after` items are committed (plus
    `delay` s, so kills land inside batches too)."""
    proc = subprocess.Popen([sys.executable, "-c", RUN_CLI, *args], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None and committed(db) < after:
            time.sleep(0.005)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:  # pragma: no cover - only if the wait above failed
            os.killpg(proc.pid, signal.SIGKILL)


def run_statuses(db) -> list[str]:
    if not db.exists():
        return []
    with KnowledgeStore(db) as store:
        return [r[0] for r in store.conn.execute("SELECT status FROM runs ORDER BY run_id")]


def test_kill_anywhere_then_resume_gives_the_uninterrupted_store(samples_dir, tmp_path):
    corpus = write_corpus(samples_dir, tmp_path / "corpus", every=3)
    common = [str(corpus), "--batch-size", "2", "--workers", "1", "-q"]
    reference = tmp_path / "reference.db"
    result = CliRunner().invoke(main, ["run", *common, "--db", str(reference)])
    assert result.exit_code == 1, result.output  # broken.html, recorded
    expected = dump_store(reference)
    items = len(expected["sources"]) + len(expected["errors"])
    rng = random.Random(SEED)
    landed = attempts = 0
    while landed < ROUNDS and attempts < ROUNDS + 10:
        attempts += 1
        db = tmp_path / f"round{attempts}.db"
        args = ["run", *common, "--db", str(db)]
        # Kill anywhere from start-up to the last batches (a kill after the final commit
        # would test nothing: such a round is run again, up to 10 times in all; the margin
        # of 10 items leaves a fast run on a busy machine time to be caught mid-run).
        after = rng.randrange(0, items - 10)
        run_and_kill(args, db, after, rng.uniform(0, 0.03))
        killed_mid_run = run_statuses(db) != ["finished"]
        landed += killed_mid_run
        result = CliRunner().invoke(main, args)  # the same command again
        assert result.exit_code == 1, result.output
        assert differences(expected, dump_store(db)) == [], (
            f"round {attempts} (seed {SEED}, killed after {after} items)")
        with KnowledgeStore(db) as store:
            assert store.check() == []
        statuses = run_statuses(db)
        # The killed run is marked interrupted by the next one (unless it had finished).
        assert statuses[-1] == "finished"
        assert set(statuses[:-1]) <= ({"interrupted"} if killed_mid_run else {"finished"})
    assert landed == ROUNDS, f"only {landed} of {attempts} kills landed mid-run"
