"""Finding 3: the client address from a trusted-proxy setting, never from X-Forwarded-For
otherwise. Before: the rate limits keyed on the socket address, so behind the proxy every
citizen shared one bucket (70 lookups from 70 forwarded addresses: the last 10 refused)."""

import pytest
from django_ratelimit.core import is_ratelimited

from loket.accounts.client import client_ip

PROXY = "10.0.0.5"


def _request(rf, remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(rf, settings):
    settings.LOKET_TRUSTED_PROXY_COUNT = 0
    settings.LOKET_TRUSTED_PROXIES = []
    assert client_ip(_request(rf, "203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.1", "198.51.100.1"),
        # A client that sends its own header cannot choose its address: the proxy appends.
        ("1.2.3.4, 198.51.100.1", "198.51.100.1"),
        (None, PROXY),  # not through the proxy after all
        ("bukan-alamat", PROXY),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_with_one_trusted_proxy_the_address_it_saw_is_the_client(rf, settings, forwarded, expected):
    settings.LOKET_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(rf, forwarded=forwarded)) == expected


def test_with_two_trusted_proxies_the_second_address_from_the_right_is_the_client(rf, settings):
    settings.LOKET_TRUSTED_PROXY_COUNT = 2
    request = _request(rf, forwarded="1.2.3.4, 198.51.100.1, 10.0.0.9")
    assert client_ip(request) == "198.51.100.1"


def test_with_trusted_networks_the_rightmost_outside_address_is_the_client(rf, settings):
    settings.LOKET_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    assert client_ip(_request(rf, forwarded="1.2.3.4, 198.51.100.1, 10.0.0.9")) == ("198.51.100.1")
    # A request that did not come from a trusted proxy: its header is not believed.
    assert client_ip(_request(rf, "203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_two_citizens_behind_the_proxy_have_separate_limits(rf, settings):
    settings.LOKET_TRUSTED_PROXY_COUNT = 1

    def limited(address):
        return is_ratelimited(
            _request(rf, forwarded=address), group="t", key="ip", rate="3/m", increment=True
        )

    assert [limited("198.51.100.1") for _ in range(4)] == [False, False, False, True]
    assert limited("198.51.100.2") is False


def test_seventy_lookups_from_seventy_forwarded_addresses_all_pass(client, settings, db):
    settings.LOKET_TRUSTED_PROXY_COUNT = 1
    statuses = {
        client.get(
            "/pengaduan/lacak/",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        ).status_code
        for number in range(1, 71)
    }
    assert statuses == {200}


def test_the_sign_in_lockout_counts_per_forwarded_client(client, settings, bob):
    settings.LOKET_TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            "/staf/masuk/",
            {"username": "tebakan", "password": "salah"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    other = client.post(
        "/staf/masuk/",
        {"username": "bob", "password": "sandi-uji-123"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.67",
    )
    assert other.status_code == 302


def _settings_with(value: str):
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "from django.conf import settings; "
        "print(settings.LOKET_TRUSTED_PROXY_COUNT, settings.LOKET_TRUSTED_PROXIES)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[3],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "loket.settings",
            "LOKET_TRUSTED_PROXIES": value,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_one_setting_takes_a_number_of_proxies_or_their_networks():
    assert _settings_with("1").stdout.strip() == "1 []"
    assert _settings_with("10.0.0.0/8,fd00::/8").stdout.strip() == ("0 ['10.0.0.0/8', 'fd00::/8']")
    refused = _settings_with("nginx")
    assert refused.returncode != 0
    assert "LOKET_TRUSTED_PROXIES: 'nginx' is neither" in refused.stderr
