"""The client's address, the one place that decides it (OWASP ASVS 4.0.3 V1.14 / V7.3).

Behind a reverse proxy every request's socket address (`REMOTE_ADDR`) is the proxy's, so a rate
limit keyed on it puts every citizen into one bucket. `X-Forwarded-For` carries the real
address, but anyone can send that header: it is believed only as far as the deployment says
its own proxies wrote it, read from the right (each proxy appends the address it saw):

- `LOKET_TRUSTED_PROXIES=N` (settings: `LOKET_TRUSTED_PROXY_COUNT = N`): exactly N proxies
  stand in front of Loket; the client is the N-th address from the right of the chain
  `X-Forwarded-For + REMOTE_ADDR`.
- `LOKET_TRUSTED_PROXIES=10.0.0.0/8,...` (settings: `LOKET_TRUSTED_PROXIES`): the proxies'
  networks; the client is the rightmost address of that chain outside them, and only when
  `REMOTE_ADDR` itself is one.

With neither set (the default), `X-Forwarded-For` is ignored. The rate limits (django-ratelimit's
`key="ip"`, through `RATELIMIT_IP_META_KEY`) and the sign-in lockout (django-axes, through
`AXES_CLIENT_IP_CALLABLE`) both call `client_ip`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(value: str) -> str | None:
    """A normalised IP address, or None for anything else (a port, garbage, `unknown`)."""
    value = value.strip().strip("[]")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(specs: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(spec.strip(), strict=False) for spec in specs if spec)


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in networks)


def client_ip(request) -> str:
    """The address of the client that sent `request`, per the trusted-proxy settings."""
    remote = _address(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104 - a key, not a bind
    count = int(settings.LOKET_TRUSTED_PROXY_COUNT)
    networks = _networks(tuple(settings.LOKET_TRUSTED_PROXIES))
    if not count and not networks:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [_address(part) for part in forwarded.split(",")] if forwarded.strip() else []
    if any(address is None for address in chain):
        return remote  # a malformed chain is not believed at all
    chain = [*chain, remote]
    if networks:
        if not _trusted(remote, networks):
            return remote
        for address in reversed(chain):
            if not _trusted(address, networks):
                return address
        return chain[0]
    if len(chain) <= count:
        return remote  # fewer hops than proxies: the request did not come through them
    return chain[-1 - count]


@dataclass(frozen=True)
class Client:
    """Where a request came from, as the security log records it."""

    ip: str | None = None
    user_agent: str = ""


def client_of(request) -> Client:
    """The `Client` of `request` (views pass it to the services, which never read requests)."""
    return Client(ip=client_ip(request), user_agent=request.headers.get("User-Agent", "")[:300])
