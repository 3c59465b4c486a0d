"""The purge of personal data past its retention (UU 27/2022 PDP: deletion when the retention
period ends). Idempotent: what is erased is marked by its own app and never selected again.
Batched: each batch of at most `BATCH` rows is its own short transaction, so no table is
locked for long while web workers write. Records what it did as one `PrivacyEvent` per
office (counts per record type, never the data)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from loket.complaints import services as complaints
from loket.events import record_event
from loket.intake import services as intake
from loket.notify import services as notify
from loket.offices import services as offices
from loket.visits import services as visits

from ..models import PrivacyEvent, RecordType
from .retention import DEFAULT_DAYS, days_for

BATCH = 500


def _drain(select, erase, *, dry_run: bool, now: datetime, batch: int) -> Counter[str]:
    """Call `erase` on the batches `select` returns until none is left; when `dry_run`, only
    count what `select` finds. A batch that erases nothing stops the loop (never spins)."""
    if dry_run:
        return Counter(found=len(select(None)))
    counts: Counter[str] = Counter()
    while ids := select(batch):
        done = erase(ids, now=now)
        if not any(done.values()):
            break
        counts.update(done)
    return counts


def purge_office(
    office: offices.Office, *, now: datetime, dry_run: bool, batch: int = BATCH
) -> dict[str, int]:
    """Erase the personal parts of the office's visits and complaints past their retention."""
    visit_cutoff = now - timedelta(days=days_for(office, RecordType.VISITS))
    complaint_cutoff = now - timedelta(days=days_for(office, RecordType.COMPLAINTS))
    found_visits = _drain(
        lambda n: visits.retention.expired_visit_ids(
            office, collected_before=visit_cutoff, limit=n
        ),
        visits.retention.erase_personal_data,
        dry_run=dry_run,
        now=now,
        batch=batch,
    )
    found_complaints = _drain(
        lambda n: complaints.retention.expired_complaint_ids(
            office, closed_before=complaint_cutoff, limit=n
        ),
        complaints.retention.erase_personal_data,
        dry_run=dry_run,
        now=now,
        batch=batch,
    )
    if dry_run:
        return {
            "visits": found_visits["found"],
            "complaints": found_complaints["found"],
        }
    counts = {**found_visits, **found_complaints}
    if any(counts.values()):
        record_event(
            PrivacyEvent,
            action=PrivacyEvent.Action.PURGED,
            now=now,
            office=office,
            data={key: value for key, value in counts.items() if value},
        )
    return counts


def purge_deployment(*, now: datetime, dry_run: bool, batch: int = BATCH) -> dict[str, int]:
    """Records without an office (outbox messages, raw inbound messages, task results): the
    deployment's default retention. Expired draft uploads of the complaint form go too."""
    counts: Counter[str] = Counter()
    outbox_cutoff = now - timedelta(days=DEFAULT_DAYS[RecordType.OUTBOX])
    task_cutoff = now - timedelta(days=DEFAULT_DAYS[RecordType.TASK_RESULTS])
    inbound_cutoff = now - timedelta(days=DEFAULT_DAYS[RecordType.INBOUND])
    finished = DBTaskResult.objects.filter(finished_at__lt=task_cutoff)
    drafts = complaints.expired_draft_files(now)
    if dry_run:
        return {
            "outbox_messages": notify.count_finished_messages(created_before=outbox_cutoff),
            "task_results": finished.count(),
            "inbound_messages": len(
                intake.retention.expired_message_ids(received_before=inbound_cutoff, limit=None)
            ),
            "draft_files": len(drafts),
        }
    while erased := notify.erase_finished_messages(created_before=outbox_cutoff, limit=batch):
        counts["outbox_messages"] += erased
    counts.update(
        _drain(
            lambda n: intake.retention.expired_message_ids(received_before=inbound_cutoff, limit=n),
            intake.retention.erase_personal_data,
            dry_run=False,
            now=now,
            batch=batch,
        )
    )
    while ids := list(finished.values_list("id", flat=True)[:batch]):
        with transaction.atomic():
            counts["task_results"] += DBTaskResult.objects.filter(id__in=ids).delete()[0]
    for path in drafts:
        complaints.delete_draft_file(path)
        counts["draft_files"] += 1
    if any(counts.values()):
        record_event(PrivacyEvent, action=PrivacyEvent.Action.PURGED, now=now, data=dict(counts))
    return dict(counts)


def purge(
    *,
    offices_to_purge: Iterable[offices.Office],
    now: datetime | None = None,
    dry_run: bool = True,
    batch: int = BATCH,
) -> dict[str, int]:
    """Purge every office in `offices_to_purge`, then the deployment-wide records. Returns the
    totals per record type (what would be erased when `dry_run`)."""
    now = now or timezone.now()
    totals: Counter[str] = Counter()
    for office in offices_to_purge:
        totals.update(purge_office(office, now=now, dry_run=dry_run, batch=batch))
    totals.update(purge_deployment(now=now, dry_run=dry_run, batch=batch))
    return dict(totals)
