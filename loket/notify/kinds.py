"""The kinds of staff notification (an enumeration other apps name: they import it from here,
never from `notify.models`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DIGEST_KINDS", "StaffNoticeKind"]


class StaffNoticeKind(models.TextChoices):
    """What a staff notification is about.

    - `assigned`: a complaint was assigned to the recipient (complaints `assign`);
    - `reply`: the complainant sent something new on a complaint the recipient handles
      (complaints `reply`, `append_inbound`);
    - `due_soon`: 75% of a complaint's time has run (complaints `warn_due_soon`);
    - `overdue`: a complaint is past its deadline (complaints `escalate_overdue`);
    - `approval_requested`: a drafted answer waits for the recipient's approval (for the
      answer-approval flow of issue 14: its service calls `notify.services.notify_staff`
      with this kind; nothing raises it yet).
    """

    ASSIGNED = "assigned", _("Penugasan")
    REPLY = "reply", _("Tanggapan baru dari pengadu")
    DUE_SOON = "due_soon", _("Segera jatuh tempo")
    OVERDUE = "overdue", _("Lewat tenggat")
    APPROVAL_REQUESTED = "approval_requested", _("Permintaan persetujuan")


# What the daily digest may list: work due today (`due_soon`) and overdue work.
DIGEST_KINDS = (StaffNoticeKind.DUE_SOON, StaffNoticeKind.OVERDUE)
