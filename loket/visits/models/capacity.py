"""How many bookings one time slot takes, per division, as the office admin sets it.

The office's slots are `VisitSettings.slot_minutes` long from midnight (09:00, 09:30, ...).
A row with no `starts_at` is the capacity of every slot of its division; a row with a time
overrides that slot only. `division` null is for bookings that name no division. No row at
all: the slot takes any number of bookings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SlotCapacity(models.Model):
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    division = models.ForeignKey(
        "offices.Division",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bagian"),
    )
    starts_at = models.TimeField(_("slot mulai"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("kapasitas"))

    class Meta:
        ordering = ["division_id", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "division", "starts_at"],
                nulls_distinct=False,
                name="slot_capacity_unique",
            ),
        ]
        verbose_name = _("kapasitas slot")
        verbose_name_plural = _("kapasitas slot")

    def __str__(self) -> str:
        return f"{self.division_id} {self.starts_at} {self.capacity}"
