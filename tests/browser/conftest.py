"""A real browser against a real server: Debian's Chromium driven by Python playwright.

The app runs under uvicorn in a thread on 127.0.0.1 and a free port, over a demo database.
Where /usr/bin/chromium (or playwright) is missing the tests skip with the reason; with
CI=true they fail instead, because CI installs Chromium (.ci/run).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from cominer.cli import main
from cominer.config import Settings
from cominer.store import KnowledgeStore

CHROMIUM = Path(os.environ.get("COMINER_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason} (.ci/run installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def unavailable():
    """Skip with a reason, or fail when CI=true."""
    return skip_or_fail


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go: $COMINER_ARTIFACTS or tmp/artifacts in the repository."""
    folder = Path(os.environ.get("COMINER_ARTIFACTS", ROOT / "tmp" / "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is absent (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:
    """`app` under uvicorn in a thread on 127.0.0.1 and a free port; its URL while it runs."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def serve_app():
    """`serving` for tests in other modules: `with serve_app(app) as url: ...`."""
    return serving


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The app on http://127.0.0.1:PORT over a fresh demo database; stopped afterwards."""
    from cominer.web.app import create_app

    db = tmp_path_factory.mktemp("browser") / "demo.db"
    result = CliRunner().invoke(main, ["demo", "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    store = KnowledgeStore(db, read_only=True)
    with serving(create_app(Settings(), store)) as url:
        yield {"url": url, "db": db, "store": store}
    store.close()


@pytest.fixture(scope="session")
def cjk_fonts() -> str:
    """The CJK font families fontconfig knows ('' if none or no fc-list)."""
    if not shutil.which("fc-list"):
        return ""
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                         check=False)
    return out.stdout.strip()
