"""Processing: the worker's half. Each stored message is claimed (a conditional update, so
two workers never take the same row, and a crashed worker's claim expires), prepared
outside any transaction (media downloaded, attachments checked: idempotent, a stored file
is never fetched twice), then concluded in ONE transaction: the complaint is created or the
reply appended through the complaints services, and the message is marked processed with
the complaint it became or joined. A crash anywhere leaves the row received, to be claimed
again; the transaction makes the complaint and the mark commit together, so every message
is processed exactly once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from loket.locking import locked
from loket.notify import selectors as notify_selectors

from .. import complaints_port as port
from ..models import InboundMessage, IntakeEvent, OutboundWhatsApp
from . import files

logger = logging.getLogger("loket.intake")

CLAIM_LEASE = timedelta(minutes=5)
BACKOFF_BASE = timedelta(minutes=1)
M = InboundMessage


class Retry(Exception):
    """A step that may work later (provider throttling, a network error)."""


def max_attempts() -> int:
    return settings.LOKET_INTAKE_MAX_ATTEMPTS


def claim(message_id: int, now: datetime) -> bool:
    claimed = (
        M.objects.filter(pk=message_id, state=M.State.RECEIVED)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        .update(lease_until=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    )
    return claimed == 1


def due_ids(now: datetime, limit: int) -> list[int]:
    rows = (
        M.objects.filter(state=M.State.RECEIVED)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        .order_by(F("provider_at").asc(nulls_last=True), "received_at", "id")
    )
    return list(rows.values_list("pk", flat=True)[:limit])


def process_due(now: datetime | None = None, limit: int = 500) -> int:
    """Process every claimable message (oldest first, so a reply follows its original)."""
    now = now or timezone.now()
    return sum(1 for pk in due_ids(now, limit) if process(pk, now=now))


def process(message_id: int, now: datetime | None = None) -> bool:
    """Claim and process one message; True when this call finished it."""
    now = now or timezone.now()
    if not claim(message_id, now):
        return False
    message = M.objects.select_related("account", "office").get(pk=message_id)
    try:
        _dispatch(message, now)
    except Exception as exc:  # any failure: keep the row, record why, retry or give up
        _failed(message, exc, now)
        if not isinstance(exc, Retry):
            logger.exception("inbound message %s failed", message_id)
        return False
    return True


# The module that processes each channel's messages (imported when first needed).
HANDLERS = {
    "whatsapp": "whatsapp_flow",
    "email": "mail_flow",
    "fax": "mail_flow",
    "lapor": "lapor_flow",
}


@task()
def process_inbound(message_id: int) -> bool:
    """The background task queued after a message's row commits (the django-tasks worker);
    the periodic job `process_inbound` does the same for whatever a task did not reach."""
    return process(message_id)


def _dispatch(message: InboundMessage, now: datetime) -> None:
    if message.office_id is None or message.kind == M.Kind.UNKNOWN:
        finish(
            message,
            now,
            state=M.State.IGNORED,
            outcome=M.Outcome.RECORDED,
            reason="no office / unknown kind",
        )
        return
    module = import_module(f"{__package__}.{HANDLERS[message.channel]}")
    module.handle(message, now)


def _failed(message: InboundMessage, exc: Exception, now: datetime) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    final = message.attempts >= max_attempts()
    delay = min(BACKOFF_BASE * (2 ** max(message.attempts - 1, 0)), timedelta(hours=6))
    with transaction.atomic():
        M.objects.filter(pk=message.pk, state=M.State.RECEIVED).update(
            state=M.State.FAILED if final else M.State.RECEIVED,
            last_error=error,
            lease_until=None if final else now + delay,
        )
        IntakeEvent.objects.create(
            message=message,
            at=now,
            action=IntakeEvent.Action.FAILED,
            note=error,
            data={"attempt": message.attempts, "final": final},
        )


def finish(
    message: InboundMessage,
    now: datetime,
    *,
    state: str,
    outcome: str,
    reason: str = "",
    complaint=None,
    action: str | None = None,
    data: dict | None = None,
    lock: bool = True,
) -> bool:
    """Mark the message done, inside the caller's transaction or its own. False when
    another worker finished it first (the row is re-read under its lock, unless the
    caller already holds it: lock=False)."""
    with transaction.atomic():
        if lock and locked(message).state != M.State.RECEIVED:
            return False
        M.objects.filter(pk=message.pk).update(
            state=state,
            outcome=outcome,
            reason=reason[:2000],
            complaint=complaint,
            processed_at=now,
            lease_until=None,
            last_error="",
        )
        message.state, message.outcome, message.complaint = state, outcome, complaint
        IntakeEvent.objects.create(
            message=message,
            at=now,
            action=action or _ACTIONS.get(outcome, IntakeEvent.Action.IGNORED),
            note=reason[:2000],
            data=data or {},
        )
    return True


_ACTIONS: dict[str, str] = {
    M.Outcome.CREATED: IntakeEvent.Action.CREATED,
    M.Outcome.JOINED: IntakeEvent.Action.JOINED,
    M.Outcome.INBOX: IntakeEvent.Action.TO_INBOX,
    M.Outcome.RECORDED: IntakeEvent.Action.IGNORED,
}


# --- Threading -------------------------------------------------------------------------


def find_thread(message: InboundMessage):
    """The complaint a message continues, in the order of certainty: the tracking code it
    quotes, the message it answers (an earlier inbound one, our e-mail to the sender by its
    Message-ID, our WhatsApp message: the e-mail's In-Reply-To/References, WhatsApp's quoted
    id), then, on WhatsApp, the sender's one open complaint."""
    office = message.office
    hint = message.thread_hint or {}
    code = hint.get("tracking_code")
    if code:
        found = port.find_by_tracking_code(office, code)
        if found is not None:
            return found
    refs = [
        r
        for r in [hint.get("quoted_id"), hint.get("in_reply_to"), *hint.get("references", [])]
        if r
    ]
    if refs:
        earlier = (
            M.objects.filter(office=office, provider_id__in=refs, complaint__isnull=False)
            .exclude(pk=message.pk)
            .order_by("-received_at")
            .values_list("complaint_id", flat=True)
            .first()
        )
        if earlier:
            found = port.complaint_by_id(office, earlier)
            if found is not None:
                return found
        # Our own e-mail answered: its Message-ID names what it was about.
        if message.channel == "email":
            about = notify_selectors.related_of_sent_mail(refs, to=message.sender)
            found = port.complaint_of_related(office, about)
            if found is not None:
                return found
        sent = OutboundWhatsApp.objects.filter(provider_id__in=refs, complaint__isnull=False)
        for complaint_id in sent.values_list("complaint_id", flat=True)[:1]:
            found = port.complaint_by_id(office, complaint_id)
            if found is not None:
                return found
    # A chat continues: the sender's next WhatsApp message belongs to their open complaint.
    # A new e-mail without a code or a reference may well be a new complaint.
    if message.channel == "whatsapp":
        return port.open_complaint_of_sender(office, phone=message.sender)
    return None


