"""The watchdog: messages that should have been processed by now (stuck in received, or
given up as failed) and mailboxes that have not been polled. Each stuck message gets one
STUCK event (so the inbox and the audit show it) and every finding a WARNING log line."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..models import ChannelAccount, InboundMessage, IntakeEvent, Provider

logger = logging.getLogger("loket.intake")
M = InboundMessage


@dataclass
class Report:
    stuck: list[InboundMessage] = field(default_factory=list)
    failed: list[InboundMessage] = field(default_factory=list)
    silent_mailboxes: list[ChannelAccount] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.stuck or self.failed or self.silent_mailboxes)

    def lines(self) -> list[str]:
        out = [
            f"stuck: message {m.pk} ({m.channel}) received {m.received_at:%Y-%m-%d %H:%M} UTC, "
            f"{m.attempts} attempts, {m.last_error[:200] or 'not picked up'}"
            for m in self.stuck
        ]
        out += [
            f"failed: message {m.pk} ({m.channel}) after {m.attempts} attempts: "
            f"{m.last_error[:200]}"
            for m in self.failed
        ]
        out += [
            f"mailbox not polled: {a.label} ({a.address}) last polled "
            f"{a.last_polled_at:%Y-%m-%d %H:%M} UTC"
            if a.last_polled_at
            else f"mailbox never polled: {a.label} ({a.address}) {a.last_poll_error[:200]}"
            for a in self.silent_mailboxes
        ]
        return out or ["intake: nothing stuck, every mailbox polled"]


def inspect(now: datetime | None = None, limit: int = 200) -> Report:
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.LOKET_INTAKE_STUCK_MINUTES)
    report = Report(
        stuck=list(
            M.objects.filter(state=M.State.RECEIVED, received_at__lt=since).order_by("received_at")[
                :limit
            ]
        ),
        failed=list(M.objects.filter(state=M.State.FAILED).order_by("received_at")[:limit]),
        silent_mailboxes=list(
            ChannelAccount.objects.filter(provider=Provider.IMAP, is_active=True).filter(
                Q(last_polled_at__lt=since) | Q(last_polled_at__isnull=True, created_at__lt=since)
            )
        ),
    )
    already = IntakeEvent.objects.filter(message=OuterRef("pk"), action=IntakeEvent.Action.STUCK)
    flagged = M.objects.filter(pk__in=[m.pk for m in report.stuck + report.failed]).filter(
        ~Exists(already)
    )
    IntakeEvent.objects.bulk_create(
        IntakeEvent(message=m, at=now, action=IntakeEvent.Action.STUCK, note=m.last_error[:500])
        for m in flagged
    )
    for line in report.lines() if not report.ok else []:
        logger.warning("intake watchdog: %s", line)
    return report
