"""One event base for every app's history table (who, when, what, from which status to which).

Each app keeps its own table (complaint events, visit events, standard events, calendar
events) so its foreign keys stay real, but every table has the same columns and the same
`record_event` writer, and the public timeline is one queryset method (`.public()`), the
visibility rule of mySociety's Noiseworks `Action`: public (the citizen sees it), staff (every
staff member of the office), internal (the handling team and the auditors only).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Publik")
    STAFF = "staff", _("Staf")
    INTERNAL = "internal", _("Internal")


class EventQuerySet(models.QuerySet):
    def public(self) -> EventQuerySet:
        """The events the citizen may read, oldest first."""
        return self.filter(visibility=Visibility.PUBLIC).order_by("at", "id")


class EventBase(models.Model):
    """Abstract history row. Subclasses add the foreign key of what the event is about and
    their own `Action` choices (set `action = models.CharField(..., choices=Action.choices)`)."""

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("tindakan"), max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.STAFF
    )
    note = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


def actor_or_none(user: Any) -> Any:
    """The user to record as actor: None for no one, the anonymous user or a citizen."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


E = TypeVar("E", bound=EventBase)


def record_event(
    model: type[E],
    *,
    action: str,
    actor: Any = None,
    now: datetime | None = None,
    from_status: str = "",
    to_status: str = "",
    visibility: str = Visibility.STAFF,
    note: str = "",
    data: dict[str, Any] | None = None,
    **subject: Any,
) -> E:
    """Write one event row of `model` and return it.

    `subject` carries the event's own foreign keys (`complaint=...`, `visit=...`). `now` must be
    timezone-aware (defaults to `timezone.now()`); `actor` may be anonymous (recorded as None).
    Call inside the service's transaction so the event and the change commit together.
    """
    return model.objects.create(
        at=now or timezone.now(),
        actor=actor_or_none(actor),
        action=action,
        from_status=from_status,
        to_status=to_status,
        visibility=visibility,
        note=note,
        data=data or {},
        **subject,
    )