def substantive(text: str) -> bool:
    """Enough words to be a complaint on its own ("halo", "p", "selamat pagi" are not):
    those go to the Pejabat's inbox instead."""
    return len(text.split()) >= settings.LOKET_INTAKE_MIN_WORDS


def title_from(text: str, subject: str = "") -> str:
    source = (subject or "").strip() or (text or "").strip()
    first = source.splitlines()[0] if source else ""
    return (first[:117] + "...") if len(first) > 120 else (first or "Pesan tanpa judul")


def conclude(
    message: InboundMessage, now: datetime, *, new_complaint: dict, auto: bool = True
) -> str:
    """Thread the message onto its complaint, make a new complaint of it, or leave it for
    the Pejabat's inbox; returns the outcome. One transaction with the mark."""
    complaint = find_thread(message)
    may_have_files = message.channel != "whatsapp" or (message.details or {}).get("media")
    items = list(message.attachments.all()) if may_have_files else []
    refused_note = ", ".join(
        f"{a.filename or a.provider_ref} ({a.get_status_display()})" for a in items if a.is_refused
    )
    with transaction.atomic():
        fresh = locked(message)
        if fresh.state != M.State.RECEIVED:
            return fresh.outcome
        attachments = files.to_attach(items)
        if complaint is not None:
            text = message.text + (f"\n[{refused_note}]" if refused_note else "")
            how = port.append_reply(
                complaint,
                channel=message.channel,
                text=text,
                attachments=attachments,
                received_at=message.provider_at or message.received_at,
            )
            finish(
                message,
                now,
                state=M.State.PROCESSED,
                outcome=M.Outcome.JOINED,
                complaint=complaint,
                data={"how": how},
                lock=False,
            )
            return M.Outcome.JOINED
        if auto and settings.LOKET_INTAKE_AUTO_COMPLAINT and substantive(message.text):
            details = dict(new_complaint.pop("channel_details", {}))
            if refused_note:
                details["refused_attachments"] = refused_note
            created = port.submit_complaint(
                office=message.office,
                channel=message.channel,
                channel_details=details,
                attachments=attachments,
                received_at=message.provider_at or message.received_at,
                idempotency_key=f"intake:{message.pk}",
                **new_complaint,
            )
            finish(
                message,
                now,
                state=M.State.PROCESSED,
                outcome=M.Outcome.CREATED,
                complaint=created,
                lock=False,
            )
            return M.Outcome.CREATED
        finish(message, now, state=M.State.PROCESSED, outcome=M.Outcome.INBOX, lock=False)
        return M.Outcome.INBOX
