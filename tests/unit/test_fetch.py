"""Fetching against a real HTTP server on 127.0.0.1 (random port); no internet is used."""

import gzip
import threading
import time
from collections import Counter
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from cominer.corpus import fetch as fetch_mod
from cominer.corpus.fetch import (
    FetchConfig,
    Fetcher,
    address_problem,
    expand_url,
    is_url,
    iter_url_docs,
    parse_listing,
)
from cominer.corpus.records import InputError, RawDoc

PAGE = b"<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello page</p></body></html>"
NOTE = "Plain note, 中文.".encode()


def urlset(*urls: str) -> bytes:
    items = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>').encode()


def sitemap_index(*urls: str) -> bytes:
    items = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>').encode()


class Handler(BaseHTTPRequestHandler):
    server: "Server"

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location, status=302):
        self.send(status, headers=[("Location", location)])

    def do_GET(self):
        with self.server.lock:
            self.server.hits[self.path] += 1
            hits = self.server.hits[self.path]
        host = self.headers["Host"]
        base = f"http://{host}"
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            if host.startswith("127.0.0.1"):  # "localhost" is a second host without robots.txt
                self.send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
            else:
                self.send(404, b"not found")
        elif path in ("/page.html", "/private/page.html"):
            self.send(200, PAGE)
        elif path == "/note.txt":
            self.send(200, NOTE, "text/plain; charset=utf-8")
        elif path == "/xhtml":
            self.send(200, PAGE, "application/xhtml+xml")
        elif path == "/doc.pdf":
            self.send(200, b"%PDF-1.4 ...", "application/pdf")
        elif path == "/flaky":
            if hits == 1:
                self.send(500, b"oops")
            else:
                self.send(200, PAGE)
        elif path == "/always500":
            self.send(500, b"oops")
        elif path == "/busy":
            self.send(429, b"slow down", headers=[("Retry-After", "0")])
        elif path == "/redirect":
            self.redirect("/page.html")
        elif path == "/redirect-file":
            self.redirect("file:///etc/passwd")
        elif path == "/redirect-loopback":
            self.redirect(f"http://127.0.0.1:{self.server.server_port}/page.html")
        elif path == "/redirect-ten":
            self.redirect("http://10.0.0.1/admin", status=301)
        elif path == "/loop-a":
            self.redirect("/loop-b")
        elif path == "/loop-b":
            self.redirect("/loop-a")
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self.redirect(f"/chain/{n - 1}" if n else "/page.html")
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(2000):  # the client hangs up long before this
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except OSError:
                pass
        elif path == "/declared-big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000000")
            self.end_headers()
            self.wfile.write(b"<p>start</p>")
        elif path == "/slow":
            time.sleep(1.5)
            self.send(200, PAGE)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b"<p>drip</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif path == "/sitemap.xml":
            self.send(200, urlset(f"{base}/page.html", f"{base}/note.txt"), "application/xml")
        elif path == "/sitemap2.xml.gz":
            self.send(200, gzip.compress(urlset(f"{base}/xhtml")), "application/x-gzip")
        elif path == "/sitemap-index.xml":
            self.send(200, sitemap_index(f"{base}/sitemap.xml", f"{base}/sitemap2.xml.gz"),
                      "text/xml")
        elif path == "/index-loop.xml":
            self.send(200, sitemap_index(f"{base}/index-loop.xml"), "application/xml")
        elif path == "/feed.rss":
            self.send(200, (
                '<?xml version="1.0"?><rss version="2.0" '
                'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>F</title>'
                f'<atom:link href="{base}/feed.rss" rel="self"/>'
                f"<item><title>A</title><link>{base}/page.html</link></item>"
                f'<item><title>B</title><guid isPermaLink="true">{base}/note.txt</guid></item>'
                "</channel></rss>").encode(), "application/rss+xml")
        elif path == "/atom.xml":
            self.send(200, (
                b'<?xml version="1.0" encoding="utf-8"?>'
                b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>1</title>'
                b'<link rel="alternate" href="/page.html"/></entry>'
                b'<entry><title>2</title><link href="note.txt"/></entry></feed>'),
                "application/atom+xml")
        else:
            self.send(404, b"not found")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()


@pytest.fixture(scope="module")
def server():
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def base(server):
    return f"http://127.0.0.1:{server.server_port}"


def local_cfg(**kw):
    kw = {"allow_private": True, "per_host_delay": 0.0, "backoff": 0.01, **kw}
    return FetchConfig(**kw)


@pytest.fixture
def fetcher():
    with Fetcher(local_cfg()) as f:
        yield f


def error_reason(item):
    assert isinstance(item, InputError), item
    assert item.stage == "fetch"
    return item.reason


def test_is_url():
    assert is_url("http://example.com/") and is_url("HTTPS://example.com/a")
    assert not is_url("file:///etc/passwd") and not is_url("pages/a.html") and not is_url("http")


