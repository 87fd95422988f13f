"""All network I/O of cominer: fetch web pages safely and politely, expand sitemaps and feeds.

Every request goes through a `Fetcher`, which
1. takes only http(s) URLs and refuses a host if any address it resolves to is private,
   loopback, link-local, multicast, reserved or unspecified (unless `allow_private`), again on
   every redirect hop, since redirects are followed by hand; the connection then goes to the
   address that was checked (`ConnectGuard`), so a DNS answer that changes between the check
   and the connection (DNS rebinding) cannot reach a private address, and no proxy from the
   environment is used (a proxy would resolve names itself);
2. obeys robots.txt, fetched through the same guards and cached per host for the Fetcher's life;
3. waits `per_host_delay` between two requests to one host, and retries connection errors,
   timeouts and HTTP 429/5xx with exponential backoff;
4. streams the body under a byte cap and a wall-clock limit that covers the whole response
   (connect, headers and body: every socket read waits at most until the deadline).

Everything that can go wrong with one URL becomes an `InputError(stage="fetch")`, so a batch
never stops.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urljoin
from urllib.robotparser import RobotFileParser

import httpcore
import httpx
from lxml import etree

from .fetch_config import FetchConfig, is_url
from .records import InputError, RawDoc
from .sources import now_iso

ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,application/xml;q=0.8,*/*;q=0.1"
# Only encodings we decompress ourselves under the size cap (httpx's own decoders inflate a
# whole network chunk at once: a gzip bomb then costs ~1000 times the chunk in memory).
ACCEPT_ENCODING = "gzip, deflate"
ZLIB_WBITS = {"gzip": 31, "x-gzip": 31, "deflate": 15}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PAGE_KINDS = frozenset({"html", "text"})
LISTING_KINDS = PAGE_KINDS | {"xml", "gzip"}  # what a URL given to `expand_url` may turn out to be
MAX_SITEMAP_DEPTH = 2  # a sitemap index may list indexes, whose sitemaps are then the last level
MAX_RETRY_AFTER = 60.0  # seconds; a longer Retry-After is not waited for in full

Resolver = Callable[[str, int], list[str]]
"""(host, port) -> IP addresses; raises OSError when the host does not resolve."""


@dataclass(frozen=True)
class Response:
    """A fetched body. `url` is the final URL after redirects; `kind` comes from `media_kind`."""

    url: str
    kind: str | None
    content_type: str
    data: bytes


class FetchFailure(Exception):
    """Internal: why one request failed, and whether trying again may help."""

    def __init__(self, reason: str, *, retryable: bool = False, status: int | None = None,
                 retry_after: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses `host` resolves to, through `socket.getaddrinfo`."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]).split("%", 1)[0] for info in infos]  # drop an IPv6 zone ("%eth0")


def address_problem(ip: str) -> str | None:
    """Why an address must not be fetched from ('a loopback address', …), or None if public."""
    addr: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    checks = (("is_unspecified", "an unspecified"), ("is_loopback", "a loopback"),
              ("is_link_local", "a link-local"), ("is_multicast", "a multicast"),
              ("is_reserved", "a reserved"), ("is_private", "a private"))
    for attr, label in checks:
        if getattr(addr, attr):
            return f"{label} address"
    if not addr.is_global:
        return "a non-public address"  # e.g. 100.64.0.0/10, shared address space
    return None


def media_kind(content_type: str) -> str | None:
    """'html', 'text', 'xml', 'gzip' or None (a type cominer does not read) from Content-Type."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if not mime:
        return "html"  # servers that send no type almost always send HTML
    if mime == "text/plain":
        return "text"
    if "html" in mime:  # text/html, application/xhtml+xml
        return "html"
    if mime.endswith(("/xml", "+xml")):  # text/xml, application/rss+xml, application/atom+xml
        return "xml"
    if mime in ("application/gzip", "application/x-gzip"):
        return "gzip"
    return None


