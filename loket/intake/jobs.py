"""Periodic work of intake: poll the mailboxes, process what is stored, and watch for
messages stuck and mailboxes not polled. Jobs only loop and call services."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .mail import poller
from .services import process_due
from .services.watchdog import Report, inspect


def poll_mailboxes(now: datetime | None = None) -> dict:
    return poller.poll_all(now=now)


def process_inbound(now: datetime | None = None, limit: int = 1000) -> int:
    return process_due(now=now or timezone.now(), limit=limit)


def watchdog(now: datetime | None = None) -> Report:
    return inspect(now=now)
