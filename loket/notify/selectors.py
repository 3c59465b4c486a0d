"""Reads of the outbox other parts of Loket may call (the /metrics page), and of the staff
notifications (the list, the unread badge, preferences, the digest's subscribers)."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Min, QuerySet

from .kinds import StaffNoticeKind
from .models import OutboxMessage, StaffDigest, StaffNoticePreference, StaffNotification

__all__ = [
    "digest_sent_to",
    "digest_subscribers",
    "notification_for",
    "notifications_for",
    "outbox_backlog",
    "preferences_of",
    "related_of_sent_mail",
    "status_counts",
    "undelivered_messages",
    "unread_count",
]


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


# --- Staff notifications -----------------------------------------------------------------


def unread_count(user: Any) -> int:
    """How many of `user`'s notifications are unread (one query; 0 for the anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return StaffNotification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notifications_for(user: Any, *, unread_only: bool = False) -> QuerySet[StaffNotification]:
    """`user`'s own notifications, newest first (nobody else's, whatever their role), with
    their office (for its time zone)."""
    rows = StaffNotification.objects.filter(recipient_id=user.pk).select_related("office")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def notification_for(user: Any, pk: int) -> StaffNotification | None:
    """`user`'s notification `pk`, or None (also when it is someone else's)."""
    return StaffNotification.objects.filter(recipient_id=user.pk, pk=pk).first()


def preferences_of(user: Any) -> tuple[set[str], set[str]]:
    """The kinds `user` gets in the app and in the daily digest (defaults: every kind in the
    app, no digest)."""
    row = StaffNoticePreference.objects.filter(user_id=user.pk).first()
    if row is None:
        return set(StaffNoticeKind.values), set()
    return set(row.in_app_kinds), set(row.digest_kinds)


def digest_subscribers(user_ids: Iterable[int]) -> dict[int, set[str]]:
    """Of `user_ids`, those who opted in to the daily digest, with the kinds they chose
    (one query)."""
    ids = list(user_ids)
    if not ids:
        return {}
    return {
        row.user_id: set(row.digest_kinds)
        for row in StaffNoticePreference.objects.filter(user_id__in=ids).only(
            "user_id", "digest_kinds"
        )
        if row.digest_kinds
    }


def digest_sent_to(office: Any, day: date) -> set[int]:
    """The users whose digest for `office` (an Office or its pk) and office-day `day` was
    claimed already (one query)."""
    office_id = office if isinstance(office, int) else office.pk
    return set(
        StaffDigest.objects.filter(office_id=office_id, day=day).values_list("user_id", flat=True)
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
