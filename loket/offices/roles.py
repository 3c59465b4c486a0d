"""Staff roles. Other apps import `Role` from here (never from `offices.models`) and keep
their own role lists in their own `roles.py`; `offices.permissions` decides access."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PROFILE_EDITORS", "STAFF_ROLES", "Role"]


class Role(models.TextChoices):
    RECEPTIONIST = "receptionist", _("Petugas informasi")
    CONSULTANT = "consultant", _("Konsultan bagian")
    COMPLAINT_OFFICER = "complaint_officer", _("Pejabat Pengelola Pengaduan")
    COMPLAINT_HANDLER = "complaint_handler", _("Tim Pengelola Pengaduan")
    HEAD = "head", _("Kepala")
    OFFICE_ADMIN = "office_admin", _("Admin instansi")
    # Read-only, aggregates only (issue 16): a supervisor of a group of offices (the Biro
    # Organisasi, an inspectorate) holds this role in each office it supervises. It opens
    # the province comparison (`reports`) and nothing of the office's staff pages:
    # `permissions` leaves it out of every staff rule.
    SUPERVISOR = "supervisor", _("Pengawas (angka agregat saja)")


# The roles that work in the office and open its staff pages: every role but the supervisor's.
STAFF_ROLES = tuple(role for role in Role.values if role != Role.SUPERVISOR)

# Who edits the office's profile and its published complaint channels (issue 14); a system
# administrator always may.
PROFILE_EDITORS = (Role.OFFICE_ADMIN,)
