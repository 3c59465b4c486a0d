"""Office calendars: weekly hours, dated schedule overrides (Ramadan hours), days declared
closed or working on top of the national calendar, and the record of every change.

A row with `office = NULL` applies nationwide (entered by a system administrator); an
office's own row for the same day wins over the nationwide one.
"""

import uuid
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.events import EventBase

from .calendar import Interval, normalize_hours

HoursJSON = dict[str, list[list[str]]]


def hours_to_json(hours: dict[int, tuple[Interval, ...]]) -> HoursJSON:
    """{weekday: intervals} -> {"0": [["07:30", "12:00"], ...]} (weekdays with hours only
    for weekly hours; every given weekday for a schedule override)."""
    return {
        str(weekday): [[start.strftime("%H:%M"), end.strftime("%H:%M")] for start, end in spans]
        for weekday, spans in sorted(hours.items())
    }


def hours_from_json(data: HoursJSON) -> dict[int, tuple[Interval, ...]]:
    try:
        parsed = {
            int(weekday): tuple(
                (time.fromisoformat(start), time.fromisoformat(end)) for start, end in spans
            )
            for weekday, spans in data.items()
        }
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValidationError(_("Format jam layanan tidak dikenal.")) from exc
    try:
        normalized = normalize_hours(parsed)
    except ValueError as exc:
        raise ValidationError(_("Jam layanan tidak sah: %(error)s"), params={"error": exc}) from exc
    return {weekday: normalized[weekday] for weekday in parsed}


def validate_hours_json(value: HoursJSON) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Format jam layanan tidak dikenal."))
    hours_from_json(value)


class WeeklyHours(models.Model):
    """An office's regular hours. An office without this row keeps the Perpres 21/2023
    default; weekdays missing from `hours` are closed."""

    office = models.OneToOneField(
        "offices.Office", on_delete=models.CASCADE, related_name="weekly_hours"
    )
    hours = models.JSONField(_("jam layanan"), validators=[validate_hours_json])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jam layanan mingguan")
        verbose_name_plural = _("jam layanan mingguan")

    def __str__(self) -> str:
        return str(self.office)

    def as_hours(self) -> dict[int, tuple[Interval, ...]]:
        return hours_from_json(self.hours)


class ScheduleOverride(models.Model):
    """Different hours for a date range (e.g. Ramadan). Weekdays not in `hours` keep their
    regular hours; an empty list closes that weekday for the range."""

    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedule_overrides",
        help_text=_("Kosong berarti berlaku untuk semua instansi."),
    )
    first_day = models.DateField(_("mulai"))
    last_day = models.DateField(_("sampai"))
    hours = models.JSONField(_("jam layanan"), validators=[validate_hours_json])
    reason = models.CharField(_("alasan"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")),
                name="schedule_override_ordered_range",
            ),
        ]
        indexes = [models.Index(fields=["office", "first_day"])]
        verbose_name = _("jam layanan khusus")
        verbose_name_plural = _("jam layanan khusus")

    def __str__(self) -> str:
        return f"{self.first_day} – {self.last_day}: {self.reason}"

    def as_hours(self) -> dict[int, tuple[Interval, ...]]:
        return hours_from_json(self.hours)


class CalendarOverride(models.Model):
    """A date closed (an extra closing day, a cuti bersama announced mid-year) or declared
    working (a holiday the office works through), for one office or nationwide."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("Libur")
        WORKING = "working", _("Hari kerja")

    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_overrides",
        help_text=_("Kosong berarti berlaku untuk semua instansi."),
    )
    day = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("alasan"), max_length=200)
    joint_leave = models.BooleanField(
        _("cuti bersama"),
        default=False,
        help_text=_("Tandai bila hari libur ini adalah cuti bersama yang ditetapkan SKB."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "day"],
                condition=models.Q(office__isnull=False),
                name="calendar_override_one_per_office_day",
            ),
            models.UniqueConstraint(
                fields=["day"],
                condition=models.Q(office__isnull=True),
                name="calendar_override_one_per_national_day",
            ),
            models.CheckConstraint(
                condition=models.Q(joint_leave=False) | models.Q(kind="closed"),
                name="calendar_override_joint_leave_is_closed",
            ),
        ]
        verbose_name = _("perubahan hari kerja")
        verbose_name_plural = _("perubahan hari kerja")

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}: {self.reason}"


class CalendarEvent(EventBase):
    """One change to a calendar: who, when, what (`note`: the change in words, with the
    reason given). Kept after the override is removed. Staff visibility: the calendar's
    history is shown on its staff pages only."""

    class Action(models.TextChoices):
        DAY_ADDED = "day_added", _("Hari ditambahkan")
        DAY_REMOVED = "day_removed", _("Hari dihapus")
        HOURS_CHANGED = "hours_changed", _("Jam layanan diubah")
        SCHEDULE_ADDED = "schedule_added", _("Jam layanan khusus ditambahkan")
        SCHEDULE_REMOVED = "schedule_removed", _("Jam layanan khusus dihapus")

    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_events",
    )
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)
    day = models.DateField(_("tanggal"), null=True, blank=True)
    # Identifies the calendar state this change produced: cached calendars compare it, and
    # unlike the id it is never reused (SQLite may reuse the id of a rolled-back row).
    token = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["office", "-at"])]
        verbose_name = _("riwayat kalender")
        verbose_name_plural = _("riwayat kalender")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
