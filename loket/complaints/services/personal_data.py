"""Personal data of complainants: every view of it is logged (UU 27/2022)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from loket.offices.permissions import has_role

from ..errors import NotAllowed
from ..models import Attachment, Complaint, OfficeComplaintSettings, PersonalDataAccess
from ..roles import IDENTITY_READERS, VIEWERS


def may_view_identity(complaint: Complaint, user: Any) -> bool:
    """Need to know (issue 12, finding 9): the complaint's assignees, the Pejabat
    Pengelola Pengaduan and the head of its office; every member of the complaint team when
    the office's `identity_for_whole_team` setting is on. Nobody outside the office."""
    office = complaint.office
    if has_role(user, office, IDENTITY_READERS):
        return True
    if not has_role(user, office, VIEWERS):
        return False
    if complaint.assignments.filter(user=user).exists():
        return True
    return OfficeComplaintSettings.objects.filter(
        office=office, identity_for_whole_team=True
    ).exists()


@transaction.atomic
def view_personal_data(
    complaint: Complaint, *, user: Any, purpose: str = "", now: datetime | None = None
) -> dict[str, str]:
    """The complainant's identity for a staff member, logged (UU 27/2022). Anonymous
    complaints keep the identity from everyone handling them. Who may open it is decided
    like every staff permission, by the page before it calls this (`may_view_identity`:
    need to know)."""
    if complaint.anonymous:
        raise NotAllowed(
            gettext_lazy("Pengadu memilih anonim: identitasnya tidak ditampilkan."),
            code="identity_withheld",
        )
    PersonalDataAccess.objects.create(
        complaint=complaint, user=user, at=now or timezone.now(), purpose=purpose[:200]
    )
    return {
        "name": complaint.complainant_name,
        "phone": complaint.complainant_phone,
        "email": complaint.complainant_email,
        "nik": complaint.complainant_nik,
    }


@transaction.atomic
def open_attachment(attachment: Attachment, *, user: Any, now: datetime | None = None) -> File:
    """A complaint's file opened for a staff member, logged like the identity page (UU
    27/2022): evidence can carry the complainant's identity (a KTP scan, a letter with the
    sender's address) even when the complaint is anonim, and an answer letter is addressed
    to the complainant. The log names the file; it is written only once the file opens."""
    handle = attachment.file.open("rb")
    if attachment.answer_id is None:
        purpose = gettext("Bukti diunduh: %(name)s")
    else:
        purpose = gettext("Lampiran jawaban diunduh: %(name)s")
    PersonalDataAccess.objects.create(
        complaint_id=attachment.complaint_id,
        user=user,
        at=now or timezone.now(),
        purpose=(purpose % {"name": attachment.name})[:200],
    )
    return handle


def personal_data_log(complaint: Complaint) -> QuerySet[PersonalDataAccess]:
    """Who viewed this complaint's personal data (identity page, files), newest first."""
    return complaint.personal_data_accesses.select_related("user").order_by("-at", "-id")
