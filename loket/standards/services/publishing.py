"""Publishing a draft: it is frozen and comes into force on its effective date.

Confirmations a person gives before publishing (each refused with its own code otherwise):
the importer's warnings; a standard without complaint deadline classes (complaints of the
service would fall back to the office's classes, or have none); an effective date before
today in the office's zone (back-dating changes which version was in force for days that
have passed). Publishing a correcting version withdraws the version it corrects, in the same
transaction; both stay in the history.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import Visibility, actor_or_none
from loket.locking import locked

from ..errors import StandardError
from ..models import Standard, StandardEvent
from .drafts import log


@transaction.atomic
def publish(
    standard: Standard,
    *,
    actor: Any,
    decree_number: str,
    effective_date: date | None,
    warnings_confirmed: bool = False,
    no_classes_confirmed: bool = False,
    backdate_confirmed: bool = False,
    now: datetime | None = None,
) -> Standard:
    """Freeze a draft as a published version, in force from `effective_date` (from now when
    None). The decree number may still be blank (the seed was published without one; the
    public page then says "belum ditetapkan")."""
    now = now or timezone.now()
    standard = locked(standard, related=("service__office",))
    office = standard.service.office
    if not standard.is_draft:
        raise StandardError(_("Versi ini sudah terbit."), code="already_published")
    if not standard.service.name.strip():
        raise StandardError(_("Nama layanan tidak boleh kosong."), code="service_name_empty")
    if standard.import_warnings and not warnings_confirmed:
        raise StandardError(
            _("Periksa dan konfirmasi catatan impor sebelum menerbitkan."),
            code="import_warnings_unconfirmed",
            field="warnings_confirmed",
        )
    if not standard.complaint_classes and not no_classes_confirmed:
        raise StandardError(
            _(
                "Standar ini tidak memuat jangka waktu penyelesaian pengaduan. Isi dulu, atau "
                "konfirmasi bahwa layanan ini memang tanpa klasifikasi pengaduan."
            ),
            code="no_complaint_classes",
            field="no_classes_confirmed",
        )
    today = timezone.localdate(now, office.tz)
    if effective_date is not None and effective_date < today and not backdate_confirmed:
        raise StandardError(
            _(
                "Tanggal berlaku %(date)s sudah lewat. Konfirmasi bahwa versi ini memang "
                "berlaku surut."
            ),
            code="backdated",
            field="backdate_confirmed",
            params={"date": effective_date.isoformat()},
        )
    standard.status = Standard.Status.PUBLISHED
    standard.decree_number = decree_number.strip()
    standard.effective_date = effective_date
    standard.published_at = now
    standard.published_by = actor_or_none(actor)
    standard.save()
    if standard.corrects_id:
        _withdraw(standard, actor=actor, now=now)
    log(
        office=office,
        service=standard.service,
        standard=standard,
        action=StandardEvent.Action.PUBLISHED,
        actor=actor,
        now=now,
        note=standard.decree_number,
        visibility=Visibility.PUBLIC,
        from_status=Standard.Status.DRAFT,
        to_status=Standard.Status.PUBLISHED,
    )
    return standard


def _withdraw(correction: Standard, *, actor: Any, now: datetime) -> None:
    if correction.corrects is None:
        raise StandardError(_("Koreksi ini tidak menunjuk versi yang dikoreksi."), code="no_target")
    wrong = locked(correction.corrects, related=("service__office",))
    if wrong.status != Standard.Status.PUBLISHED:
        raise StandardError(
            _("Versi yang dikoreksi sudah ditarik oleh koreksi lain."),
            code="already_withdrawn",
        )
    wrong.status = Standard.Status.WITHDRAWN
    wrong.withdrawn_at = now
    wrong.save(update_fields=["status", "withdrawn_at", "updated_at"])
    log(
        office=wrong.service.office,
        service=wrong.service,
        standard=wrong,
        action=StandardEvent.Action.WITHDRAWN,
        actor=actor,
        now=now,
        note=correction.correction_reason,
        visibility=Visibility.PUBLIC,
        from_status=Standard.Status.PUBLISHED,
        to_status=Standard.Status.WITHDRAWN,
    )
