from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "loket.workdays"
    verbose_name = _("Hari dan jam kerja")

    def ready(self) -> None:
        from loket.conditional import bump_on_change
        from loket.offices import pages

        # The office page's hours card is kept under this stamp (offices.pages).
        for model in ("WeeklyHours", "ScheduleOverride", "CalendarOverride"):
            bump_on_change(f"workdays.{model}", "workdays")

        # The office pages show the hours and, to those who may edit them, the calendar pages.
        pages.register(pages.PUBLIC_CARDS, "workdays/office/public_hours.html", order=20)
        pages.register(pages.STAFF_OFFICE, "workdays/office/staff_tools.html", order=20)
        pages.register(pages.STAFF_HOME, "workdays/office/staff_home.html", order=20)
