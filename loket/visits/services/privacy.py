"""Per-office choices about visitors' personal data (UU 27/2022 PDP: purpose limitation,
minimal collection): how long visitors' data is kept and whether ID numbers are stored."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from ..models import Visit, VisitSettings

if TYPE_CHECKING:
    from loket.offices.models import Office


def settings_for(office: Office) -> VisitSettings:
    """The office's guest-book settings; defaults (365 days, no ID number) until saved."""
    found = VisitSettings.objects.filter(office=office).first()
    return found or VisitSettings(office=office)


@transaction.atomic
def save_settings(
    office: Office,
    *,
    actor: Any,
    retention_days: int,
    store_id_number: bool,
    now: datetime | None = None,
    **choices: Any,
) -> VisitSettings:
    """Save the office's choices (`choices`: the other `VisitSettings` fields, such as the
    waiting-room screen's running line). Turning ID-number storage off also forgets the
    numbers already kept (visits of this office only)."""
    now = now or timezone.now()
    allowed = {"display_message", "kiosk_location", "slot_minutes", "ticket_paper"}
    unknown = set(choices) - allowed
    if unknown:
        raise TypeError(f"not a visit setting: {sorted(unknown)}")
    found, _created = VisitSettings.objects.update_or_create(
        office=office,
        defaults={
            "retention_days": retention_days,
            "store_id_number": store_id_number,
            "updated_at": now,
            **choices,
        },
    )
    if not store_id_number:
        Visit.objects.filter(office=office).exclude(id_number="").update(
            id_number="", id_number_index=""
        )
    return found
