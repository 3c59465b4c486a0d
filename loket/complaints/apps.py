from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "loket.complaints"
    verbose_name = _("Pengaduan")

    def ready(self) -> None:
        from loket.workdays.hooks import register_calendar_listener

        from .jobs import recompute_open_deadlines

        register_calendar_listener(recompute_open_deadlines)
