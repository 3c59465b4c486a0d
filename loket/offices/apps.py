from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "loket.offices"
    verbose_name = _("Instansi")

    def ready(self):
        from loket.conditional import bump_on_change

        # Public pages that show an office's own row are kept under this stamp.
        bump_on_change("offices.Office", "offices")
