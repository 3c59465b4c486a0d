"""Reads of the outbox other parts of Loket may call (the /metrics page)."""

from datetime import datetime

from django.db.models import Count, Min

from .models import OutboxMessage

__all__ = ["outbox_backlog", "related_of_sent_mail", "status_counts", "undelivered_messages"]


def outbox_backlog(now: datetime) -> tuple[int, float]:
    """Messages still waiting to go out, and the age in seconds of the oldest (0 if none)."""
    row = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).aggregate(
        waiting=Count("id"), oldest=Min("created_at")
    )
    oldest = row["oldest"]
    return row["waiting"], (now - oldest).total_seconds() if oldest else 0.0


def related_of_sent_mail(message_ids: list[str], *, to: str) -> str:
    """What our e-mail to `to` with one of these Message-IDs (`<...@domain>`, as a reply's
    In-Reply-To/References or a delivery report quote them) was about (`related`, such as
    "complaint:123"), the most recent first; "" when none is ours. The address must match
    (case-insensitive): a reply from someone else, or to a mail we sent to a colleague about
    the same complaint, does not count as the recipient's."""
    ids = [value for value in message_ids if value]
    if not ids or not to:
        return ""
    found = (
        OutboxMessage.objects.filter(message_id__in=ids, recipient__iexact=to)
        .exclude(related="")
        .order_by("-created_at", "-id")
        .values_list("related", flat=True)
        .first()
    )
    return found or ""


def undelivered_messages(related: str) -> list[OutboxMessage]:
    """The messages about `related` ("complaint:123") that did not reach their recipient:
    refused for good or out of attempts (`failed`, `last_error` says why, e.g. "550 5.1.1
    User unknown") or recorded without a gateway (`undelivered`); oldest first."""
    if not related:
        return []
    return list(
        OutboxMessage.objects.filter(
            related=related,
            status__in=(OutboxMessage.Status.FAILED, OutboxMessage.Status.NOT_DELIVERED),
        ).order_by("created_at", "id")
    )


def status_counts(related: str) -> dict[str, int]:
    """How many messages about `related` ("breach:12") are in each status (`OutboxMessage.
    Status` values; a status without messages is absent). One query."""
    if not related:
        return {}
    rows = (
        OutboxMessage.objects.filter(related=related)
        .values("status")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {row["status"]: row["count"] for row in rows}
