"""The reference nginx configuration (deploy/nginx/loket.conf) staples OCSP answers, checked
against the CA chain, with a resolver to reach the CA (issue 12; OWASP ASVS 4.0.3 V9.2.4)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CERTS = "/etc/letsencrypt/live/loket.example.go.id/"


def _https_server_block() -> str:
    conf = (ROOT / "deploy" / "nginx" / "loket.conf").read_text()
    return conf[conf.index("listen 443 ssl;") :]


def test_the_https_server_staples_ocsp_with_a_resolver_and_the_chain():
    block = _https_server_block()
    assert re.search(r"^\s*ssl_stapling on;", block, re.M)
    assert re.search(r"^\s*ssl_stapling_verify on;", block, re.M)
    assert re.search(rf"^\s*ssl_trusted_certificate {re.escape(CERTS)}chain\.pem;", block, re.M)
    assert re.search(r"^\s*resolver \S+", block, re.M)