def mime_of(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower() or "(none)"


def parse_retry_after(value: str | None) -> float:
    """Seconds from a numeric Retry-After header, capped; 0 for a date or nothing."""
    try:
        return min(max(float(value or 0), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return 0.0


def gunzip_bytes(data: bytes, cap: int) -> bytes:
    """Decompress a gzip body, refusing to grow past `cap` bytes."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, cap + 1)
    except zlib.error as exc:
        raise ValueError(f"corrupt gzip data: {exc}") from exc
    if len(out) > cap:
        raise ValueError(f"decompressed size is over the size cap of {cap:,} bytes")
    return out


def body_inflater(content_encoding: str) -> Callable[[bytes, int], bytes]:
    """A function (chunk, room) -> at most room bytes of the decoded body so far.

    Identity passes chunks through; gzip and deflate are inflated with zlib, never more than
    `room` at a time (what is left over only matters if the body fits the cap, and then it
    does not: the caller stops as soon as the room is used up).
    """
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return lambda chunk, room: chunk
    if encoding not in ZLIB_WBITS:
        raise FetchFailure(f"unsupported content encoding {encoding!r}")
    state = {"z": zlib.decompressobj(ZLIB_WBITS[encoding]), "started": False}

    def inflate(chunk: bytes, room: int) -> bytes:
        try:
            try:
                out = state["z"].decompress(chunk, max(room, 1))
            except zlib.error:
                if encoding != "deflate" or state["started"]:
                    raise
                state["z"] = zlib.decompressobj(-15)  # raw deflate, as some servers send it
                out = state["z"].decompress(chunk, max(room, 1))
        except zlib.error as exc:
            raise FetchFailure(f"corrupt compressed body: {exc}") from exc
        state["started"] = True
        return out

    return inflate


class ConnectGuard:
    """What the network layer may connect to: for each checked host the addresses that passed
    the check (`pin`), and the deadline of the response being read.

    With `enforce` (the default), a host that was not checked is not connected to at all.
    """

    def __init__(self, *, enforce: bool) -> None:
        self.enforce = enforce
        self.pins: dict[str, str] = {}
        self.deadline: float | None = None

    def pin(self, host: str, address: str) -> None:
        self.pins[host.lower()] = address

    def address_for(self, host: str) -> str:
        """The address to connect to for `host` (the checked one), or raise ConnectError."""
        pinned = self.pins.get(host.lower())
        if pinned is not None:
            return pinned
        if self.enforce:
            raise httpcore.ConnectError(f"refused: {host} was not checked before connecting")
        return host  # --allow-private: the system resolver decides

    def clamp(self, timeout: float | None) -> float | None:
        """A socket timeout that ends no later than the deadline; ReadTimeout once past it."""
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the response took longer than the total time limit")
        return left if timeout is None else min(timeout, left)


class GuardedStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the guard's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, guard: ConnectGuard) -> None:
        self._inner = inner
        self._guard = guard

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._guard.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._guard.clamp(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, self._guard.clamp(timeout))
        return GuardedStream(tls, self._guard)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, connecting to the guard's checked address for each host
    (TLS still verifies the certificate for the host name)."""

    def __init__(self, guard: ConnectGuard) -> None:
        self._inner = httpcore.SyncBackend()
        self._guard = guard

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        address = self._guard.address_for(host)
        stream = self._inner.connect_tcp(address, port, self._guard.clamp(timeout),
                                         local_address, socket_options)
        return GuardedStream(stream, self._guard)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("refused: unix sockets are not fetched from")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def guarded_transport(guard: ConnectGuard) -> httpx.HTTPTransport:
    """httpx's own transport with its connection pool rebuilt on a GuardedBackend.

    httpx takes no network backend argument, so the pool it made is replaced by the same
    pool with ours (a test checks that connections really go through it).
    """
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool.close()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=GuardedBackend(guard))
    return transport


class Fetcher:
    """One crawl session: an httpx client, the robots.txt cache and per-host request times.

    `resolver` maps (host, port) to addresses for the private-address guard; tests replace it.
    `transport` is handed to httpx (e.g. `httpx.MockTransport`) instead of the guarded one.
    """

    def __init__(self, cfg: FetchConfig, *, resolver: Resolver = resolve_host,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.cfg = cfg
        self._resolver = resolver
        self._guard = ConnectGuard(enforce=not cfg.allow_private)
        self._client = httpx.Client(
            headers={"User-Agent": cfg.user_agent, "Accept": ACCEPT,
                     "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(cfg.timeout), follow_redirects=False, trust_env=False,
            transport=transport or guarded_transport(self._guard))
        self._robots: dict[str, RobotFileParser | str] = {}  # origin -> rules or refusal
        self._last_request: dict[str, float] = {}  # host -> time.monotonic() of last request

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def fetch(self, url: str) -> RawDoc | InputError:
        """One page as a RawDoc ('html' or 'text'), or an InputError saying why not."""
        got = self.get(url, PAGE_KINDS)
        if isinstance(got, InputError):
            return got
        return page_doc(url, got)

    def get(self, url: str, kinds: frozenset[str] | None = None) -> Response | InputError:
        """The body of `url` after redirects, if its kind is in `kinds` (None: any type)."""
        try:
            return self._get(url, kinds)
        except FetchFailure as exc:
            return InputError(source=url, reason=exc.reason, stage="fetch")

    def _get(self, url: str, kinds: frozenset[str] | None, *, robots: bool = True) -> Response:
        seen: set[str] = set()
        current = url
        for hop in range(self.cfg.max_redirects + 1):
            self._check_url(current, hop)
            if robots and self.cfg.respect_robots:
                self._check_robots(current)
            seen.add(current)
            result = self._request_with_retries(current, kinds)
            if isinstance(result, Response):
                return result
            if result in seen:
                raise FetchFailure(f"redirect loop at {result}")
            current = result
        raise FetchFailure(f"too many redirects (more than {self.cfg.max_redirects})")

    def _check_url(self, url: str, hop: int) -> None:
        """Refuse a non-http(s) URL, or a host with any non-public address."""
        where = f"redirect to {url}: " if hop else ""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchFailure(f"{where}invalid URL: {exc}") from exc
        if parsed.scheme not in ("http", "https"):
            scheme = parsed.scheme or "a URL without scheme"
            raise FetchFailure(f"refused: {where}only http and https URLs are fetched, "
                               f"not {scheme}")
        if not parsed.host:
            raise FetchFailure(f"{where}invalid URL: no host")
        if self.cfg.allow_private:
            return
        host = parsed.raw_host.decode("ascii")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = self._resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise FetchFailure(f"{where}cannot resolve host {host}: {exc}") from exc
        if not addresses:
            raise FetchFailure(f"{where}cannot resolve host {host}: no addresses")
        for ip in addresses:
            problem = address_problem(ip)
            if problem:
                subject = f"{ip} is" if ip == host else f"{host} resolves to {ip},"
                raise FetchFailure(f"refused: {where}{subject} {problem} (use --allow-private)")
        self._guard.pin(parsed.host, addresses[0])  # connect where we looked, nowhere else

    def _check_robots(self, url: str) -> None:
        parsed = httpx.URL(url)
        origin = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._robots[origin] = self._load_robots(origin)
        if isinstance(rules, str):
            raise FetchFailure(rules)
        if not rules.can_fetch(self.cfg.user_agent, url):
            raise FetchFailure(f"robots.txt disallows {url}")

    def _load_robots(self, origin: str) -> RobotFileParser | str:
        """Rules for one origin: a 4xx allows everything (RFC 9309), an unreadable file nothing."""
        rules = RobotFileParser(f"{origin}/robots.txt")
        try:
            resp = self._get(f"{origin}/robots.txt", None, robots=False)
        except FetchFailure as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                rules.allow_all = True
                return rules
            return (f"robots.txt of {origin} could not be read ({exc.reason}), "
                    "so the host is skipped")
        rules.parse(resp.data.decode("utf-8", "replace").splitlines())
        return rules

    def _request_with_retries(self, url: str, kinds: frozenset[str] | None) -> Response | str:
        attempts = self.cfg.retries + 1
        for attempt in range(attempts):
            try:
                return self._request_once(url, kinds)
            except FetchFailure as exc:
                if not exc.retryable or attempt == attempts - 1:
                    if attempt:
                        exc.reason += f" (after {attempt + 1} attempts)"
                    raise
                time.sleep(max(self.cfg.backoff * 2 ** attempt, exc.retry_after))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _request_once(self, url: str, kinds: frozenset[str] | None) -> Response | str:
        """One GET: a Response, or the absolute URL a redirect points to."""
        self._wait_turn(url)
        deadline = time.monotonic() + self.cfg.timeout
        self._guard.deadline = deadline
        try:
            with self._client.stream("GET", url) as resp:
                status = resp.status_code
                if status in REDIRECT_STATUSES:
                    location = resp.headers.get("Location")
                    if not location:
                        raise FetchFailure(f"HTTP {status} without a Location header",
                                           status=status)
                    return str(resp.url.join(location))
                if status == 429 or status >= 500:
                    raise FetchFailure(f"HTTP {status}", retryable=True, status=status,
                                       retry_after=parse_retry_after(
                                           resp.headers.get("Retry-After")))
                if not 200 <= status < 300:
                    raise FetchFailure(f"HTTP {status}", status=status)
                ctype = resp.headers.get("Content-Type", "")
                kind = media_kind(ctype)
                if kinds is not None and kind not in kinds:
                    raise FetchFailure(f"unsupported content type {mime_of(ctype)} "
                                       "(cominer reads HTML and plain text)")
                data = self._read_body(resp, deadline)
                return Response(url=str(resp.url), kind=kind, content_type=ctype, data=data)
        except httpx.TimeoutException as exc:
            raise FetchFailure(self._timed_out(), retryable=True) from exc
        except httpx.TransportError as exc:
            detail = str(exc) or type(exc).__name__
            raise FetchFailure(f"connection failed: {detail}", retryable=True) from exc
        except httpx.DecodingError as exc:
            raise FetchFailure(f"corrupt compressed body: {exc}") from exc
        except httpx.InvalidURL as exc:
            raise FetchFailure(f"invalid redirect Location: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchFailure(f"{type(exc).__name__}: {exc}") from exc
        finally:
            self._guard.deadline = None

    def _read_body(self, resp: httpx.Response, deadline: float) -> bytes:
        """Stream the (decompressed) body, stopping at the size cap or the deadline."""
        cap = self.cfg.max_bytes
        too_big = f"body over the size cap of {cap:,} bytes"
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchFailure(too_big)
        if resp.is_stream_consumed:  # read into memory already (a mock transport's answer)
            chunks, inflate = iter([resp.content]), body_inflater("")
        else:  # still compressed: inflated here, never past the cap
            chunks = resp.iter_raw()
            inflate = body_inflater(resp.headers.get("Content-Encoding", ""))
        body = bytearray()
        for chunk in chunks:
            body += inflate(chunk, cap + 1 - len(body))
            if len(body) > cap:
                raise FetchFailure(too_big)
            if time.monotonic() > deadline:
                raise FetchFailure(self._timed_out(), retryable=True)
        return bytes(body)

    def _timed_out(self) -> str:
        return f"timed out after {self.cfg.timeout:g} s"

    def _wait_turn(self, url: str) -> None:
        """Sleep until `per_host_delay` has passed since the last request to this host."""
        host = httpx.URL(url).raw_host.decode("ascii")
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.cfg.per_host_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        self._last_request[host] = time.monotonic()


def page_doc(url: str, resp: Response) -> RawDoc | InputError:
    """A fetched response as a RawDoc of the URL asked for, if it is a page."""
    if resp.kind not in PAGE_KINDS:
        return InputError(source=url, stage="fetch",
                          reason=f"unsupported content type {mime_of(resp.content_type)} "
                                 "(not HTML, plain text, or a sitemap or feed cominer reads)")
    return RawDoc(source=url, data=resp.data, fetched_at=now_iso(), media_type=resp.kind)


def parse_listing(data: bytes, base_url: str, cap: int) -> tuple[str, list[str]] | None:
    """('sitemapindex' | 'pages', absolute URLs) for a sitemap, sitemap index, RSS or Atom
    feed (gzipped or not); None for anything else. No entities are resolved, no network used."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip_bytes(data, cap)
        except ValueError:
            return None
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<") or head.startswith((b"<!doctype html", b"<html")):
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    name = etree.QName(root).localname.lower()
    if name == "urlset":
        locs = [el.text for el in root.iterfind("{*}url/{*}loc")]
    elif name == "sitemapindex":
        locs = [el.text for el in root.iterfind("{*}sitemap/{*}loc")]
    elif name in ("rss", "rdf"):  # RSS 2.0, RSS 1.0 (RDF)
        locs = [item_link(item) for item in root.iter("{*}item")]
    elif name == "feed":  # Atom
        locs = [entry_link(entry) for entry in root.iterfind("{*}entry")]
    else:
        return None
    urls = [urljoin(base_url, loc.strip()) for loc in locs if loc and loc.strip()]
    return ("sitemapindex" if name == "sitemapindex" else "pages"), list(dict.fromkeys(urls))


def item_link(item: etree._Element) -> str | None:
    """An RSS item's <link>, else its permalink <guid>."""
    for link in item.iterchildren("{*}link"):
        if link.text and link.text.strip():
            return link.text
    guid = item.find("{*}guid")
    if guid is not None and guid.get("isPermaLink", "true") != "false" and guid.text \
            and is_url(guid.text.strip()):
        return guid.text
    return None


def entry_link(entry: etree._Element) -> str | None:
    """An Atom entry's alternate link."""
    for link in entry.iterchildren("{*}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None


def iter_expanded(url: str, fetcher: Fetcher,
                  depth: int = 0) -> Iterator[str | RawDoc | InputError]:
    """Fetch `url` once: the page URLs of a sitemap or feed, or the page itself as a RawDoc."""
    got = fetcher.get(url, LISTING_KINDS)
    if isinstance(got, InputError):
        yield got
        return
    listing = parse_listing(got.data, got.url, fetcher.cfg.max_bytes)
    if listing is None:
        if depth:
            yield InputError(source=url, stage="fetch",
                             reason="listed in a sitemap index but not a sitemap or feed")
        else:
            yield page_doc(url, got)
        return
    kind, urls = listing
    if kind == "pages":
        yield from urls
    elif depth >= MAX_SITEMAP_DEPTH:
        yield InputError(source=url, stage="fetch", reason="sitemap indexes nested more than "
                                                           f"{MAX_SITEMAP_DEPTH} levels deep")
    else:
        for child in urls:
            yield from iter_expanded(child, fetcher, depth + 1)


def expand_url(url: str, fetcher: Fetcher) -> Iterator[str]:
    """The page URLs a sitemap (index) or RSS/Atom feed lists, or else `url` itself.

    `url` is fetched to find out. A URL that cannot be expanded (a fetch error, a nested index
    too deep) is yielded as it is, so that fetching it reports the error.
    """
    for item in iter_expanded(url, fetcher):
        yield item if isinstance(item, str) else item.source


def iter_url_docs(urls: Iterable[str], cfg: FetchConfig) -> Iterator[RawDoc | InputError]:
    """Lazily turn URLs (pages, sitemaps, feeds) into RawDocs or InputErrors.

    Each URL is fetched once: a page becomes a RawDoc directly, a sitemap or feed its pages.
    """
    with Fetcher(cfg) as fetcher:
        for url in urls:
            for item in iter_expanded(url, fetcher):
                yield fetcher.fetch(item) if isinstance(item, str) else item
