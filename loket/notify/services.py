"""Queue outbound messages (the contract other apps call).

Callers call `queue_email` / `queue_text` inside their own `transaction.atomic()`: the
message row commits with the change that causes it, or not at all, and so does the task
that delivers it (`_enqueue_delivery`). A worker delivers it (`delivery.deliver`); failures
are retried with exponential backoff, and the periodic command `deliver_outbox` sends
whatever is due (for instance after the task worker was down).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from loket import validators

from .delivery import PermanentFailure, deliver, deliver_due, deliver_message
from .kinds import DIGEST_KINDS, StaffNoticeKind
from .models import OutboxMessage, StaffDigest, StaffNoticePreference, StaffNotification

logger = logging.getLogger("loket.notify")

__all__ = [
    "PermanentFailure",
    "StaffNoticeKind",
    "claim_digest",
    "count_finished_messages",
    "count_prunable_notifications",
    "deliver",
    "deliver_due",
    "erase_finished_messages",
    "mark_all_read",
    "mark_read",
    "notify_staff",
    "prune_staff_notifications",
    "queue_email",
    "queue_text",
    "render_email",
    "save_preferences",
]


def new_message_id() -> str:
    """A fresh RFC 5322 Message-ID (`<...@domain>`) in the domain of the sender address
    (`DEFAULT_FROM_EMAIL`), set on every e-mail Loket sends so that a reply's In-Reply-To or
    References, and a delivery report's copy of our headers, lead back to what we sent."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "loket.localhost"
    return make_msgid(idstring="loket", domain=domain)


def _tasks_beside_the_rows() -> bool:
    """Whether the task backend keeps its tasks in this database (django_tasks_db's
    `DatabaseBackend`, the default): its task row can then commit with the message row."""
    return isinstance(task_backends["default"], DatabaseBackend)


def _enqueue_delivery(message: OutboxMessage) -> None:
    """Ask a worker to deliver `message` now (the periodic `deliver_outbox` is the safety net).

    With the tasks in this database the task row is written inside the caller's transaction:
    it commits with the message row or not at all, and a receipt costs one commit, not two
    (issue 18: the API's submissions per second). Any other backend (Redis, the immediate
    backend of the tests) is called after commit, so that no worker looks for a row that is
    not there yet; an error then is logged, the row being safe."""
    if _tasks_beside_the_rows() and transaction.get_connection().in_atomic_block:
        deliver_message.enqueue(message_id=message.pk)
        return

    def enqueue() -> None:
        try:
            deliver_message.enqueue(message_id=message.pk)
        except Exception:  # the row is safe; `deliver_outbox` picks it up
            logger.exception("could not enqueue delivery of outbox message %s", message.pk)

    transaction.on_commit(enqueue)


def queue_email(
    *,
    to: str,
    subject: str,
    body: str,
    html: str | None = None,
    topic: str = "",
    related: str = "",
    now: datetime | None = None,
    erase_after_send: bool = False,
) -> OutboxMessage:
    """Record an e-mail to send once the surrounding transaction commits.

    `erase_after_send=True` for a body holding a secret link (a password reset, an
    invitation): the subject and body are blanked once the message is sent or has failed
    for good, so the link does not outlive its delivery in the outbox table."""
    now = now or timezone.now()
    message = OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.EMAIL,
        recipient=to,
        subject=" ".join(subject.split())[:255],
        body=body,
        html=html or "",
        topic=topic,
        related=related,
        erase_after_send=erase_after_send,
        message_id=new_message_id(),
        created_at=now,
        next_attempt_at=now,
    )
    _enqueue_delivery(message)
    return message


