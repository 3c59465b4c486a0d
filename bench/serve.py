"""gunicorn for the wrk benchmarks (`public_pages.py`, `api_submit.py`): the project's app on
a free loopback port, sync workers as production's unit file runs them, behind a trusted
proxy (`LOKET_TRUSTED_PROXIES=1`, so each request's X-Forwarded-For is its client address),
ready once `/healthz` answers."""

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(workers: int = 2) -> Iterator[str]:
    """The base URL of a running gunicorn, stopped on leaving the block."""
    port = free_port()
    env = {**os.environ, "LOKET_TRUSTED_PROXIES": "1"}
    command = [str(ROOT / ".venv/bin/gunicorn"), "loket.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--worker-class", "sync", "--access-logfile", "/dev/null"]
    command += ["--logger-class", "loket.site.access_log.MaskedLogger"]  # as production
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 (http only)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait()
