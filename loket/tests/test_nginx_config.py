"""The reference nginx configuration (deploy/nginx/loket.conf) staples OCSP answers, checked
against the CA chain, with a resolver to reach the CA (issue 12; OWASP ASVS 4.0.3 V9.2.4)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CERTS = "/etc/letsencrypt/live/loket.example.go.id/"


def _https_server_block() -> str:
    conf = (ROOT / "deploy" / "nginx" / "loket.conf").read_text()
    return conf[conf.index("listen 443 ssl") :]


def test_the_https_server_staples_ocsp_with_a_resolver_and_the_chain():
    block = _https_server_block()
    assert re.search(r"^\s*ssl_stapling on;", block, re.M)
    assert re.search(r"^\s*ssl_stapling_verify on;", block, re.M)
    assert re.search(rf"^\s*ssl_trusted_certificate {re.escape(CERTS)}chain\.pem;", block, re.M)
    assert re.search(r"^\s*resolver \S+", block, re.M)


def test_no_server_block_announces_nginx_s_version():
    """OWASP ASVS 4.0.3 V14.3.3: `server_tokens off` in every server block."""
    conf = (ROOT / "deploy" / "nginx" / "loket.conf").read_text()
    blocks = conf.split("server {")[1:]
    assert blocks
    assert all(re.search(r"^\s*server_tokens off;", block, re.M) for block in blocks)


def test_http2_is_switched_on_the_way_debian_12_s_nginx_understands():
    """Debian 12 (the deployment guide's system) ships nginx 1.22, which refuses the
    "http2 on;" directive of nginx 1.25: the whole site would not start."""
    conf = (ROOT / "deploy" / "nginx" / "loket.conf").read_text()
    assert not re.search(r"^\s*http2 on;", conf, re.M)
    assert re.search(r"^\s*listen 443 ssl http2;", conf, re.M)