def queue_text(
    *,
    channel: str,
    to: str,
    body: str,
    topic: str = "",
    related: str = "",
    now: datetime | None = None,
) -> OutboxMessage:
    """Record a WhatsApp or SMS message to send once the surrounding transaction commits.
    `to` is handed to the sender in E.164 however it was written ("+62 0812-3456-7890" ->
    "+6281234567890", `validators.e164`; issue #11); a number that does not parse is
    handed on as written, for the sender to refuse."""
    if channel not in (OutboxMessage.Channel.WHATSAPP, OutboxMessage.Channel.SMS):
        raise ValueError(f"not a text channel: {channel}")
    now = now or timezone.now()
    message = OutboxMessage.objects.create(
        channel=channel,
        recipient=validators.e164_or_none(to) or to,
        body=body,
        topic=topic,
        related=related,
        created_at=now,
        next_attempt_at=now,
    )
    _enqueue_delivery(message)
    return message


def render_email(
    template_prefix: str, context: dict[str, Any], language: str = "id"
) -> tuple[str, str, str | None]:
    """Subject, plain text and HTML from `<prefix>_subject.txt`, `<prefix>.txt`, `<prefix>.html`
    rendered in `language` (the recipient's, not the request's)."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
        try:
            html: str | None = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:
            html = None
    return subject, body, html


def _finished_before(created_before: datetime):
    return (
        OutboxMessage.objects.filter(created_at__lt=created_before)
        .exclude(status=OutboxMessage.Status.PENDING)
        .exclude(recipient="")
    )


def count_finished_messages(*, created_before: datetime) -> int:
    """How many messages `erase_finished_messages` would erase."""
    return _finished_before(created_before).count()


def erase_finished_messages(*, created_before: datetime, limit: int) -> int:
    """Erase the recipient and the texts of up to `limit` messages created before
    `created_before` that are no longer waiting to leave (UU 27/2022: an address and a message
    body are personal data; the row stays, so counts per channel, topic and status hold).
    Returns how many rows were erased; a second call with the same cutoff erases none."""
    ids = list(
        _finished_before(created_before)
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    with transaction.atomic():
        return OutboxMessage.objects.filter(id__in=ids).update(
            recipient="", subject="", body="", html="", last_error=""
        )


# --- Staff notifications (in-app, preferences, the daily digest) -------------------------


def _pk(value: Any) -> int:
    return value if isinstance(value, int) else value.pk


@transaction.atomic
def notify_staff(
    *,
    recipients: Iterable[Any],
    office: Any,
    kind: str,
    title: str,
    link: str = "",
    key: str = "",
    now: datetime | None = None,
) -> int:
    """Create one in-app notification of `kind` (a `StaffNoticeKind` value) in `office` (an
    Office or its pk) for each of `recipients` (users or user pks) who has not turned that
    kind off on their preferences page; returns how many were created.

    The caller decides who may see it (members of `office` with a role that sees the work:
    notify imports no other app) and writes `title` (at most 200 characters) without personal
    data of citizens and without secrets such as a complaint's tracking code: name the work
    by its reference number. `link` is a path on this site ("/staf/..."). With a `key`
    ("complaint:12:overdue:2026-03-02T02:00:00+00:00") a recipient gets at most one
    notification per key however often it is called (periodic jobs, retries).

    Callers: complaints (assignment, the complainant's reply, due soon, overdue); the
    answer-approval flow calls it with `StaffNoticeKind.APPROVAL_REQUESTED` and the approvers
    as recipients. `ValueError` for an unknown kind."""
    if kind not in StaffNoticeKind.values:
        raise ValueError(f"not a staff notification kind: {kind}")
    now = now or timezone.now()
    ids = list(dict.fromkeys(_pk(user) for user in recipients))
    if not ids:
        return 0
    opted_out = {
        row.user_id
        for row in StaffNoticePreference.objects.filter(user_id__in=ids).only(
            "user_id", "in_app_kinds"
        )
        if kind not in row.in_app_kinds
    }
    ids = [pk for pk in ids if pk not in opted_out]
    if key and ids:
        done = set(
            StaffNotification.objects.filter(recipient_id__in=ids, key=key).values_list(
                "recipient_id", flat=True
            )
        )
        ids = [pk for pk in ids if pk not in done]
    if not ids:
        return 0
    StaffNotification.objects.bulk_create(
        [
            StaffNotification(
                recipient_id=pk,
                office_id=_pk(office),
                kind=kind,
                title=" ".join(title.split())[:200],
                link=link[:300],
                key=key[:150],
                created_at=now,
            )
            for pk in ids
        ],
        ignore_conflicts=bool(key),  # a concurrent run with the same key: one row
    )
    return len(ids)


def mark_read(*, user: Any, notification_id: int, now: datetime | None = None) -> bool:
    """Mark `user`'s own notification read; False when it was read already or is not
    theirs (another user's notification is never touched)."""
    return bool(
        StaffNotification.objects.filter(
            pk=notification_id, recipient_id=user.pk, read_at__isnull=True
        ).update(read_at=now or timezone.now())
    )


def mark_all_read(*, user: Any, now: datetime | None = None) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    return StaffNotification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


@transaction.atomic
def save_preferences(
    *,
    user: Any,
    in_app_kinds: Iterable[str],
    digest_kinds: Iterable[str],
    now: datetime | None = None,
) -> StaffNoticePreference:
    """Store which kinds `user` gets in the app (any `StaffNoticeKind`) and in the daily
    digest (`DIGEST_KINDS` only); unknown values are dropped."""
    in_app = [kind for kind in StaffNoticeKind.values if kind in set(in_app_kinds)]
    digest = [kind for kind in DIGEST_KINDS if kind in set(digest_kinds)]
    preference, _created = StaffNoticePreference.objects.update_or_create(
        user_id=user.pk,
        defaults={
            "in_app_kinds": in_app,
            "digest_kinds": digest,
            "updated_at": now or timezone.now(),
        },
    )
    return preference


def _prunable(now: datetime) -> QuerySet[StaffNotification]:
    read_cutoff = now - timedelta(days=settings.LOKET_STAFF_NOTICE_READ_KEEP_DAYS)
    cutoff = now - timedelta(days=settings.LOKET_STAFF_NOTICE_KEEP_DAYS)
    # Both bounds are "created before": the range on `created_at` (its index) comes first.
    return StaffNotification.objects.filter(created_at__lt=read_cutoff).filter(
        Q(read_at__isnull=False) | Q(created_at__lt=cutoff)
    )


def count_prunable_notifications(*, now: datetime | None = None) -> int:
    """How many staff notifications `prune_staff_notifications` would delete at `now`."""
    return _prunable(now or timezone.now()).count()


def prune_staff_notifications(*, limit: int, now: datetime | None = None) -> int:
    """Delete up to `limit` (at least 1) staff notifications that have served their purpose:
    read ones created more than `LOKET_STAFF_NOTICE_READ_KEEP_DAYS` days before `now` (90 by
    default), and every one, read or not, created more than `LOKET_STAFF_NOTICE_KEEP_DAYS`
    days before (365 by default): a title names work by its reference number only, but an
    inbox of years serves no purpose (data kept only as long as needed, UU 27/2022 Pasal
    16(2)); the bounds are the deployment's, in settings. Oldest first, in
    one transaction; returns how many were deleted (fewer than `limit`: none are left), so a
    caller loops until then and a second run deletes nothing (idempotent). The digest
    claims (`StaffDigest`) and preferences are not touched."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    ids = list(
        _prunable(now or timezone.now())
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    if not ids:
        return 0
    with transaction.atomic():
        deleted, _per_model = StaffNotification.objects.filter(id__in=ids).delete()
    return deleted


def claim_digest(
    *, user: Any, office: Any, day: date, items: int, now: datetime | None = None
) -> bool:
    """Claim the daily digest of `user` in `office` for the office-day `day`: True the first
    time (the caller then queues the e-mail in the same transaction), False when it was
    claimed already (by an earlier or a concurrent run). Call inside `transaction.atomic`."""
    try:
        with transaction.atomic():
            StaffDigest.objects.create(
                user_id=user.pk,
                office_id=_pk(office),
                day=day,
                items=items,
                sent_at=now or timezone.now(),
            )
    except IntegrityError:
        return False
    return True
