"""Read-only queries of the privacy app; each takes the office the caller was scoped to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Breach, DataSubjectRequest, PrivacyEvent

if TYPE_CHECKING:
    from loket.offices.models import Office

__all__ = [
    "breach_events",
    "breach_of",
    "office_breaches",
    "office_requests",
    "recent_events",
    "request_of",
]


def office_requests(office: Office) -> QuerySet[DataSubjectRequest]:
    """The office's requests, open ones first by due time, then the answered newest first."""
    return DataSubjectRequest.objects.filter(office=office).order_by(
        "-status", "due_at", "-answered_at", "-id"
    )


def request_of(office: Office, pk: int) -> DataSubjectRequest | None:
    return DataSubjectRequest.objects.filter(office=office, pk=pk).select_related("office").first()


def recent_events(office: Office, limit: int = 20) -> QuerySet[PrivacyEvent]:
    return (
        PrivacyEvent.objects.filter(office=office)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def office_breaches(office: Office) -> QuerySet[Breach]:
    """The office's breaches, open ones first by notification deadline, then the closed newest
    first; notices prefetched (the clock marks read them)."""
    return (
        Breach.objects.filter(office=office)
        .prefetch_related("notices")
        .order_by("-status", "due_at", "-closed_at", "-id")
    )


def breach_of(office: Office, pk: int) -> Breach | None:
    return (
        Breach.objects.filter(office=office, pk=pk)
        .select_related("office", "recorded_by")
        .prefetch_related("notices__recorded_by")
        .first()
    )


def breach_events(breach: Breach) -> QuerySet[PrivacyEvent]:
    """The breach's history, oldest first."""
    return PrivacyEvent.objects.filter(breach=breach).select_related("actor").order_by("at", "id")
