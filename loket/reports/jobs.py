"""Periodic work of the reports: rebuild every office's summary rows (idempotent); delete
the expired export files."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from loket.offices.services import public_offices

from . import services


def refresh_report_figures(*, months: int | None = None, now: datetime | None = None) -> int:
    """Rebuild the summary rows of every office; returns the number of day rows written."""
    now = now or timezone.now()
    return sum(
        services.refresh_office(office, months=months, now=now) for office in public_offices()
    )


def purge_report_exports(*, now: datetime | None = None) -> tuple[int, int]:
    """Delete the export jobs past their expiry with their files, and mark failed those
    left unfinished too long (`services.purge_exports`); returns (deleted, marked failed)."""
    return services.purge_exports(now=now)
