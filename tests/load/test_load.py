"""Load on a real `cominer serve --annotate` process (loopback only, bounded): concurrent
searches, page views and annotation writes; no request may fail and no write may be lost.

Bounded: REQUESTS requests, CONCURRENCY at a time, the whole run under TIME_LIMIT_S. The
figures are printed (pytest -s) for the README and the closing note.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from webstore import EN_ID, EN_TEXT, HOSTILE_ID, HOSTILE_TEXT, ZH_ID, ZH_TEXT, fill_store

from cominer.store import KnowledgeStore
from cominer.tokens import Tokens

REQUESTS = 300
WRITES = 100  # one in three requests adds a fact
CONCURRENCY = 12
TIME_LIMIT_S = 20.0
SEARCHES = ["企业", "council", "fund OR 基金", "' OR 1=1 --", "NEAR(", "co-design", "居民"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_spans(count: int) -> list[tuple[str, int, int]]:
    """`count` distinct (doc_id, start, end) spans that cover more than white space."""
    spans = []
    for doc_id, text in ((ZH_ID, ZH_TEXT), (EN_ID, EN_TEXT), (HOSTILE_ID, HOSTILE_TEXT)):
        for start in range(len(text) - 3):
            if text[start:start + 3].strip() and len(spans) < count:
                spans.append((doc_id, start, start + 3))
    assert len(spans) == count
    return spans


@pytest.fixture
def served(tmp_path):
    """`cominer serve --annotate` in its own process on 127.0.0.1 and a free port."""
    db = tmp_path / "load.db"
    fill_store(db)
    with KnowledgeStore(db) as store:
        token = Tokens(store).add_user("loadtester")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", "from cominer.cli import main; main()", "serve", "--annotate",
         "--db", str(db), "--port", str(port), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "CI": ""})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/api/summary", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail(f"cominer serve did not start: {process.communicate()[0]!r}")
        time.sleep(0.1)
    yield {"url": url, "db": db, "token": token}
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def send_all(url: str, token: str) -> tuple[list[tuple[str, int]], list[int]]:
    """Every request once, CONCURRENCY at a time (threads sharing one client, so it also runs
    beside a test that holds an event loop): (what, status) per request, the new fact ids."""
    spans = iter(write_spans(WRITES))
    jobs = []
    for i in range(REQUESTS):
        if i % 3 == 2:
            doc_id, start, end = next(spans)
            jobs.append(("POST", f"/api/documents/{doc_id}/facts",
                         {"type": "actor", "label": "citizen", "start": start, "end": end}))
        elif i % 3 == 1:
            jobs.append(("GET", f"/doc/{(ZH_ID, EN_ID, HOSTILE_ID)[i % 3]}", None))
        else:
            jobs.append(("GET", "/api/facts", {"q": SEARCHES[i % len(SEARCHES)]}))
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=CONCURRENCY)
    with httpx.Client(base_url=url, headers=headers, limits=limits, timeout=15) as client:
        def one(job: tuple[str, str, dict | None]) -> tuple[str, int, int | None]:
            method, path, body = job
            try:
                if method == "POST":
                    answer = client.post(path, json=body)
                else:
                    answer = client.get(path, params=body)
            except httpx.HTTPError as exc:
                return f"{method} {path} {exc!r}", 0, None
            new_id = answer.json()["fact_id"] if answer.status_code == 201 else None
            return f"{method} {path}", answer.status_code, new_id

        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            results = list(pool.map(one, jobs))
    return [(what, status) for what, status, _ in results], \
        [new_id for _, _, new_id in results if new_id is not None]


def test_concurrent_searches_and_writes_lose_nothing(served):
    started = time.monotonic()
    results, new_ids = send_all(served["url"], served["token"])
    elapsed = time.monotonic() - started
    failures = [(what, status) for what, status in results if status not in (200, 201)]
    print(f"\nload: {len(results)} requests ({WRITES} writes), {CONCURRENCY} concurrent, "
          f"{len(failures)} failed, {elapsed:.1f} s, {len(results) / elapsed:.0f} requests/s")
    assert len(results) == REQUESTS and failures == []
    assert elapsed < TIME_LIMIT_S
    assert len(set(new_ids)) == WRITES
    with KnowledgeStore(served["db"], read_only=True) as store:  # every write is there
        human = store.search_facts(source="human", limit=REQUESTS)
        assert sorted(f["fact_id"] for f in human) == sorted(new_ids)
        assert {(f["doc_id"], f["start"], f["end"]) for f in human} == set(write_spans(WRITES))
        assert len(store.fact_history()) == WRITES
        assert store.check() == []
