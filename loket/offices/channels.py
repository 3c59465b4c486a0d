"""The kinds of complaint channel an office publishes (seed: Pengaduan Layanan, items 1-7).
Other apps import `ChannelKind` from here (never from `offices.models`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PHONE_KINDS", "ChannelKind"]


class ChannelKind(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Tatap muka")
    BOX = "box", _("Kotak pengaduan")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PHONE = "phone", _("Telepon")
    FAX = "fax", _("Faksimile")
    EMAIL = "email", _("E-mail")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    WEB = "web", _("Formulir web")


# The kinds whose value is a phone number (stored in E.164, loket/validators.py).
PHONE_KINDS = (ChannelKind.PHONE, ChannelKind.FAX, ChannelKind.WHATSAPP)
