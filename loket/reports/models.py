"""The reports' own summary tables: per office and office-local day, the complaint figures
the public statistics page publishes, kept by the periodic job `refresh_report_figures`
(`services.refresh_office`), so the public page reads a year in one small query however many
complaints an office holds. Nothing else is written by this app."""

from django.db import models


class DailyComplaintFigures(models.Model):
    """One office-local day: complaints received that day, answered that day (with a deadline,
    on time; their handling times) and the ratings given that day (count and sum of
    scores). Days without any are not stored."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    received = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    answered_with_deadline = models.PositiveIntegerField(default=0)
    answered_on_time = models.PositiveIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)
    # The handling time (answered_at - received_at) of each complaint answered that day, in
    # microseconds, ascending: the province view's median without reading the complaints.
    handling_us = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "day"], name="report_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.day}"


class FiguresRefresh(models.Model):
    """When an office's summary rows were last rebuilt, and from which day they are kept."""

    office = models.OneToOneField("offices.Office", on_delete=models.CASCADE, related_name="+")
    first_day = models.DateField()
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.office_id} from {self.first_day} at {self.refreshed_at}"
