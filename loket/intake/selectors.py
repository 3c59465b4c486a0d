"""Reads of intake for the staff pages (scoped to an office the caller was already
allowed into; see loket.offices.permissions)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import ChannelAccount, InboundAttachment, InboundMessage


def inbox(office) -> QuerySet:
    """Messages waiting for the Pejabat, newest first, with their attachments."""
    return (
        InboundMessage.objects.filter(office=office, outcome=InboundMessage.Outcome.INBOX)
        .defer("raw")
        .order_by("-received_at", "-id")
        .prefetch_related(
            Prefetch("attachments", queryset=InboundAttachment.objects.order_by("id"))
        )
    )


def office_messages(office) -> QuerySet:
    return InboundMessage.objects.filter(office=office).defer("raw")


def accounts(office) -> list[ChannelAccount]:
    return list(ChannelAccount.objects.filter(office=office).order_by("channel", "label"))
