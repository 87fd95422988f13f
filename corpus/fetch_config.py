"""The fetch settings and the URL test, apart from corpus/fetch.py: reading the config or
local files then never imports httpx (with click and rich, a tenth of a second per process)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_USER_AGENT = "cominer/0.1 (+https://pypi.org/project/cominer/)"


@dataclass(frozen=True, kw_only=True)
class FetchConfig:
    """How URLs are fetched. `timeout` (seconds) bounds connect and each read, and the whole
    response; `max_bytes` caps the (decompressed) body while it streams."""

    user_agent: str = DEFAULT_USER_AGENT
    per_host_delay: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 20_000_000
    retries: int = 2
    backoff: float = 0.5
    max_redirects: int = 5
    respect_robots: bool = True
    allow_private: bool = False


def is_url(text: str) -> bool:
    """True for an http:// or https:// URL (any case), as opposed to a local path."""
    return text[:8].lower().startswith(("http://", "https://"))
