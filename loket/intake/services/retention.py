"""Retention of what arrived on a channel (UU 27/2022 PDP: personal data is kept only as long
as its purpose needs). A raw inbound message has done its work once processed: the complaint
it became (or joined) keeps what the handling needs under the complaints' own retention. The
privacy app's purge calls these two functions in batches; nothing here decides the period."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from loket.stored_files import delete_with_files

from ..models import InboundAttachment, InboundMessage

# Set in `details` of an erased message: its marker, so a purge never selects it again.
ERASED_KEY = "erased_at"


def expired_message_ids(
    *, received_before: datetime, limit: int | None, after_id: int = 0
) -> list[int]:
    """Up to `limit` (all when None) inbound messages received before `received_before`,
    no longer waiting to be processed, whose personal data is still there, with an id above
    `after_id` (the purge walks the table once, by primary key, instead of skipping the rows
    it already erased on every batch), in id order."""
    return list(
        InboundMessage.objects.filter(received_at__lt=received_before, id__gt=after_id)
        .exclude(state=InboundMessage.State.RECEIVED)
        .exclude(details__has_key=ERASED_KEY)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


@transaction.atomic
def erase_personal_data(message_ids: list[int], *, now: datetime) -> dict[str, int]:
    """Irreversibly erase the sender, the subject, the text, the raw message as received, the
    threading hints and the attachments (files leave storage once the transaction commits)
    of these messages. Kept: channel, account, office, kind, state, outcome, times, the
    complaint link and the dedupe key (a provider's id, so a late redelivery is still
    recognised). Returns counts, never data."""
    ids = list(
        InboundMessage.objects.filter(id__in=message_ids)
        .exclude(details__has_key=ERASED_KEY)
        .values_list("id", flat=True)
    )
    erased = InboundMessage.objects.filter(id__in=ids).update(
        sender="",
        sender_name="",
        subject="",
        text="",
        thread_hint={},
        details={ERASED_KEY: now.isoformat()},
        raw=b"",
        last_error="",
        reason="",
    )
    removed = delete_with_files(InboundAttachment.objects.filter(message_id__in=ids))
    return {"inbound_messages": erased, "inbound_files": removed}
