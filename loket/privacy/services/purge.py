"""The purge of personal data past its retention (UU 27/2022 PDP: deletion when the retention
period ends). Idempotent: what is erased is marked by its own app and never selected again.
Batched: each batch of at most `BATCH` rows is its own short transaction, so no table is
locked for long while web workers write. Records what it did as one `PrivacyEvent` per
office (counts per record type, never the data)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from loket.complaints import selectors as complaint_reads
from loket.complaints import services as complaints
from loket.events import record_event
from loket.intake import selectors as intake_reads
from loket.intake import services as intake
from loket.notify import services as notify
from loket.offices import services as offices
from loket.stored_files import stored_files_under
from loket.visits import selectors as visit_reads
from loket.visits import services as visits

from ..models import PrivacyEvent, RecordType
from .retention import DEFAULT_DAYS, days_for

BATCH = 500
# A stored file no row names is an orphan (left by a rolled-back submit, an abandoned draft or
# import) once it is older than this: longer than a session (8 hours) and than any request
# that may still be writing the row that will name it.
ORPHAN_GRACE = timedelta(days=1)
# The apps whose upload folders the sweep walks, each asked which files its rows name.
_UPLOAD_OWNERS = (visit_reads, complaint_reads, intake_reads)


def orphaned_uploads(*, now: datetime, batch: int = BATCH) -> list[tuple[Any, list[str]]]:
    """The files in Loket's own upload folders (each app's `selectors.UPLOAD_AREAS`, never
    another folder of the storage) modified more than `ORPHAN_GRACE` before `now` that no
    row names (each app's `selectors.referenced_uploads`, asked in batches of `batch`), as
    (the owning app's selectors, their storage names). Reads only."""
    cutoff = now - ORPHAN_GRACE
    found = []
    for owner in _UPLOAD_OWNERS:
        orphans: list[str] = []
        for area in owner.UPLOAD_AREAS:
            paths = list(stored_files_under(area, modified_before=cutoff))
            for start in range(0, len(paths), batch):
                chunk = paths[start : start + batch]
                named = owner.referenced_uploads(chunk)
                orphans.extend(path for path in chunk if path not in named)
        found.append((owner, orphans))
    return found


def _delete_orphans(found: list[tuple[Any, list[str]]], *, batch: int) -> int:
    """Delete the orphans, asking the owner again right before each batch (a file a row
    came to name since the listing is kept). Returns how many files went."""
    deleted = 0
    for owner, orphans in found:
        for start in range(0, len(orphans), batch):
            chunk = orphans[start : start + batch]
            named = owner.referenced_uploads(chunk)
            for path in chunk:
                if path not in named and default_storage.exists(path):
                    default_storage.delete(path)
                    deleted += 1
    return deleted


def _drain(select, erase, *, dry_run: bool, now: datetime, batch: int) -> Counter[str]:
    """Call `erase` on the batches `select(limit, after_id)` returns (ids in ascending order:
    each batch starts above the last id of the one before, so the walk never rescans what it
    erased) until none is left; when `dry_run`, only count what `select` finds. A batch that
    erases nothing stops the loop (never spins)."""
    if dry_run:
        return Counter(found=len(select(None, 0)))
    counts: Counter[str] = Counter()
    after = 0
    while ids := select(batch, after):
        done = erase(ids, now=now)
        if not any(done.values()):
            break
        counts.update(done)
        after = max(ids)
    return counts


def purge_office(
    office: offices.Office, *, now: datetime, dry_run: bool, batch: int = BATCH
) -> dict[str, int]:
    """Erase the personal parts of the office's visits and complaints past their retention,
    and the optional data of finished ones held without a recorded consent."""
    visit_cutoff = now - timedelta(days=days_for(office, RecordType.VISITS))
    complaint_cutoff = now - timedelta(days=days_for(office, RecordType.COMPLAINTS))
    found_visits = _drain(
        lambda n, after: visits.retention.expired_visit_ids(
            office, collected_before=visit_cutoff, limit=n, after_id=after
        ),
        visits.retention.erase_personal_data,
        dry_run=dry_run,
        now=now,
        batch=batch,
    )
    found_complaints = _drain(
        lambda n, after: complaints.retention.expired_complaint_ids(
            office, closed_before=complaint_cutoff, limit=n, after_id=after
        ),
        complaints.retention.erase_personal_data,
        dry_run=dry_run,
        now=now,
        batch=batch,
    )
    # Optional data held without a recorded consent (`loket.consent`), once its service is
    # over: it had no basis, so it goes before the record's own retention ends.
    optional_visits = _drain(
        lambda n, after: visits.retention.unconsented_optional_ids(office, limit=n, after_id=after),
        visits.retention.erase_unconsented_optional,
        dry_run=dry_run,
        now=now,
        batch=batch,
    )
    optional_complaints = _drain(
        lambda n, after: complaints.retention.unconsented_optional_ids(
            office, limit=n, after_id=after
        ),
        complaints.retention.erase_unconsented_optional,
        dry_run=dry_run,
        now=now,
        batch=batch,
    )
    if dry_run:
        return {
            "visits": found_visits["found"],
            "complaints": found_complaints["found"],
            "visit_optional_without_consent": optional_visits["found"],
            "complaint_optional_without_consent": optional_complaints["found"],
        }
    counts = {**found_visits, **found_complaints, **optional_visits, **optional_complaints}
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
    deployment's default retention. Expired draft uploads of the complaint form go too, and
    the orphaned uploads (`orphaned_uploads`)."""
    counts: Counter[str] = Counter()
    outbox_cutoff = now - timedelta(days=DEFAULT_DAYS[RecordType.OUTBOX])
    task_cutoff = now - timedelta(days=DEFAULT_DAYS[RecordType.TASK_RESULTS])
    inbound_cutoff = now - timedelta(days=DEFAULT_DAYS[RecordType.INBOUND])
    finished = DBTaskResult.objects.filter(finished_at__lt=task_cutoff)
    drafts = complaints.expired_draft_files(now)
    orphans = orphaned_uploads(now=now, batch=batch)
    if dry_run:
        return {
            "outbox_messages": notify.count_finished_messages(created_before=outbox_cutoff),
            "task_results": finished.count(),
            "inbound_messages": len(
                intake.retention.expired_message_ids(received_before=inbound_cutoff, limit=None)
            ),
            "draft_files": len(drafts),
            "orphaned_files": sum(len(paths) for _owner, paths in orphans),
        }
    while erased := notify.erase_finished_messages(created_before=outbox_cutoff, limit=batch):
        counts["outbox_messages"] += erased
    counts.update(
        _drain(
            lambda n, after: intake.retention.expired_message_ids(
                received_before=inbound_cutoff, limit=n, after_id=after
            ),
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
    if deleted := _delete_orphans(orphans, batch=batch):
        counts["orphaned_files"] += deleted
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
