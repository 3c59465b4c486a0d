from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "loket.reports"
    verbose_name = _("Laporan")

    def ready(self) -> None:
        from loket.offices import pages

        # The staff office page links the report for its readers.
        pages.register(pages.STAFF_OFFICE, "reports/office/staff_tools.html", order=50)
