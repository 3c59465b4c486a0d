"""The breach register (UU 27/2022 PDP Pasal 46): a failure to protect personal data is
recorded when discovered; the office notifies, in writing, the data subjects and the authority
within 3x24 clock hours of discovery (not working days), stating the data disclosed, when and
how it was disclosed, and what is done to handle and recover. Every change writes a
`PrivacyEvent` of the breach (the register's read-only history)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import record_event

from ..models import ANSWER_WITHIN, Breach, BreachNotice, PrivacyEvent
from .errors import PrivacyError

if TYPE_CHECKING:
    from loket.offices.models import Office

# The fields an admin may correct after recording (never the office or the clock's start
# silently: a changed discovery time moves the deadline and is written in the history).
EDITABLE = (
    "title",
    "description",
    "how",
    "data_categories",
    "subjects_count",
    "occurred_at",
    "discovered_at",
    "measures",
)


def _check(*, title: str, data_categories: str, discovered_at: datetime, now: datetime) -> None:
    if not title.strip():
        raise PrivacyError(_("Sebutkan apa yang terjadi."), code="title_required", field="title")
    if not data_categories.strip():
        raise PrivacyError(
            _("Sebutkan data pribadi yang terdampak."),
            code="data_required",
            field="data_categories",
        )
    if discovered_at > now:
        raise PrivacyError(
            _("Waktu diketahui tidak boleh di masa depan."), code="future", field="discovered_at"
        )


@transaction.atomic
def record_breach(
    office: Office,
    *,
    title: str,
    data_categories: str,
    discovered_at: datetime,
    actor: Any,
    description: str = "",
    how: str = "",
    subjects_count: int | None = None,
    occurred_at: datetime | None = None,
    measures: str = "",
    now: datetime | None = None,
) -> Breach:
    """Record a breach discovered at `discovered_at` (aware datetime, stored UTC); its notices
    are due 72 clock hours later. Raises `PrivacyError` (title_required, data_required, future,
    occurred_after_discovery)."""
    now = now or timezone.now()
    _check(title=title, data_categories=data_categories, discovered_at=discovered_at, now=now)
    if occurred_at and occurred_at > discovered_at:
        raise PrivacyError(
            _("Waktu terjadi tidak boleh sesudah waktu diketahui."),
            code="occurred_after_discovery",
            field="occurred_at",
        )
    breach = Breach.objects.create(
        office=office,
        title=title.strip(),
        description=description,
        how=how,
        data_categories=data_categories.strip(),
        subjects_count=subjects_count,
        occurred_at=occurred_at,
        discovered_at=discovered_at,
        due_at=discovered_at + ANSWER_WITHIN,
        measures=measures,
        recorded_by=actor,
        created_at=now,
    )
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.BREACH_RECORDED,
        actor=actor,
        now=now,
        office=office,
        breach=breach,
        data={"discovered_at": discovered_at.isoformat(), "due_at": breach.due_at.isoformat()},
    )
    return breach


@transaction.atomic
def update_breach(
    breach: Breach, *, actor: Any, now: datetime | None = None, **changes: Any
) -> Breach:
    """Correct or complete what is known of an open breach (fields of `EDITABLE`); a new
    discovery time moves the deadline. The history keeps the names of the changed fields and
    the old and new deadline, never the texts."""
    now = now or timezone.now()
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if not breach.is_open:
        raise PrivacyError(_("Catatan yang sudah ditutup tidak dapat diubah."), code="closed")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    changed = [name for name, value in changes.items() if getattr(breach, name) != value]
    for name in changed:
        setattr(breach, name, changes[name])
    _check(
        title=breach.title,
        data_categories=breach.data_categories,
        discovered_at=breach.discovered_at,
        now=now,
    )
    if breach.occurred_at and breach.occurred_at > breach.discovered_at:
        raise PrivacyError(
            _("Waktu terjadi tidak boleh sesudah waktu diketahui."),
            code="occurred_after_discovery",
            field="occurred_at",
        )
    if not changed:
        return breach
    data: dict[str, Any] = {"fields": changed}
    if "discovered_at" in changed:
        data["old_due_at"] = breach.due_at.isoformat()
        breach.due_at = breach.discovered_at + ANSWER_WITHIN
        data["due_at"] = breach.due_at.isoformat()
    breach.save()
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.BREACH_UPDATED,
        actor=actor,
        now=now,
        office=breach.office,
        breach=breach,
        data=data,
    )
    return breach


@transaction.atomic
def record_notice(
    breach: Breach,
    *,
    recipient: str,
    sent_at: datetime,
    means: str,
    actor: Any,
    note: str = "",
    now: datetime | None = None,
) -> BreachNotice:
    """Record that the authority or the subjects were notified at `sent_at`, and how. A
    notice after the 72 hours is recorded too, marked late in its event. Raises
    `PrivacyError` (unknown_recipient, means_required, future, before_discovery, closed)."""
    now = now or timezone.now()
    if recipient not in BreachNotice.Recipient.values:
        raise PrivacyError(_("Penerima tidak dikenal."), code="unknown_recipient")
    if not means.strip():
        raise PrivacyError(
            _("Sebutkan cara pemberitahuan dikirim."), code="means_required", field="means"
        )
    if sent_at > now:
        raise PrivacyError(
            _("Waktu kirim tidak boleh di masa depan."), code="future", field="sent_at"
        )
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if not breach.is_open:
        raise PrivacyError(_("Catatan yang sudah ditutup tidak dapat diubah."), code="closed")
    if sent_at < breach.discovered_at:
        raise PrivacyError(
            _("Waktu kirim tidak boleh sebelum kegagalan diketahui."),
            code="before_discovery",
            field="sent_at",
        )
    notice = BreachNotice.objects.create(
        breach=breach,
        recipient=recipient,
        sent_at=sent_at,
        means=means.strip(),
        note=note,
        recorded_by=actor,
    )
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.BREACH_NOTIFIED,
        actor=actor,
        now=now,
        office=breach.office,
        breach=breach,
        data={
            "recipient": recipient,
            "sent_at": sent_at.isoformat(),
            "late": sent_at > breach.due_at,
        },
    )
    return notice


@transaction.atomic
def close_breach(breach: Breach, *, note: str, actor: Any, now: datetime | None = None) -> Breach:
    """Close the breach with the reason (handled and notified, or found not to be a breach).
    The event records which notices were still missing. Raises `PrivacyError` (closed,
    note_required)."""
    now = now or timezone.now()
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if not breach.is_open:
        raise PrivacyError(_("Catatan ini sudah ditutup."), code="closed")
    if not note.strip():
        raise PrivacyError(_("Tuliskan alasan penutupan."), code="note_required", field="note")
    missing = breach.missing_notices
    breach.status = Breach.Status.CLOSED
    breach.closed_at = now
    breach.save(update_fields=["status", "closed_at"])
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.BREACH_CLOSED,
        actor=actor,
        now=now,
        office=breach.office,
        breach=breach,
        from_status=Breach.Status.OPEN,
        to_status=Breach.Status.CLOSED,
        note=note.strip(),
        data={"missing_notices": missing},
    )
    return breach
