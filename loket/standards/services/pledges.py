"""The office's maklumat pelayanan (UU 25/2009 Pasal 22): a draft, then published versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import Visibility, actor_or_none
from loket.locking import locked
from loket.offices.services import lock_office

from ..errors import StandardError
from ..models import Pledge, StandardEvent
from .drafts import log


@transaction.atomic
def save_pledge_draft(
    office: Any, *, actor: Any, text: str, signatory: str = "", now: datetime | None = None
) -> Pledge:
    """Create or change the office's draft maklumat pelayanan."""
    now = now or timezone.now()
    if not text.strip():
        raise StandardError(
            _("Isi maklumat tidak boleh kosong."), code="pledge_empty", field="text"
        )
    lock_office(office)
    pledge = office.pledges.filter(status=Pledge.Status.DRAFT).first()
    if pledge is None:
        top = office.pledges.aggregate(top=Max("version"))["top"] or 0
        pledge = Pledge(office=office, version=top + 1)
    pledge.text = text.strip()
    pledge.signatory = signatory.strip()
    pledge.save()
    log(
        office=office, pledge=pledge, action=StandardEvent.Action.PLEDGE_SAVED, actor=actor, now=now
    )
    return pledge


@transaction.atomic
def publish_pledge(pledge: Pledge, *, actor: Any, now: datetime | None = None) -> Pledge:
    now = now or timezone.now()
    pledge = locked(pledge, related=("office",))
    if pledge.status != Pledge.Status.DRAFT:
        raise StandardError(_("Maklumat ini sudah terbit."), code="pledge_published")
    pledge.status = Pledge.Status.PUBLISHED
    pledge.published_at = now
    pledge.published_by = actor_or_none(actor)
    pledge.save()
    log(
        office=pledge.office,
        pledge=pledge,
        action=StandardEvent.Action.PLEDGE_PUBLISHED,
        actor=actor,
        now=now,
        visibility=Visibility.PUBLIC,
    )
    return pledge
