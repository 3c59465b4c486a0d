"""Periodic work of notify: jobs only loop and call services (the management commands wrap
them)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from . import services

# Rows deleted per transaction: short locks, a bounded memory for the list of ids.
PRUNE_BATCH = 1000


def prune_staff_notifications(
    now: datetime | None = None, *, dry_run: bool = False, batch: int = PRUNE_BATCH
) -> int:
    """Delete the staff notifications past their keeping time
    (`services.prune_staff_notifications`) in batches of `batch`, until none is left;
    returns how many were deleted (with `dry_run`: would be, and nothing is deleted).
    Idempotent: a second run at the same `now` deletes nothing."""
    now = now or timezone.now()
    if dry_run:
        return services.count_prunable_notifications(now=now)
    total = 0
    while True:
        deleted = services.prune_staff_notifications(limit=batch, now=now)
        total += deleted
        if deleted < batch:
            return total
