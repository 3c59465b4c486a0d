"""Reads of intake for the staff pages (scoped to an office the caller was already
allowed into; see loket.offices.permissions)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from loket.stored_files import UploadArea

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


# What arrived on a channel: `intake/<message id>/<random>/<name>` (models.attachment_path),
# and a LAPOR! export being imported, `intake/lapor-upload/<random>`, held by the staff
# member's session (8 hours at most, far less than the sweep's grace period).
UPLOAD_AREAS = (UploadArea("intake"),)


def referenced_uploads(paths: Iterable[str]) -> set[str]:
    """Those of `paths` (storage names) that an inbound attachment row names: the files the
    orphan sweep of the privacy purge must keep. One query."""
    return set(
        InboundAttachment.objects.filter(file__in=list(paths)).values_list("file", flat=True)
    )
