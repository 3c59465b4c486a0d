"""Loket's own deployment checks, run by `manage.py check --deploy` (`make deploy-check`, and
the deployment guide's step before the first start): what Django's checks and the settings'
self-check (`loket/accounts/production.py`) do not cover. Only with LOKET_PRODUCTION=true.

- `loket.E001` (error): no malware scanner for uploads (OWASP ASVS 4.0.3 V12.4.2). Set
  LOKET_CLAMD, or waive the scan explicitly with LOKET_MALWARE_SCAN_WAIVER (the reason, which
  `loket.I001` then repeats at every check).
- `loket.W002` (warning): a Redis cache reached without a password (V1.2.2, V9.2.2): anyone on
  the host or the network could read the kept pages or reset rate limits and lockouts.
- `loket.E003` (error): a setting still holds the example's placeholder ("change-me", from
  deploy/loket.env.example): a default credential (V2.10.2). Only the variables' names are
  shown, never their values.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.checks import Error, Info, Tags, Warning, register

REDIS_SCHEMES = {"redis", "rediss", "unix"}
# The placeholder of deploy/loket.env.example's secrets.
PLACEHOLDER = "change-me"


@register(Tags.security, deploy=True)
def malware_scanner(app_configs=None, **kwargs) -> list:
    if not settings.LOKET_PRODUCTION or settings.LOKET_CLAMD:
        return []
    waiver = settings.LOKET_MALWARE_SCAN_WAIVER.strip()
    if waiver:
        return [
            Info(
                f"Malware scanning of uploads is waived (LOKET_MALWARE_SCAN_WAIVER): {waiver}",
                id="loket.I001",
            )
        ]
    return [
        Error(
            "LOKET_CLAMD is not set: uploaded evidence and documents would be stored without a "
            "malware scan.",
            hint=(
                "Install ClamAV's clamd and set LOKET_CLAMD=unix:///run/clamav/clamd.ctl "
                "(deploy/README.md, 'Malware scanning'), or, where files are scanned elsewhere, "
                "set LOKET_MALWARE_SCAN_WAIVER to the reason."
            ),
            id="loket.E001",
        )
    ]


def _redis_locations(config: dict) -> list[str]:
    location = config.get("LOCATION") or []
    if isinstance(location, str):
        location = location.split(",")
    return [str(item).strip() for item in location if str(item).strip()]


def _has_password(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.password) or bool(parse_qs(parts.query).get("password"))


@register(Tags.security, Tags.caches, deploy=True)
def redis_password(app_configs=None, **kwargs) -> list:
    if not settings.LOKET_PRODUCTION:
        return []
    found = []
    for alias, config in settings.CACHES.items():
        for url in _redis_locations(config):
            parts = urlsplit(url)
            if parts.scheme not in REDIS_SCHEMES or _has_password(url):
                continue
            where = parts.hostname or parts.path or "?"
            found.append(
                Warning(
                    f"The cache {alias!r} reaches Redis at {where} without a password.",
                    hint=(
                        "Set `requirepass` in redis.conf and put the password in the URL: "
                        "LOKET_CACHE_URL=redis://:PASSWORD@127.0.0.1:6379/1, or "
                        "rediss://:PASSWORD@host:6380/1 for TLS (deploy/README.md, 'Redis')."
                    ),
                    id="loket.W002",
                )
            )
    return found


@register(Tags.security, deploy=True)
def placeholder_secrets(app_configs=None, **kwargs) -> list:
    if not settings.LOKET_PRODUCTION:
        return []
    left = sorted(
        name
        for name, value in os.environ.items()
        if name.startswith(("LOKET_", "DATABASE_")) and PLACEHOLDER in value.lower()
    )
    if not left:
        return []
    return [
        Error(
            "These settings still hold the example's placeholder "
            f"({PLACEHOLDER!r}): {', '.join(left)}.",
            hint="Give each its real value, a password or key of its own (deploy/README.md).",
            id="loket.E003",
        )
    ]
