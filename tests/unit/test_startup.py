"""What a worker process imports at start-up (each spawned worker pays for it again)."""

import subprocess
import sys


def test_worker_imports_leave_out_the_http_client():
    # corpus/fetch.py (httpx, and through it click and rich) only matters for URL inputs
    code = ("import sys, cominer.runner, cominer.config; "
            "print(sorted(m for m in ('httpx', 'httpcore', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
