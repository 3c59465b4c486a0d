from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "loket.standards"
    verbose_name = _("Standar pelayanan")

    def ready(self):
        from loket.conditional import bump_on_change

        # The public standard pages are kept under this stamp (public_views.service_detail).
        for model in ("standards.Service", "standards.Standard", "standards.Pledge"):
            bump_on_change(model, "standards")