def test_html_and_text_pages(fetcher, base):
    doc = fetcher.fetch(f"{base}/page.html")
    assert isinstance(doc, RawDoc)
    assert (doc.source, doc.data, doc.media_type) == (f"{base}/page.html", PAGE, "html")
    assert datetime.fromisoformat(doc.fetched_at).utcoffset().total_seconds() == 0
    text = fetcher.fetch(f"{base}/note.txt")
    assert (text.media_type, text.data) == ("text", NOTE)
    assert fetcher.fetch(f"{base}/xhtml").media_type == "html"


def test_unsupported_type_and_http_errors(fetcher, base):
    assert "application/pdf" in error_reason(fetcher.fetch(f"{base}/doc.pdf"))
    assert "application/xml" in error_reason(fetcher.fetch(f"{base}/sitemap.xml"))
    assert error_reason(fetcher.fetch(f"{base}/missing")) == "HTTP 404"


def test_server_error_is_retried(fetcher, base, server):
    doc = fetcher.fetch(f"{base}/flaky")
    assert isinstance(doc, RawDoc) and doc.data == PAGE
    assert server.hits["/flaky"] == 2


def test_retries_give_up(base, server):
    with Fetcher(local_cfg(retries=1)) as f:
        assert error_reason(f.fetch(f"{base}/always500")) == "HTTP 500 (after 2 attempts)"
        assert error_reason(f.fetch(f"{base}/busy")) == "HTTP 429 (after 2 attempts)"
    assert server.hits["/always500"] == 2 and server.hits["/busy"] == 2


def test_redirects(fetcher, base):
    doc = fetcher.fetch(f"{base}/redirect")
    assert isinstance(doc, RawDoc) and doc.source == f"{base}/redirect" and doc.data == PAGE
    assert fetcher.fetch(f"{base}/chain/3").data == PAGE
    assert error_reason(fetcher.fetch(f"{base}/loop-a")) == f"redirect loop at {base}/loop-a"
    assert error_reason(fetcher.fetch(f"{base}/chain/9")) == "too many redirects (more than 5)"


def test_redirect_to_file_is_refused(fetcher, base):
    reason = error_reason(fetcher.fetch(f"{base}/redirect-file"))
    assert reason.startswith("refused: redirect to file:")
    assert "only http and https" in reason


def test_non_http_urls_are_refused(fetcher):
    for url in ("file:///etc/passwd", "ftp://example.com/x"):
        assert "only http and https" in error_reason(fetcher.fetch(url))


def test_endless_body_stops_at_the_cap(base):
    with Fetcher(local_cfg(max_bytes=100_000)) as f:
        start = time.monotonic()
        assert error_reason(f.fetch(f"{base}/endless")) == "body over the size cap of 100,000 bytes"
        assert error_reason(f.fetch(f"{base}/declared-big")).startswith("body over the size cap")
        assert time.monotonic() - start < 5


def test_slow_responses_time_out(base):
    with Fetcher(local_cfg(timeout=0.3, retries=0)) as f:
        start = time.monotonic()
        assert error_reason(f.fetch(f"{base}/slow")) == "timed out after 0.3 s"
        assert error_reason(f.fetch(f"{base}/drip")) == "timed out after 0.3 s"  # total limit
        assert time.monotonic() - start < 1.5


def test_robots_txt(base, server):
    with Fetcher(local_cfg()) as f:
        before = server.hits["/robots.txt"]
        assert isinstance(f.fetch(f"{base}/page.html"), RawDoc)
        reason = error_reason(f.fetch(f"{base}/private/page.html"))
        assert reason == f"robots.txt disallows {base}/private/page.html"
        assert server.hits["/robots.txt"] - before == 1  # cached per host
        other = f"http://localhost:{server.server_port}/private/page.html"
        assert isinstance(f.fetch(other), RawDoc)  # that host's robots.txt is a 404
    with Fetcher(local_cfg(respect_robots=False)) as f:
        assert isinstance(f.fetch(f"{base}/private/page.html"), RawDoc)


def test_unreadable_robots_txt_skips_the_host():
    def respond(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(503)
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})

    cfg = FetchConfig(per_host_delay=0, retries=0)
    transport = httpx.MockTransport(respond)
    with Fetcher(cfg, resolver=lambda host, port: ["93.184.216.34"], transport=transport) as f:
        reason = error_reason(f.fetch("https://example.com/a"))
        assert reason == ("robots.txt of https://example.com could not be read (HTTP 503), "
                          "so the host is skipped")
    with Fetcher(local_cfg(respect_robots=False), transport=transport) as f:
        assert isinstance(f.fetch("https://example.com/a"), RawDoc)


def test_per_host_delay(base):
    with Fetcher(local_cfg(per_host_delay=0.3, respect_robots=False)) as f:
        start = time.monotonic()
        f.fetch(f"{base}/page.html")
        f.fetch(f"{base}/note.txt")
        assert time.monotonic() - start >= 0.3


