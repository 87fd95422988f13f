"""The fetcher against a hostile HTTP server this module starts on 127.0.0.1: redirects to
private and file:// targets, names that resolve to loopback, DNS rebinding, endless and
dripping bodies, huge headers, wrong types and charsets, redirect loops. No internet is used:
name lookups are faked in-process and connections anywhere but 127.0.0.1 are refused."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from cominer.config import Settings, with_overrides
from cominer.corpus import fetch as fetch_mod
from cominer.corpus.fetch import FetchConfig, Fetcher
from cominer.corpus.records import InputError, RawDoc
from cominer.pipeline import Workers, run_sources
from cominer.store import KnowledgeStore

ARTICLE = ("<p>Местные компании и жители района вместе проектируют услугу; 社区居民和企业共同参与."
           "</p>")
PAGE = f"<!DOCTYPE html><html><head><title>T</title></head><body>{ARTICLE}</body></html>"
PUBLIC_IP = "93.184.216.34"  # a global address: passes the guard, never really connected to


class Hostile(BaseHTTPRequestHandler):
    server: HostileServer

    def log_message(self, format, *args):
        pass

    def send(self, status, body=b"", headers=(("Content-Type", "text/html; charset=utf-8"),)):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send(302, headers=[("Location", location)])

    def drip(self, chunks, pause):
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass  # the client hung up, as it should

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.hits[path] += 1
        port = self.server.server_port
        routes = {
            "/page.html": lambda: self.send(200, PAGE.encode()),
            "/to-private": lambda: self.redirect("http://10.0.0.1/admin"),
            "/to-metadata": lambda: self.redirect("http://169.254.169.254/latest/meta-data/"),
            "/to-other-loopback": lambda: self.redirect(f"http://127.0.0.2:{port}/page.html"),
            "/to-ipv6-loopback": lambda: self.redirect(f"http://[::1]:{port}/page.html"),
            "/to-loopback-name": lambda: self.redirect(f"http://inside.test:{port}/page.html"),
            "/to-file": lambda: self.redirect("file:///etc/passwd"),
            "/to-gopher": lambda: self.redirect("gopher://127.0.0.1:70/"),
            "/loop-a": lambda: self.redirect("/loop-b"),
            "/loop-b": lambda: self.redirect("/loop-a"),
            "/self": lambda: self.redirect("/self"),
            "/wrong-type": lambda: self.send(200, PAGE.encode(), [("Content-Type", "image/png")]),
            "/octet": lambda: self.send(200, PAGE.encode(),
                                        [("Content-Type", "application/octet-stream")]),
            "/no-type": lambda: self.send(200, PAGE.encode(), []),
            "/wrong-charset": lambda: self.send(
                200, PAGE.encode(), [("Content-Type", "text/html; charset=koi8-r")]),
            "/bogus-charset": lambda: self.send(
                200, PAGE.encode(), [("Content-Type", "text/html; charset=x-no-such-thing")]),
            "/flaky": lambda: self.send(503 if self.server.broken.is_set() else 200,
                                        PAGE.encode()),
        }
        if path in routes:
            routes[path]()
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self.redirect(f"/chain/{n + 1}")
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.drip((b"<p>" + b"x" * 65536 + b"</p>" for _ in range(100_000)), 0)
        elif path in ("/gzip-bomb", "/deflate-bomb"):
            encoding = path[1:].split("-")[0]
            self.send(200, self.server.bombs[encoding],
                      [("Content-Type", "text/html"), ("Content-Encoding", encoding)])
        elif path in ("/gzip-page", "/deflate-page", "/raw-deflate-page"):
            encode = {"/gzip-page": gzip.compress, "/deflate-page": zlib.compress,
                      "/raw-deflate-page": lambda b: zlib.compress(b, wbits=-15)}[path]
            self.send(200, encode(PAGE.encode()),
                      [("Content-Type", "text/html; charset=utf-8"),
                       ("Content-Encoding", "gzip" if path == "/gzip-page" else "deflate")])
        elif path == "/brotli":
            self.send(200, b"\x1b\x00", [("Content-Type", "text/html"),
                                          ("Content-Encoding", "br")])
        elif path == "/drip-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.drip((b"<p>drip</p>" for _ in range(1000)), 0.05)
        elif path == "/drip-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            self.drip((b"X-Slow: %d\r\n" % i for i in range(1000)), 0.05)
        elif path == "/huge-headers":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("X-Huge", "h" * 2_000_000)
            self.end_headers()
            self.wfile.write(PAGE.encode())
        elif path == "/many-headers":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            for i in range(20_000):
                self.send_header(f"X-H{i}", "v")
            self.end_headers()
            self.wfile.write(PAGE.encode())
        else:
            self.send(404, b"not found")


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Hostile)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.broken = threading.Event()
        bomb = b"<p>" + b"\0" * 50_000_000  # 50 MB that compress to about 50 KB
        self.bombs = {"gzip": gzip.compress(bomb, 9), "deflate": zlib.compress(bomb, 9)}
        del bomb

    def handle_error(self, request, client_address):
        pass  # clients hanging up on endless answers is the point, not a server error


@pytest.fixture(scope="module")
def server():
    srv = HostileServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


@pytest.fixture
def base(server):
    return f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def fake_dns(monkeypatch):
    """socket.getaddrinfo with a table of fake names (lists of answers, one per lookup, the
    last repeating); IP literals and real names go to the real resolver."""
    real = socket.getaddrinfo
    table: dict[str, list[str]] = {}
    lookups: Counter[str] = Counter()

    def getaddrinfo(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name in table:
            answers = table[name]
            ip = answers[min(lookups[name], len(answers) - 1)]
            lookups[name] += 1
            family = socket.AF_INET6 if ":" in ip else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (ip, port or 0))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


@pytest.fixture
def connections(monkeypatch):
    """Every address a connection is opened to; only 127.0.0.1 is really connected to."""
    real = socket.create_connection
    seen: list[str] = []

    def create_connection(address, *args, **kwargs):
        host, port = address[:2]
        ip = socket.getaddrinfo(host, port)[0][4][0]  # what the system would connect to
        seen.append(ip)
        if ip != "127.0.0.1":
            raise ConnectionRefusedError(f"test: no network beyond 127.0.0.1 ({ip})")
        return real((ip, port), *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return seen


@pytest.fixture
def server_counts_as_public(monkeypatch):
    """The guard on, with the test server's own address (only that one) taken as public, so
    a first hop reaches it and every later hop is judged for real."""
    real = fetch_mod.address_problem
    monkeypatch.setattr(fetch_mod, "address_problem",
                        lambda ip: None if ip == "127.0.0.1" else real(ip))


def cfg(**kw) -> FetchConfig:
    return FetchConfig(**{"per_host_delay": 0.0, "backoff": 0.01, "retries": 0,
                          "respect_robots": False, **kw})


def reason_of(item) -> str:
    assert isinstance(item, InputError), item
    assert item.stage == "fetch"
    return item.reason


# -- redirects and names that lead inside ----------------------------------------------------


@pytest.mark.parametrize("path, words", [
    ("/to-private", "10.0.0.1 is a private address"),
    ("/to-metadata", "169.254.169.254 is a link-local address"),
    ("/to-other-loopback", "127.0.0.2 is a loopback address"),
    ("/to-ipv6-loopback", "::1 is a loopback address"),
    ("/to-loopback-name", "inside.test resolves to 127.0.0.3, a loopback address"),
    ("/to-file", "only http and https URLs are fetched, not file"),
    ("/to-gopher", "only http and https URLs are fetched, not gopher"),
])
def test_redirects_inside_are_refused(server, base, fake_dns, connections,
                                      server_counts_as_public, path, words):
    fake_dns["inside.test"] = ["127.0.0.3"]
    with Fetcher(cfg()) as f:
        reason = reason_of(f.fetch(f"{base}{path}"))
    assert reason.startswith("refused: redirect to ") and words in reason, reason
    assert set(connections) == {"127.0.0.1"}  # only the first hop was ever connected to


@pytest.mark.parametrize("host, answers", [
    ("evil.test", ["127.0.0.1"]),
    ("evil6.test", ["::1"]),
    ("mapped.test", ["::ffff:127.0.0.1"]),
    ("private.test", ["192.168.0.10"]),
])
def test_names_resolving_inside_are_refused_before_connecting(server, fake_dns, connections,
                                                              host, answers):
    fake_dns[host] = answers
    before = sum(server.hits.values())
    with Fetcher(cfg()) as f:
        reason = reason_of(f.fetch(f"http://{host}:{server.server_port}/page.html"))
    assert reason.startswith(f"refused: {host} resolves to "), reason
    assert connections == [] and sum(server.hits.values()) == before


@pytest.mark.parametrize("host", ["2130706433", "127.1", "0x7f000001", "localhost"])
def test_other_spellings_of_loopback_are_refused(server, connections, host):
    with Fetcher(cfg()) as f:
        item = f.fetch(f"http://{host}:{server.server_port}/page.html")
    reason = reason_of(item)
    assert reason.startswith("refused:") or reason.startswith("cannot resolve"), reason
    assert connections == []


def test_dns_rebinding_connects_to_the_checked_address_only(server, fake_dns, connections):
    """The name answers public to the check, then loopback: the connection must use the
    address that was checked, so the local server is never reached."""
    fake_dns["rebind.test"] = [PUBLIC_IP, "127.0.0.1"]
    url = f"http://rebind.test:{server.server_port}/page.html"
    before = server.hits["/page.html"]
    with Fetcher(cfg()) as f:
        reason = reason_of(f.fetch(url))
    assert "connection failed" in reason
    assert connections == [PUBLIC_IP]
    assert server.hits["/page.html"] == before


def test_without_the_pinned_connection_rebinding_would_get_in(server, fake_dns, connections):
    """The same attack through a plain httpx transport reaches the server: what the test above
    guards against is real."""
    fake_dns["rebind2.test"] = [PUBLIC_IP, "127.0.0.1"]
    url = f"http://rebind2.test:{server.server_port}/page.html"
    with Fetcher(cfg(), transport=httpx.HTTPTransport()) as f:
        assert isinstance(f.fetch(url), RawDoc)
    assert connections == ["127.0.0.1"]


def test_a_host_that_was_not_checked_is_never_connected_to(connections):
    guard = fetch_mod.ConnectGuard(enforce=True)
    with httpx.Client(transport=fetch_mod.guarded_transport(guard)) as client:
        with pytest.raises(httpx.ConnectError, match="was not checked"):
            client.get("http://unchecked.test/")
    assert connections == []


# -- bodies, headers, types ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/endless", "/gzip-bomb", "/deflate-bomb"])
def test_endless_and_bomb_bodies_stop_at_the_cap_in_bounded_memory(base, path):
    with Fetcher(cfg(allow_private=True, max_bytes=1_000_000)) as f:
        tracemalloc.start()
        try:
            reason = reason_of(f.fetch(f"{base}{path}"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert "body over the size cap of 1,000,000 bytes" in reason
    assert peak < 8_000_000  # a few times the cap, never the 50 MB the bombs inflate to


@pytest.mark.parametrize("path", ["/gzip-page", "/deflate-page", "/raw-deflate-page"])
def test_compressed_pages_are_inflated(base, path):
    with Fetcher(cfg(allow_private=True)) as f:
        doc = f.fetch(f"{base}{path}")
    assert isinstance(doc, RawDoc) and doc.data == PAGE.encode()


def test_an_encoding_that_cannot_be_capped_is_refused(base):
    with Fetcher(cfg(allow_private=True)) as f:
        assert "unsupported content encoding 'br'" in reason_of(f.fetch(f"{base}/brotli"))


@pytest.mark.parametrize("path", ["/drip-body", "/drip-headers"])
def test_slow_drips_stop_at_the_total_time_limit(base, path):
    """Each read is quick (so a per-read timeout never fires); the total limit must."""
    with Fetcher(cfg(allow_private=True, timeout=1.0)) as f:
        started = time.monotonic()
        reason = reason_of(f.fetch(f"{base}{path}"))
        elapsed = time.monotonic() - started
    assert "timed out after 1 s" in reason
    assert elapsed < 10  # the drip would go on for 50 s


@pytest.mark.parametrize("path", ["/huge-headers", "/many-headers"])
def test_huge_headers_are_a_recorded_failure(base, path):
    with Fetcher(cfg(allow_private=True)) as f:
        assert "connection failed" in reason_of(f.fetch(f"{base}{path}"))


@pytest.mark.parametrize("path, words", [
    ("/wrong-type", "unsupported content type image/png"),
    ("/octet", "unsupported content type application/octet-stream"),
])
def test_wrong_content_types_are_refused(base, path, words):
    with Fetcher(cfg(allow_private=True)) as f:
        assert words in reason_of(f.fetch(f"{base}{path}"))


@pytest.mark.parametrize("path", ["/no-type", "/wrong-charset", "/bogus-charset"])
def test_missing_or_wrong_charsets_still_decode_the_page(base, cleaner, path):
    with Fetcher(cfg(allow_private=True)) as f:
        doc = f.fetch(f"{base}{path}")
    assert isinstance(doc, RawDoc)
    text = cleaner.clean(doc).text
    assert "Местные компании" in text and "社区居民" in text


@pytest.mark.parametrize("path, words", [
    ("/loop-a", "redirect loop"),
    ("/self", "redirect loop"),
    ("/chain/0", "too many redirects (more than 5)"),
])
def test_redirect_loops_end(base, path, words):
    with Fetcher(cfg(allow_private=True)) as f:
        assert words in reason_of(f.fetch(f"{base}{path}"))


# -- a failed fetch is recorded, then retried by the next run --------------------------------


def test_a_fetch_failure_is_recorded_and_retried_on_the_next_run(tmp_path, server, base,
                                                                 cleaner, extractor):
    settings = with_overrides(Settings(), fetch={"allow_private": True, "per_host_delay": 0.0,
                                                 "retries": 0, "respect_robots": False})
    workers = Workers(cleaner, extractor)
    url = f"{base}/flaky"
    server.broken.set()
    try:
        with KnowledgeStore(tmp_path / "k.db") as store:
            first = run_sources([url], store, settings, workers)
            errors = store.errors(first.run_id)
    finally:
        server.broken.clear()
    assert (first.ok, first.failed) == (0, 1)
    assert [(e["source"], e["stage"], e["reason"]) for e in errors] == [
        (url, "fetch", "HTTP 503")]
    with KnowledgeStore(tmp_path / "k.db") as store:
        second = run_sources([url], store, settings, workers)
        assert (second.ok, second.failed) == (1, 0)
        assert store.errors(second.run_id) == []
        assert store.summary()["documents"] == 1
