"""Read-only queries of the privacy app; each takes the office the caller was scoped to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import DataSubjectRequest, PrivacyEvent

if TYPE_CHECKING:
    from loket.offices.models import Office

__all__ = ["office_requests", "recent_events", "request_of"]


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
