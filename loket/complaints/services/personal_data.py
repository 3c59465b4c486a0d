"""Personal data of complainants: every view of it is logged (UU 27/2022)."""

from __future__ import annotations

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Attachment,
    Complaint,
    PersonalDataAccess,
)
from .rules import ComplaintError


@transaction.atomic
def view_personal_data(complaint: Complaint, *, user, purpose: str = "") -> dict:
    """The complainant's identity for a staff member, logged (UU 27/2022). Anonymous
    complaints keep the identity from everyone handling them."""
    if complaint.anonymous:
        raise ComplaintError(_("Pengadu memilih anonim: identitasnya tidak ditampilkan."))
    PersonalDataAccess.objects.create(
        complaint=complaint, user=user, at=timezone.now(), purpose=purpose[:200]
    )
    return {
        "name": complaint.complainant_name,
        "phone": complaint.complainant_phone,
        "email": complaint.complainant_email,
        "nik": complaint.complainant_nik,
    }


@transaction.atomic
def open_attachment(attachment: Attachment, *, user) -> File:
    """A complaint's file opened for a staff member, logged like the identity page (UU
    27/2022): evidence can carry the complainant's identity (a KTP scan, a letter with the
    sender's address) even when the complaint is anonim, and an answer letter is addressed
    to the complainant. The log names the file; it is written only once the file opens."""
    handle = attachment.file.open("rb")
    if attachment.response_id is None:
        purpose = _("Bukti diunduh: %(name)s")
    else:
        purpose = _("Lampiran jawaban diunduh: %(name)s")
    PersonalDataAccess.objects.create(
        complaint_id=attachment.complaint_id,
        user=user,
        at=timezone.now(),
        purpose=(purpose % {"name": attachment.name})[:200],
    )
    return handle


def personal_data_log(complaint: Complaint):
    """Who viewed this complaint's personal data (identity page, files), newest first."""
    return complaint.personal_data_accesses.select_related("user").order_by("-at", "-id")