def test_default_config_refuses_local_addresses(server):
    port = server.server_port
    before = sum(server.hits.values())
    with Fetcher(FetchConfig()) as f:
        reason = error_reason(f.fetch(f"http://127.0.0.1:{port}/page.html"))
        assert reason == "refused: 127.0.0.1 is a loopback address (use --allow-private)"
        reason = error_reason(f.fetch(f"http://localhost:{port}/page.html"))
        assert reason.startswith("refused: localhost resolves to ")
        assert "a loopback address (use --allow-private)" in reason
        assert "a private address" in error_reason(f.fetch("http://10.1.2.3/"))
        assert "link-local" in error_reason(f.fetch("http://169.254.169.254/latest/meta-data"))
        assert "loopback" in error_reason(f.fetch("http://[::1]/"))
    assert sum(server.hits.values()) == before  # nothing reached the server


@pytest.mark.parametrize(("ip", "problem"), [
    ("127.0.0.1", "a loopback address"), ("::1", "a loopback address"),
    ("::ffff:127.0.0.1", "a loopback address"), ("0.0.0.0", "an unspecified address"),
    ("192.168.1.1", "a private address"), ("fd00::1", "a private address"),
    ("fe80::1", "a link-local address"), ("224.0.0.1", "a multicast address"),
    ("240.0.0.1", "a reserved address"), ("100.64.0.1", "a non-public address"),
    ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_address_problem(ip, problem):
    assert address_problem(ip) == problem


def test_redirect_to_a_private_address_is_refused(server):
    """`localhost` is made to look public, so the guard is on, and checked on each hop."""
    def resolver(host, port):
        return ["93.184.216.34"] if host == "localhost" else fetch_mod.resolve_host(host, port)

    start = f"http://localhost:{server.server_port}"
    # A plain transport, so the connection resolves localhost itself: the guarded one would
    # (rightly) connect to the faked public address (tests/reliability/test_fetch_attacks.py).
    with Fetcher(FetchConfig(per_host_delay=0, respect_robots=False), resolver=resolver,
                 transport=httpx.HTTPTransport()) as f:
        assert isinstance(f.fetch(f"{start}/page.html"), RawDoc)  # the first host is allowed
        before = server.hits["/page.html"]
        reason = error_reason(f.fetch(f"{start}/redirect-loopback"))
        assert reason == (f"refused: redirect to http://127.0.0.1:{server.server_port}/page.html"
                          ": 127.0.0.1 is a loopback address (use --allow-private)")
        assert server.hits["/page.html"] == before
        reason = error_reason(f.fetch(f"{start}/redirect-ten"))
        assert reason == ("refused: redirect to http://10.0.0.1/admin: 10.0.0.1 is a private "
                          "address (use --allow-private)")


def test_expand_sitemaps_and_feeds(fetcher, base):
    assert list(expand_url(f"{base}/sitemap.xml", fetcher)) == [
        f"{base}/page.html", f"{base}/note.txt"]
    assert list(expand_url(f"{base}/sitemap-index.xml", fetcher)) == [
        f"{base}/page.html", f"{base}/note.txt", f"{base}/xhtml"]
    assert list(expand_url(f"{base}/feed.rss", fetcher)) == [
        f"{base}/page.html", f"{base}/note.txt"]
    assert list(expand_url(f"{base}/atom.xml", fetcher)) == [
        f"{base}/page.html", f"{base}/note.txt"]
    assert list(expand_url(f"{base}/page.html", fetcher)) == [f"{base}/page.html"]
    assert list(expand_url(f"{base}/missing", fetcher)) == [f"{base}/missing"]


def test_iter_url_docs(base):
    items = iter_url_docs([f"{base}/sitemap.xml", f"{base}/doc.pdf", f"{base}/index-loop.xml",
                           f"{base}/page.html"], local_cfg())
    first = next(items)  # lazy: one page at a time
    assert isinstance(first, RawDoc) and first.source == f"{base}/page.html"
    rest = list(items)
    assert [type(i) for i in rest] == [RawDoc, InputError, InputError, RawDoc]
    assert rest[0].media_type == "text"
    assert "application/pdf" in rest[1].reason
    assert rest[2].source == f"{base}/index-loop.xml" and "nested more than 2" in rest[2].reason
    assert rest[3].source == f"{base}/page.html"


def test_listing_parser_resolves_no_entities():
    xxe = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>http://example.com/&x;</loc></url><url><loc> /rel </loc></url></urlset>")
    kind, urls = parse_listing(xxe, "http://example.com/sitemap.xml", 1000)
    assert kind == "pages"
    assert "root:" not in "".join(urls)
    assert urls[-1] == "http://example.com/rel"
    assert parse_listing(PAGE, "http://example.com/", 1000) is None
    assert parse_listing(b"<urlset><url><loc>", "http://example.com/", 1000) is None
