"""Where the live SP4N-LAPOR! integration API plugs in.

The API is documented only to registered agency developers, so Loket ships a boundary, not
a guessed client: a gateway fetches reports (as rows of the same fields the export import
maps) and sends follow-ups. The default gateway is the file round trip the admin does by
hand (import the export, download our follow-ups); a deployment with API access sets
`LOKET_LAPOR_GATEWAY` to its own class implementing `LaporGateway` and feeds what it
fetches to `loket.intake.services.lapor.import_rows` (the same dedupe by LAPOR! id).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class LaporGateway(Protocol):
    def fetch_reports(self, office, since: datetime | None) -> Iterable[dict[str, str]]:
        """Reports changed since `since`, each a dict with the keys of
        `loket.intake.lapor.reader.FIELDS` (lapor_id, description, ...)."""

    def send_followup(self, office, *, lapor_id: str, status: str, text: str) -> None:
        """Post our follow-up of one report; raise on failure (the caller retries)."""


class FileGateway:
    """No live API: reports come in through the export import, follow-ups go out through
    the CSV export. Fetching returns nothing; sending is refused, never silently dropped."""

    def fetch_reports(self, office, since: datetime | None) -> Iterable[dict[str, str]]:
        return []

    def send_followup(self, office, *, lapor_id: str, status: str, text: str) -> None:
        raise NotImplementedError(
            "No SP4N-LAPOR! API configured: download the follow-up export and upload it."
        )


def gateway() -> LaporGateway:
    return import_string(settings.LOKET_LAPOR_GATEWAY)()
