from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "loket.offices"
    verbose_name = _("Instansi")

    def ready(self):
        from loket.conditional import bump_on_change

        # Public pages that show an office's rows are kept under this stamp.
        for model in ("offices.Office", "offices.Channel", "offices.Division"):
            bump_on_change(model, "offices")
