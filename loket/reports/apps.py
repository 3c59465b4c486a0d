from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "loket.reports"
    verbose_name = _("Laporan")

    def ready(self) -> None:
        from loket.offices import pages

        # The staff office page links the dashboard and, for its readers, the report; the
        # staff home of a user with several offices offers each office's dashboard; the
        # public office page links the office's statistics.
        pages.register(pages.STAFF_HOME, "reports/office/dashboard_chooser.html", order=10)
        # A supervisor's way in: the comparison of the offices it supervises (issue 16).
        pages.register(pages.STAFF_HOME, "reports/office/province_link.html", order=5)
        pages.register(pages.STAFF_OFFICE, "reports/office/staff_tools.html", order=50)
        pages.register(pages.PUBLIC_CHANNELS, "reports/office/public_link.html", order=90)
        # The public office page links the office's compliance report card.
        pages.register(pages.PUBLIC_CHANNELS, "reports/office/compliance_link.html", order=91)
