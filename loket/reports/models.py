"""The reports' own summary tables: per office and office-local day, the complaint figures
the public statistics page publishes, kept by the periodic job `refresh_report_figures`
(`services.refresh_office`), so the public page reads a year in one small query however many
complaints an office holds; and the export jobs (`ExportJob`) with their files. Nothing else
is written by this app."""

from __future__ import annotations

from django.conf import settings
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


def export_path(job: ExportJob, filename: str) -> str:
    """Where a job's file is stored: the private default storage (never served from a public
    path), one folder per job under `reports/exports/`."""
    return f"reports/exports/{job.public_id}/{filename}"


class ExportJob(models.Model):
    """A report export prepared in the background (issue 16): who asked, for which scope
    (an office's report, the province comparison, one supervised office's report), the
    kind of file, the report's parameters, its progress and the file once built. The file
    and the row are deleted after `expires_at` by `purge_report_exports`."""

    class Scope(models.TextChoices):
        OFFICE = "office", "office report"
        PROVINCE = "province", "province comparison"
        PROVINCE_OFFICE = "province_office", "supervised office report"

    class Kind(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    # The job's address in URLs (never the sequential id).
    public_id = models.UUIDField(unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scope = models.CharField(max_length=20, choices=Scope.choices)
    # The office of an office report; None for the province comparison (its offices are
    # the ids in `params["offices"]`).
    office = models.ForeignKey(
        "offices.Office", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=4, choices=Kind.choices)
    # The report page's query (its GET parameters), the office-local day it was asked on
    # (`today`, so presets mean what they meant then) and, for the province comparison, the
    # supervised offices' ids.
    params = models.JSONField(default=dict)
    language = models.CharField(max_length=10, default="id")
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, db_default=State.QUEUED
    )
    done = models.PositiveIntegerField(default=0, db_default=0)
    total = models.PositiveIntegerField(default=0, db_default=0)
    file = models.FileField(upload_to=export_path, max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    # Why it failed, for the log (the page shows a fixed message).
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="report_export_expiry")]

    def __str__(self) -> str:
        return f"{self.scope} {self.kind} {self.public_id} {self.state}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        """Progress in whole per cent (0-100)."""
        if self.state == self.State.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0
