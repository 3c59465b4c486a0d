"""Staff roles. Other apps import `Role` from here (never from `offices.models`) and keep
their own role lists in their own `roles.py`; `offices.permissions` decides access."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Role"]


class Role(models.TextChoices):
    RECEPTIONIST = "receptionist", _("Petugas informasi")
    CONSULTANT = "consultant", _("Konsultan bagian")
    COMPLAINT_OFFICER = "complaint_officer", _("Pejabat Pengelola Pengaduan")
    COMPLAINT_HANDLER = "complaint_handler", _("Tim Pengelola Pengaduan")
    HEAD = "head", _("Kepala")
    OFFICE_ADMIN = "office_admin", _("Admin instansi")
