"""Retention per record type and office (UU 27/2022 PDP: personal data is kept only as long
as its purpose and the office's retention schedule allow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import record_event
from loket.visits import services as visits

from ..models import PrivacyEvent, RecordType, RetentionPolicy
from .errors import PrivacyError

if TYPE_CHECKING:
    from loket.offices.models import Office

# Defaults until the office admin sets its own: visits keep the 365 days promised on the
# booking page; complaints 5 years after closure, a default for the office to confirm against
# its JRA; outbox messages and task results only as long as delivery needs; raw inbound
# messages (e-mail, WhatsApp) as long as processing and a dispute about it may need, since the
# complaint they became keeps what the handling needs.
DEFAULT_DAYS = {
    RecordType.VISITS: 365,
    RecordType.COMPLAINTS: 5 * 365,
    RecordType.OUTBOX: 90,
    RecordType.INBOUND: 90,
    RecordType.TASK_RESULTS: 30,
}
TO_CONFIRM = {RecordType.COMPLAINTS}
# Rows that belong to no office (a message, a task): one retention for the whole deployment.
DEPLOYMENT_WIDE = {RecordType.OUTBOX, RecordType.INBOUND, RecordType.TASK_RESULTS}
MAX_DAYS = 30 * 365


@dataclass(frozen=True)
class Retention:
    record_type: str
    label: str
    days: int
    jra_reference: str
    is_default: bool

    @property
    def to_confirm(self) -> bool:
        """A default the office has not confirmed against its own JRA yet."""
        return self.is_default and self.record_type in TO_CONFIRM

    @property
    def deployment_wide(self) -> bool:
        return self.record_type in DEPLOYMENT_WIDE


def retention_for(office: Office) -> list[Retention]:
    """The office's retention of every record type, defaults where it set none. The visits'
    days are the guest book's own setting (the booking page states them), so the promise
    and the purge can never disagree."""
    saved = {p.record_type: p for p in RetentionPolicy.objects.filter(office=office)}
    visit_days = visits.settings_for(office).retention_days
    rows = []
    for record_type in RecordType:
        policy = saved.get(record_type.value)
        days = policy.days if policy else DEFAULT_DAYS[record_type]
        if record_type == RecordType.VISITS:
            days = visit_days
        rows.append(
            Retention(
                record_type=record_type.value,
                label=str(record_type.label),
                days=days,
                jra_reference=policy.jra_reference if policy else "",
                is_default=policy is None,
            )
        )
    return rows


def days_for(office: Office, record_type: str) -> int:
    return next(r.days for r in retention_for(office) if r.record_type == record_type)


@transaction.atomic
def set_retention(
    office: Office,
    *,
    record_type: str,
    days: int,
    jra_reference: str,
    actor: Any,
    now: datetime | None = None,
) -> RetentionPolicy:
    """Set how long `record_type` keeps its personal parts in `office`, citing the JRA."""
    now = now or timezone.now()
    if record_type not in RecordType.values:
        raise PrivacyError(_("Jenis data tidak dikenal."), code="unknown_record_type")
    if record_type in DEPLOYMENT_WIDE:
        raise PrivacyError(
            _("Masa simpan ini berlaku untuk seluruh instalasi, bukan per instansi."),
            code="deployment_wide",
        )
    if not 1 <= days <= MAX_DAYS:
        raise PrivacyError(_("Masa simpan antara 1 hari dan 30 tahun."), code="days_out_of_range")
    if not jra_reference.strip():
        raise PrivacyError(_("Sebutkan rujukan JRA yang diikuti."), code="jra_required")
    policy, _created = RetentionPolicy.objects.update_or_create(
        office=office,
        record_type=record_type,
        defaults={
            "days": days,
            "jra_reference": jra_reference.strip(),
            "updated_at": now,
            "updated_by": actor,
        },
    )
    if record_type == RecordType.VISITS:
        current = visits.settings_for(office)
        visits.save_settings(
            office,
            actor=actor,
            retention_days=days,
            store_id_number=current.store_id_number,
            now=now,
        )
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.RETENTION_SET,
        actor=actor,
        now=now,
        office=office,
        data={"record_type": record_type, "days": days, "jra_reference": policy.jra_reference},
    )
    return policy
