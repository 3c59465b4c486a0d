"""The information desk (seed step c): the requirement check, the identity check, the
information given, and routing the visitor to a division, which stops the administration
clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import actor_or_none
from loket.standards import selectors as standards
from loket.workdays.services import calendar_for

from ..models import Consultation, Visit, VisitEvent
from .privacy import settings_for
from .rules import (
    ConsultationRefused,
    OtherOffice,
    lock_visit,
    move,
    refuse_inactive,
    write_event,
)

if TYPE_CHECKING:
    from loket.offices.models import Division
    from loket.standards.models import Service

S = Visit.Status
A = VisitEvent.Action
ID_NUMBER_LENGTH = 40


def requirement_list(service: Service) -> list[str]:
    """The published standard's Persyaratan: the reception checklist."""
    return standards.requirements(service)


def open_consultation(
    visit: Visit, division: Division, actor: Any, now: datetime, **extra: Any
) -> Consultation:
    """The division's part of the visit, waiting in its queue. At most one is open per visit
    (a database constraint), so two people routing the same visitor at once open one."""
    try:
        with transaction.atomic():
            return Consultation.objects.create(
                visit=visit,
                division=division,
                routed_by=actor_or_none(actor),
                queued_at=now,
                **extra,
            )
    except IntegrityError as exc:  # another open consultation exists: a concurrent routing
        raise ConsultationRefused(
            _("Kunjungan ini sudah diarahkan."), code="already_routed"
        ) from exc


@transaction.atomic
def record_reception(
    visit: Visit,
    *,
    actor: Any,
    requirements: list[str],
    identity_checked: bool,
    information_given: str,
    id_number: str = "",
    now: datetime | None = None,
) -> Visit:
    """The receptionist's checklist (the standard's Persyaratan), the identity check and the
    information given (seed step c). The ID number is kept only when the office allows it
    (UU 27/2022 PDP: minimal collection)."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    if not visit.is_on_site:
        raise ConsultationRefused(
            _("Kunjungan ini tidak sedang berlangsung."), code="visit_not_in_progress"
        )
    allowed = requirement_list(visit.service)
    visit.requirements_checked = [item for item in allowed if item in requirements]
    visit.identity_checked = bool(identity_checked)
    keep_id = settings_for(visit.office).store_id_number
    visit.id_number = id_number.strip()[:ID_NUMBER_LENGTH] if keep_id else ""
    visit.information_given = information_given.strip()
    visit.save(
        update_fields=[
            "requirements_checked",
            "identity_checked",
            "id_number",
            "id_number_index",
            "information_given",
        ]
    )
    missing = missing_requirements(visit)
    write_event(
        visit,
        A.RECEPTION,
        actor,
        now=now,
        from_status=visit.status,
        to_status=visit.status,
        # The history says what was checked and what was not, never just "recorded".
        note=_reception_note(visit.requirements_checked, missing),
        data={"checked": visit.requirements_checked, "missing": missing},
    )
    return visit


def missing_requirements(visit: Visit) -> list[str]:
    """The standard's requirements the desk has not ticked for this visit."""
    return [
        item for item in requirement_list(visit.service) if item not in visit.requirements_checked
    ]


def _reception_note(checked: list[str], missing: list[str]) -> str:
    parts = []
    if checked:
        parts.append(str(_("Diperiksa: %(items)s.") % {"items": ", ".join(checked)}))
    if missing:
        parts.append(str(_("Belum diperiksa: %(items)s.") % {"items": ", ".join(missing)}))
    return " ".join(parts)


@transaction.atomic
def route(
    visit: Visit,
    division: Division,
    *,
    actor: Any,
    reason: str = "",
    now: datetime | None = None,
) -> Visit:
    """Send the visitor to a division: the administration clock stops here. Routing needs
    the standard's requirements checked at the desk (`record_reception`), or the reason why
    the visitor is routed without them (issue #11: no routing with nothing checked while the
    history says the check was recorded); the reason is kept on the routing event."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    if division.office_id != visit.office_id:
        raise OtherOffice(_("Bagian ini milik instansi lain."), field="division")
    refuse_inactive(division)
    if visit.status != S.CHECKED_IN:
        raise ConsultationRefused(
            _("Kunjungan ini sudah diarahkan atau tidak lagi menunggu."), code="not_waiting"
        )
    reason = " ".join(reason.split())
    missing = missing_requirements(visit)
    if missing and not reason:
        raise ConsultationRefused(
            _(
                "Persyaratan belum diperiksa (%(items)s). Centang persyaratan yang sudah "
                "diperiksa, atau tulis alasan mengarahkan tanpa pemeriksaan itu."
            ),
            code="requirements_not_checked",
            field="unchecked_reason",
            params={"items": ", ".join(missing)},
        )
    calendar = calendar_for(visit.office)
    # A checked-in visit always has its check-in time (arrival sets both together).
    checked_in_at = cast("datetime", visit.checked_in_at)
    elapsed = max(calendar.office_time_between(checked_in_at, now), timedelta())
    visit.admin_seconds = int(elapsed.total_seconds())
    visit.routed_at = now
    visit.division = division
    open_consultation(visit, division, actor, now)
    move(
        visit,
        S.ROUTED,
        A.ROUTED,
        actor,
        now,
        division=division,
        note=reason if missing else "",
        fields=("admin_seconds", "routed_at", "division"),
    )
    return visit
