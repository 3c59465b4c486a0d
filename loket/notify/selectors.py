"""Reads of the outbox other parts of Loket may call (the /metrics page)."""

from datetime import datetime

from django.db.models import Count, Min

from .models import OutboxMessage

__all__ = ["outbox_backlog"]


def outbox_backlog(now: datetime) -> tuple[int, float]:
    """Messages still waiting to go out, and the age in seconds of the oldest (0 if none)."""
    row = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).aggregate(
        waiting=Count("id"), oldest=Min("created_at")
    )
    oldest = row["oldest"]
    return row["waiting"], (now - oldest).total_seconds() if oldest else 0.0
