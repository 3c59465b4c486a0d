from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "loket.workdays"
    verbose_name = _("Hari dan jam kerja")
