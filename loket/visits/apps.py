from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "loket.visits"
    verbose_name = _("Buku tamu dan konsultasi")
