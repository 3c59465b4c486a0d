"""Periodic work of the privacy app: the jobs loop over the offices and call the services."""

from __future__ import annotations

from datetime import datetime

from loket.offices import services as offices

from . import services


def purge_personal_data(
    *, dry_run: bool, now: datetime | None = None, batch: int = services.BATCH
) -> dict[str, int]:
    """Erase what is past its retention in every office, then the deployment-wide records."""
    return services.purge(
        offices_to_purge=offices.public_offices(), now=now, dry_run=dry_run, batch=batch
    )
